import { CANVAS_SCOPES } from './fake-slack-canvases.js';
import { METHODS } from './fake-slack-methods.js';
import {
  fail,
  type Handler,
  type MethodContext,
  type MethodResult,
} from './fake-slack-workspace.js';

/**
 * Who a token is (auth.test), Socket Mode's connection URL, the scope check, and the dispatch of a
 * call whose token fake-slack-tenants.ts has already accepted.
 */

/**
 * auth.test for the token of the call (https://docs.slack.dev/reference/methods/auth.test): its
 * workspace, its user (the bot user for a bot token) and `bot_id`; `enterprise_id` in an Enterprise
 * Grid org; `expires_in` (seconds left) for a rotating token (@slack/web-api's AuthTestResponse).
 * For an org-wide install's token, `team_id` is the org's id: the reference shows no example of
 * one, so that detail is the fake's guess.
 */
function authTest(ctx: MethodContext): MethodResult {
  const { ws, issued } = ctx;
  const org = issued?.teamId === null ? ws.enterprise : null;
  const out: MethodResult = {
    ok: true,
    url: org
      ? `https://${org.id.toLowerCase()}.enterprise.slack.com/`
      : `https://${ws.teamDomain}.slack.com/`,
    team: org ? org.name : ws.teamName,
    user: issued?.kind === 'user' ? issued.userId.toLowerCase() : 'scale-review',
    team_id: org ? org.id : ws.teamId,
    user_id: issued?.userId ?? ws.botUserId,
  };
  if (issued?.kind !== 'user') out.bot_id = ws.botId;
  if (ws.enterprise) out.enterprise_id = ws.enterprise.id;
  out.is_enterprise_install = org !== null;
  if (issued?.expiresAt != null) out.expires_in = Math.floor((issued.expiresAt - ctx.now) / 1000);
  return out;
}

function connectionsOpen(ctx: MethodContext): MethodResult {
  if (!ctx.token?.startsWith('xapp-')) return fail('not_allowed_token_type');
  const wsUrl = ctx.baseUrl.replace(/^http/, 'ws');
  return { ok: true, url: `${wsUrl}/link/?ticket=${ctx.nextId('T')}&app_id=${ctx.ws.appId}` };
}

const ALL_METHODS: Readonly<Record<string, Handler>> = {
  'auth.test': authTest,
  ...METHODS,
  'apps.connections.open': connectionsOpen,
};

/**
 * The scope a method needs, where the fake checks one (FakeSlackOptions.tokenScopes, or the scopes
 * of an OAuth install); conversations.info checks the scope of the conversation's kind itself.
 */
const SCOPE_NEEDED: Readonly<Record<string, string>> = {
  'apps.connections.open': 'connections:write',
  ...CANVAS_SCOPES,
};

/**
 * Runs a method for an accepted token: `missing_scope` with `needed` and `provided` for a token
 * whose scopes are known and lack the method's, `unknown_method` for a method the fake lacks.
 */
export function callMethod(
  method: string,
  ctx: MethodContext,
  args: Record<string, unknown>,
  tokenScopes: Readonly<Record<string, readonly string[]>> = {},
): MethodResult {
  const scopes = (ctx.token ? tokenScopes[ctx.token] : undefined) ?? ctx.issued?.scopes;
  const needed = SCOPE_NEEDED[method];
  if (needed !== undefined && scopes !== undefined && !scopes.includes(needed)) {
    return { ok: false, error: 'missing_scope', needed, provided: scopes.join(',') };
  }
  const handler = ALL_METHODS[method];
  const scoped = scopes === undefined ? ctx : { ...ctx, scopes };
  return handler ? handler(scoped, args) : fail('unknown_method');
}
