import type { FakeSlack } from './fake-slack.js';
import type { IssuedToken } from './fake-slack-workspace.js';
import {
  appHomeOpenedEvent,
  type EnvelopeOptions,
  eventCallbackBody,
  postSigned,
  type SignOptions,
} from './slack-request.js';

/**
 * Events API requests from the fake Slack to the app, for one workspace: signed as Slack signs
 * them (slack-request.ts) and addressed to the app's installation there (`authorizations`).
 *
 * Shapes (event wrapper and inner event):
 * - app_uninstalled: `{ type: 'app_uninstalled' }` (https://docs.slack.dev/reference/events/app_uninstalled);
 *   Slack also sends tokens_revoked, "the order … not guaranteed".
 * - tokens_revoked: `{ type: 'tokens_revoked', tokens: { oauth: [user ids], bot: [bot user ids] } }`,
 *   user ids, not tokens (https://docs.slack.dev/reference/events/tokens_revoked).
 * - app_home_opened: slack-request.ts `appHomeOpenedEvent`.
 * - `authorizations[0]` of an org-wide install: `is_enterprise_install: true` with the org's id
 *   (https://api.slack.com/enterprise/apps/reference).
 */

export interface WorkspaceEventOptions {
  /** Default: a fresh `Ev…` id per event. */
  eventId?: string;
  /** Unix seconds (default: the fake's clock). */
  eventTime?: number;
  /** How the request is signed (default: now, the test signing secret). */
  sign?: SignOptions;
  /** Extra or overriding headers (e.g. `x-slack-retry-num`). */
  headers?: Record<string, string>;
}

let eventSeq = 0;

/** The app's installation that covers a workspace: its own, else its org's org-wide one. */
function installationTokens(fake: FakeSlack, teamId: string): IssuedToken[] {
  const own = fake.tokensOf(teamId);
  const org = fake.team(teamId).identity.enterprise;
  if (own.length > 0 || !org) return own;
  return fake.tokensOf(org.id);
}

/** The envelope of an event in a workspace, addressed as Slack addresses the app's installation. */
export function workspaceEnvelope(
  fake: FakeSlack,
  teamId: string,
  o: WorkspaceEventOptions = {},
): EnvelopeOptions {
  const { enterprise, botUserId } = fake.team(teamId).identity;
  const orgWide = installationTokens(fake, teamId).some((t) => t.teamId === null);
  eventSeq += 1;
  return {
    teamId,
    eventId: o.eventId ?? `Ev0${teamId}${String(eventSeq).padStart(6, '0')}`,
    eventTime: o.eventTime ?? Math.floor(fake.now() / 1000),
    authorization: {
      enterpriseId: enterprise?.id ?? null,
      userId: botUserId,
      isBot: true,
      isEnterpriseInstall: orgWide,
    },
  };
}

/** The `tokens_revoked` event for these tokens: the users (not the tokens) by kind. */
export function tokensRevokedEvent(tokens: readonly IssuedToken[], fallbackBotUser: string) {
  const usersOf = (kind: IssuedToken['kind']) => [
    ...new Set(tokens.filter((t) => t.kind === kind).map((t) => t.userId)),
  ];
  const oauth = usersOf('user');
  const bot = usersOf('bot');
  return {
    type: 'tokens_revoked',
    tokens: {
      ...(oauth.length > 0 ? { oauth } : {}),
      bot: bot.length > 0 ? bot : [fallbackBotUser],
    },
  };
}

function post(
  fake: FakeSlack,
  eventsUrl: string,
  teamId: string,
  event: Record<string, unknown>,
  o: WorkspaceEventOptions,
): Promise<Response> {
  const body = eventCallbackBody(event, workspaceEnvelope(fake, teamId, o));
  return postSigned(eventsUrl, body, { ...o.sign, ...(o.headers ? { headers: o.headers } : {}) });
}

/** Revokes the workspace's tokens (org-wide: the org's) in the fake; returns those tokens. */
function revokeInstallation(fake: FakeSlack, teamId: string): IssuedToken[] {
  const tokens = installationTokens(fake, teamId);
  const orgWide = tokens.some((t) => t.teamId === null);
  const org = fake.team(teamId).identity.enterprise;
  fake.revokeTokens(orgWide && org ? org.id : teamId);
  return tokens;
}

/** Revokes the workspace's tokens in the fake, then sends `tokens_revoked` to the app. */
export function sendTokensRevoked(
  fake: FakeSlack,
  eventsUrl: string,
  teamId: string,
  o: WorkspaceEventOptions = {},
): Promise<Response> {
  const tokens = revokeInstallation(fake, teamId);
  const event = tokensRevokedEvent(tokens, fake.team(teamId).identity.botUserId);
  return post(fake, eventsUrl, teamId, event, o);
}

/**
 * The workspace uninstalls the app: its tokens are revoked in the fake, then the app receives
 * `tokens_revoked` and `app_uninstalled` (in that order, or the other with `uninstalledFirst`).
 */
export async function sendUninstall(
  fake: FakeSlack,
  eventsUrl: string,
  teamId: string,
  o: WorkspaceEventOptions & { uninstalledFirst?: boolean } = {},
): Promise<{ tokensRevoked: Response; appUninstalled: Response }> {
  const { eventId: _ignored, ...rest } = o;
  const tokens = revokeInstallation(fake, teamId);
  const revokedEvent = tokensRevokedEvent(tokens, fake.team(teamId).identity.botUserId);
  const sendRevoked = () => post(fake, eventsUrl, teamId, revokedEvent, rest);
  const sendUninstalled = () => post(fake, eventsUrl, teamId, { type: 'app_uninstalled' }, rest);
  if (o.uninstalledFirst) {
    const appUninstalled = await sendUninstalled();
    return { tokensRevoked: await sendRevoked(), appUninstalled };
  }
  const tokensRevoked = await sendRevoked();
  return { tokensRevoked, appUninstalled: await sendUninstalled() };
}

/** A user of the workspace opens the app's Home tab. */
export function sendAppHomeOpened(
  fake: FakeSlack,
  eventsUrl: string,
  teamId: string,
  user: string,
  o: WorkspaceEventOptions = {},
): Promise<Response> {
  return post(fake, eventsUrl, teamId, appHomeOpenedEvent(user), o);
}
