import { randomBytes } from 'node:crypto';
import type { Tenants } from './fake-slack-tenants.js';
import {
  fail,
  type IssuedToken,
  type MethodResult,
  str,
  type Workspace,
} from './fake-slack-workspace.js';

/**
 * Slack's OAuth v2 install flow and token rotation, on the fake's clock.
 *
 * - `GET /oauth/v2/authorize` (what @slack/oauth's `authorizationUrl` points at): the user approves
 *   (or cancels) at once and is sent back with 302 to `redirect_uri?code=…&state=…` (or
 *   `?error=access_denied&state=…`). Who approves is queued by the test (`approveNext`), else the
 *   URL's `team`, else the default workspace.
 * - `oauth.v2.access`: client credentials by HTTP Basic or in the body (@slack/oauth sends them in
 *   the form body); `invalid_client_id`, `bad_client_secret`, `invalid_code` (unknown, used, older
 *   than 10 minutes or another app's), `bad_redirect_uri` (not the one given to authorize),
 *   `invalid_grant_type`, `invalid_refresh_token`: the error names of the method's reference,
 *   https://docs.slack.dev/reference/methods/oauth.v2.access . Answer shapes: that reference and,
 *   for an org-wide install (`team: null`, `enterprise`, `is_enterprise_install: true`),
 *   https://api.slack.com/enterprise/apps/reference .
 * - Rotation (https://docs.slack.dev/authentication/using-token-rotation): "With token rotation, it
 *   [the access token] expires every 12 hours" (`expires_in` 43200, `xoxe.xoxb-1-…`), refreshed by
 *   `grant_type=refresh_token`; "The refresh token is then revoked, and a new refresh token is used"
 *   next time: a used refresh token answers `invalid_refresh_token`. The old access token is left
 *   to expire on its own (the guide says nothing of revoking it early).
 */

export interface FakeOAuthApp {
  clientId: string;
  clientSecret: string;
  /** Default `A0SCALE` (the default workspace's app). */
  appId?: string;
  /** The app's configured redirect URLs; authorize refuses others. Default: any URL. */
  redirectUrls?: readonly string[];
  /** Token rotation on: access tokens expire after 12 hours and come with a refresh token. */
  tokenRotation?: boolean;
}

/** The OAuth app the fake knows when none is configured. Not a real secret. */
export const FAKE_CLIENT_ID = '1111111111.2222222222';
export const FAKE_CLIENT_SECRET = 'fake-client-secret-not-real';

/** Who approves the next authorize request. */
export interface Approval {
  /** The workspace (default: the authorize URL's `team`, else the default workspace). */
  teamId?: string;
  /** The approving user (default `U1ANA`): `authed_user.id`. */
  userId?: string;
  /** Install org-wide in the Enterprise Grid org of `teamId` (answer: `team: null`). */
  orgWide?: boolean;
  /** The user cancels: redirect with `error=access_denied`. */
  deny?: boolean;
}

/** A successful code exchange, as `oauth.installs()` lists it. */
export interface FakeInstall {
  clientId: string;
  teamId: string | null;
  enterpriseId: string | null;
  userId: string;
  bot: IssuedToken | null;
  user: IssuedToken | null;
  at: number;
}

export interface AuthorizeAnswer {
  status: number;
  location?: string;
  /** Why a request was refused with an error page (no redirect). */
  error?: string;
}

interface Grant {
  clientId: string;
  redirectUri: string | null;
  ws: Workspace;
  orgWide: boolean;
  userId: string;
  scopes: string[];
  userScopes: string[];
  issuedAt: number;
  used: boolean;
}

const CODE_LIFETIME_MS = 10 * 60 * 1000;
const list = (v: unknown): string[] => (str(v) ?? '').split(',').filter((s) => s !== '');

export class FakeOAuth {
  private readonly apps = new Map<string, FakeOAuthApp>();
  private readonly approvals: Approval[] = [];
  private readonly codes = new Map<string, Grant>();
  private readonly done: FakeInstall[] = [];
  private seq = 0;

  constructor(
    private readonly tenants: Tenants,
    apps: readonly FakeOAuthApp[] = [
      { clientId: FAKE_CLIENT_ID, clientSecret: FAKE_CLIENT_SECRET },
    ],
  ) {
    for (const app of apps) this.apps.set(app.clientId, { ...app });
  }

  /** Queues who approves the next authorize request (one each). */
  approveNext(approval: Approval = {}): void {
    this.approvals.push(approval);
  }

  /** Turns token rotation on or off for an app (default: every app), for installs from now on. */
  setTokenRotation(on: boolean, clientId?: string): void {
    for (const app of this.apps.values())
      if (clientId === undefined || app.clientId === clientId) app.tokenRotation = on;
  }

  installs(): FakeInstall[] {
    return [...this.done];
  }

  /** Answers `GET /oauth/v2/authorize?client_id&scope&user_scope&redirect_uri&state&team`. */
  authorize(query: URLSearchParams, now: number): AuthorizeAnswer {
    const app = this.apps.get(query.get('client_id') ?? '');
    if (!app) return { status: 400, error: 'invalid_client_id' };
    const given = query.get('redirect_uri');
    const configured = app.redirectUrls ?? [];
    if (given !== null && configured.length > 0 && !configured.includes(given))
      return { status: 400, error: 'bad_redirect_uri' };
    const redirect = given ?? configured[0];
    if (redirect === undefined) return { status: 400, error: 'bad_redirect_uri' };
    const approval = this.approvals.shift() ?? {};
    const back = new URL(redirect);
    const state = query.get('state');
    if (approval.deny) {
      back.searchParams.set('error', 'access_denied');
      if (state !== null) back.searchParams.set('state', state);
      return { status: 302, location: back.toString() };
    }
    const teamId = approval.teamId ?? query.get('team') ?? this.tenants.defaultWorkspace.teamId;
    const ws = this.tenants.get(teamId);
    if (!ws || (approval.orgWide && !ws.enterprise))
      return { status: 400, error: 'team_not_found' };
    this.seq += 1;
    const code = `${this.seq}.${now}.${randomBytes(16).toString('hex')}`;
    this.codes.set(code, {
      clientId: app.clientId,
      redirectUri: given,
      ws,
      orgWide: approval.orgWide ?? false,
      userId: approval.userId ?? 'U1ANA',
      scopes: list(query.get('scope')),
      userScopes: list(query.get('user_scope')),
      issuedAt: now,
      used: false,
    });
    back.searchParams.set('code', code);
    if (state !== null) back.searchParams.set('state', state);
    return { status: 302, location: back.toString() };
  }

  /** Answers `oauth.v2.access` (a code exchange or a refresh). */
  access(args: Record<string, unknown>, authorization: string | undefined, now: number) {
    const creds = credentials(args, authorization);
    const app = this.apps.get(creds.id ?? '');
    if (!app) return fail('invalid_client_id');
    if (creds.secret !== app.clientSecret) return fail('bad_client_secret');
    const grantType = str(args.grant_type) ?? 'authorization_code';
    if (grantType === 'refresh_token') return this.refresh(app, str(args.refresh_token), now);
    if (grantType !== 'authorization_code') return fail('invalid_grant_type');
    const grant = this.codes.get(str(args.code) ?? '');
    if (!grant || grant.used || grant.clientId !== app.clientId) return fail('invalid_code');
    if (now - grant.issuedAt >= CODE_LIFETIME_MS) return fail('invalid_code');
    if (grant.redirectUri !== null && str(args.redirect_uri) !== grant.redirectUri)
      return fail('bad_redirect_uri');
    grant.used = true;
    return this.install(app, grant, now);
  }

  private install(app: FakeOAuthApp, grant: Grant, now: number): MethodResult {
    const { ws } = grant;
    const teamId = grant.orgWide ? null : ws.teamId;
    const enterpriseId = ws.enterprise?.id ?? null;
    const rotating = app.tokenRotation ?? false;
    const common = { teamId, enterpriseId, clientId: app.clientId, issuedAt: now };
    const bot =
      grant.scopes.length === 0
        ? null
        : this.tenants.issue(
            { ...common, kind: 'bot', userId: ws.botUserId, scopes: grant.scopes },
            rotating,
          );
    const user =
      grant.userScopes.length === 0
        ? null
        : this.tenants.issue(
            { ...common, kind: 'user', userId: grant.userId, scopes: grant.userScopes },
            rotating,
          );
    this.done.push({
      clientId: app.clientId,
      teamId,
      enterpriseId,
      userId: grant.userId,
      bot,
      user,
      at: now,
    });
    const authedUser: MethodResult = { id: grant.userId };
    if (user)
      Object.assign(authedUser, { scope: user.scopes?.join(','), ...tokenFields(user, now) });
    return {
      ok: true,
      app_id: app.appId ?? 'A0SCALE',
      authed_user: authedUser,
      ...(bot
        ? { scope: bot.scopes?.join(','), ...tokenFields(bot, now), bot_user_id: ws.botUserId }
        : {}),
      ...teamFields(ws, grant.orgWide),
    };
  }

  private refresh(app: FakeOAuthApp, refreshToken: string | undefined, now: number) {
    const old = refreshToken && this.tenants.takeRefresh(refreshToken, app.clientId);
    if (!old) return fail('invalid_refresh_token');
    const next = this.tenants.issue(
      {
        kind: old.kind,
        teamId: old.teamId,
        enterpriseId: old.enterpriseId,
        userId: old.userId,
        clientId: old.clientId,
        scopes: old.scopes,
        issuedAt: now,
      },
      true,
    );
    const ws =
      old.teamId === null
        ? this.tenants.inEnterprise(old.enterpriseId ?? '')[0]
        : this.tenants.get(old.teamId);
    return {
      ok: true,
      app_id: app.appId ?? 'A0SCALE',
      scope: next.scopes?.join(','),
      ...tokenFields(next, now),
      ...(next.kind === 'bot' ? { bot_user_id: next.userId } : {}),
      ...(ws ? teamFields(ws, old.teamId === null) : {}),
    };
  }
}

/** `token_type`, `access_token` and, for a rotating token, `expires_in` and `refresh_token`. */
function tokenFields(t: IssuedToken, now: number): MethodResult {
  const out: MethodResult = { token_type: t.kind, access_token: t.token };
  if (t.expiresAt !== null && t.refreshToken !== null) {
    out.expires_in = Math.round((t.expiresAt - now) / 1000);
    out.refresh_token = t.refreshToken;
  }
  return out;
}

function teamFields(ws: Workspace, orgWide: boolean): MethodResult {
  return {
    team: orgWide ? null : { id: ws.teamId, name: ws.teamName },
    enterprise: ws.enterprise ? { id: ws.enterprise.id, name: ws.enterprise.name } : null,
    is_enterprise_install: orgWide,
  };
}

/** Client credentials from HTTP Basic (Slack's preference) or the body (what @slack/oauth sends). */
function credentials(args: Record<string, unknown>, authorization: string | undefined) {
  if (authorization?.startsWith('Basic ')) {
    const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
    const at = decoded.indexOf(':');
    if (at !== -1) return { id: decoded.slice(0, at), secret: decoded.slice(at + 1) };
  }
  return { id: str(args.client_id), secret: str(args.client_secret) };
}
