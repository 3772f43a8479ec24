import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealContext } from '../../../src/tenancy/installation-tokens.js';
import { waitFor } from '../../support/bot-harness.js';
import { FAKE_CLIENT_SECRET } from '../../support/fake-slack.js';
import { sendAppHomeOpened } from '../../support/fake-slack-events.js';
import {
  ALPHA,
  type OAuthHarness,
  startOAuthHarness,
  testSealer,
} from '../../support/oauth-harness.js';
import { storeVariants } from './stores.js';

/**
 * Token rotation through the real bot: the fake Slack expires bot tokens after 12 hours (by the
 * clock the bot shares with it); a request after that is served with a refreshed token, which is
 * stored (sealed, compare-and-set) for the other replicas; requests arriving together share one
 * refresh.
 */

const HOUR = 3_600_000;
const START = new Date('2026-12-01T10:32:00Z');

describe.each(storeVariants())('token rotation through the bot, $name store', (variant) => {
  let h: OAuthHarness;

  beforeAll(async () => {
    h = await startOAuthHarness({
      workspaces: [ALPHA],
      rotation: true,
      env: variant.env(),
      now: START,
    });
  });
  afterAll(async () => {
    await h?.close();
    await variant.cleanup();
  });

  /** Refresh calls: one process shares a refresh; a late one is refused and waits for the write. */
  const refreshes = () =>
    h.slack.calls('oauth.v2.access').filter((c) => c.args.grant_type === 'refresh_token');
  const publishesTo = (user: string) =>
    h.slack
      .team(ALPHA.teamId)
      .calls('views.publish')
      .filter((c) => c.args.user_id === user);
  const storedToken = async () => {
    const record = await h.rawStore().installations.get(ALPHA.teamId);
    return {
      version: record?.version,
      token: testSealer().open(record?.botToken ?? '', sealContext(ALPHA.teamId, 'botToken')),
    };
  };

  it('serves a request after the token expired with a refreshed token, and stores it', async () => {
    // Arrange
    await h.install({ teamId: ALPHA.teamId });
    const installed = await storedToken();
    h.setNow(new Date(START.getTime() + 13 * HOUR));
    // Act
    await sendAppHomeOpened(h.slack, h.eventsUrl, ALPHA.teamId, 'U1AFTER');
    await waitFor(() => (publishesTo('U1AFTER').length > 0 ? true : undefined));
    // Assert
    const stored = await storedToken();
    const [publish] = publishesTo('U1AFTER');
    expect(installed.token).toMatch(/^xoxe\.xoxb-1-/);
    expect(refreshes()).toHaveLength(1);
    expect(publish?.error).toBeUndefined();
    expect(publish?.token).not.toBe(installed.token);
    expect(stored).toEqual({ version: (installed.version ?? 0) + 1, token: publish?.token });
  });

  it('requests that arrive together: one refresh lands and every one uses its token', async () => {
    // Arrange: the refreshed token has expired in turn
    const before = await storedToken();
    const refreshesBefore = refreshes().length;
    h.setNow(new Date(START.getTime() + 26 * HOUR));
    const users = ['U1ONE', 'U1TWO', 'U1THREE'];
    // Act
    await Promise.all(
      users.map((user) => sendAppHomeOpened(h.slack, h.eventsUrl, ALPHA.teamId, user)),
    );
    await waitFor(() => (users.every((u) => publishesTo(u).length > 0) ? true : undefined));
    // Assert
    const tokens = users.map((u) => publishesTo(u)[0]?.token);
    const landed = refreshes()
      .slice(refreshesBefore)
      .filter((c) => c.error === undefined);
    expect(landed).toHaveLength(1);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(before.token);
    expect(await storedToken()).toEqual({ version: (before.version ?? 0) + 1, token: tokens[0] });
  });

  it('logs no token, refresh token, code or client secret while installing and refreshing', () => {
    // Arrange: every token and refresh token the fake issued, every code it exchanged
    const issued = h.slack.tokensOf();
    const codes = h.slack
      .calls('oauth.v2.access')
      .map((c) => c.args.code)
      .filter((code): code is string => typeof code === 'string');
    const refreshTokens = h.slack
      .calls('oauth.v2.access')
      .map((c) => c.args.refresh_token)
      .filter((token): token is string => typeof token === 'string');
    const secrets = [
      FAKE_CLIENT_SECRET,
      ...issued.flatMap((t) => (t.refreshToken === null ? [t.token] : [t.token, t.refreshToken])),
      ...codes,
      ...refreshTokens,
    ];
    // Act
    const logs = h.logs.join('');
    // Assert
    expect(refreshTokens.length).toBeGreaterThanOrEqual(2);
    expect(logs).toContain('grant_type');
    expect(secrets.filter((secret) => logs.includes(secret))).toEqual([]);
  });
});
