import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../support/bot-harness.js';
import { ALPHA, type OAuthHarness, startOAuthHarness } from '../../support/oauth-harness.js';
import { encodeForm, postSigned } from '../../support/slack-request.js';

/**
 * A payload no listener takes (a shortcut the manifest no longer declares) is explained after the
 * ack, outside Bolt's listeners: in OAuth mode Bolt's own client has no token, so the notice goes
 * out with the workspace's own bot token (the fake refuses any other).
 */
describe('an unknown shortcut in OAuth mode', () => {
  let h: OAuthHarness;

  beforeAll(async () => {
    h = await startOAuthHarness({ workspaces: [ALPHA] });
    await h.install({ teamId: ALPHA.teamId, userId: 'U1ALPHA' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("opens the notice modal with the workspace's own token", async () => {
    // Arrange
    const payload = {
      type: 'shortcut',
      team: { id: ALPHA.teamId, domain: 'alpha' },
      user: { id: 'U1ALPHA', username: 'alpha', team_id: ALPHA.teamId },
      api_app_id: 'A0SCALE',
      token: 'verification-token-unused',
      callback_id: 'old_shortcut',
      trigger_id: 'trigger-old-shortcut',
      action_ts: '1764585400.000001',
    };
    // Act
    const response = await postSigned(
      h.eventsUrl,
      encodeForm({ payload: JSON.stringify(payload) }),
    );
    const opened = await waitFor(() =>
      h.slack.calls('views.open').find((c) => c.args.trigger_id === 'trigger-old-shortcut'),
    );
    await h.idle();
    // Assert
    expect(response.status).toBe(200);
    expect(opened.team).toBe(ALPHA.teamId);
    expect(JSON.stringify(opened.args.view)).toContain('old_shortcut');
  });
});
