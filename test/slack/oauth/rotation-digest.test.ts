import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../support/bot-harness.js';
import { ALPHA, type OAuthHarness, startOAuthHarness } from '../../support/oauth-harness.js';
import { storeVariants } from './stores.js';

/**
 * Token rotation with no request in sight: the weekly digest runs a week after the install, long
 * after the bot token's 12 hours, and nothing else asks for the workspace in between. The digest
 * job refreshes the token itself (once), stores it, and posts with the new one.
 */

const START = new Date('2026-12-07T08:00:00Z'); // a Monday
const CHANNEL = 'C0ALPHAOPS';
const CONFIG = ['digest:', "  tickCron: '*/2 * * * * *'", '  chart: false', ''].join('\n');

describe.each(storeVariants())('a digest after the token expired ($name store)', (variant) => {
  let h: OAuthHarness;

  beforeAll(async () => {
    h = await startOAuthHarness({
      workspaces: [ALPHA],
      env: variant.env(),
      now: START,
      rotation: true,
      harness: { configYaml: CONFIG },
    });
  });
  afterAll(async () => {
    await h?.close();
    await variant.cleanup();
  });

  it('refreshes the token before posting, once, and posts with the new one', async () => {
    // Arrange: installed (a rotating token) and subscribed at 08:00 on a Monday
    await h.install({ teamId: ALPHA.teamId, userId: 'U1ALPHA' });
    const installed = await h.rawStore().installations.get(ALPHA.teamId);
    const sent = await h.command('subscribe', {
      team_id: ALPHA.teamId,
      user_id: 'U1ALPHA',
      channel_id: CHANNEL,
    });
    expect(JSON.stringify(await h.replies(sent.responseId))).toContain(CHANNEL);
    const firstToken = h.slack.calls().find((c) => c.team === ALPHA.teamId)?.token;
    const refreshesBefore = refreshCalls().length;
    // Act: the next digest is due at 09:00; it is now 09:05 a week later, no request since
    h.setNow(new Date(START.getTime() + 7 * 86_400_000 + 65 * 60_000));
    const posted = await waitFor(
      () =>
        h.slack
          .team(ALPHA.teamId)
          .calls('chat.postMessage')
          .find((c) => c.args.channel === CHANNEL),
      { deadlineMs: 60_000, what: 'the digest' },
    );
    await h.idle();
    // Assert: one refresh, stored (the record's version moved on), and the post used its token
    const stored = await h.rawStore().installations.get(ALPHA.teamId);
    expect(refreshCalls().length - refreshesBefore).toBe(1);
    expect(stored?.version).toBeGreaterThan(installed?.version ?? Number.POSITIVE_INFINITY);
    expect(stored?.botToken).not.toBe(installed?.botToken);
    expect(posted.token).not.toBe(firstToken);
    expect(h.slack.tokensOf(ALPHA.teamId).find((t) => t.token === posted.token)?.revoked).toBe(
      false,
    );
  });

  function refreshCalls() {
    return h.slack.calls('oauth.v2.access').filter((c) => c.args.grant_type === 'refresh_token');
  }
});
