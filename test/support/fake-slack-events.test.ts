import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from './fake-slack.js';
import { readBody } from './fake-slack-body.js';
import { sendAppHomeOpened, sendTokensRevoked, sendUninstall } from './fake-slack-events.js';
import { codeFor, exchangeCode } from './fake-slack-oauth-steps.js';
import { slackSignature, TEST_SIGNING_SECRET } from './slack-request.js';

const START = Date.UTC(2026, 11, 1, 10, 32);
const ORG = { id: 'E0ORG', name: 'Org' };
const BETA = 'xoxb-beta-not-real';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  raw: string;
  body: Record<string, unknown>;
}

let fake: FakeSlack;
let app: Server;
let eventsUrl: string;
let received: Received[];

beforeEach(async () => {
  fake = new FakeSlack({
    clock: () => START,
    workspaces: [
      { teamId: 'T0BETA', botUserId: 'U0BETABOT', botToken: BETA },
      { teamId: 'T0ONE', enterprise: ORG, botUserId: 'U0ONEBOT' },
    ],
  });
  await fake.start();
  received = [];
  app = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const text = raw.toString('utf8');
      received.push({ headers: req.headers, raw: text, body: JSON.parse(text) });
      res.end();
    });
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  eventsUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/slack/events`;
});

afterEach(async () => {
  app.closeAllConnections();
  await new Promise<void>((resolve) => app.close(() => resolve()));
  await fake.close();
});

/** The Events API wrapper Slack posts, with this event and installation. */
function envelope(teamId: string, event: unknown, authorization: Record<string, unknown>) {
  return {
    token: 'verification-token-unused',
    team_id: teamId,
    api_app_id: 'A0SCALE',
    event,
    type: 'event_callback',
    event_id: expect.stringMatching(/^Ev0/),
    event_time: START / 1000,
    authorizations: [{ team_id: teamId, is_bot: true, ...authorization }],
    is_ext_shared_channel: false,
  };
}

describe('FakeSlack events: uninstall and revoked tokens, per workspace', () => {
  it('revokes the workspace tokens, then posts tokens_revoked and app_uninstalled, signed', async () => {
    // Arrange
    const workspaceInstall = {
      enterprise_id: null,
      user_id: 'U0BETABOT',
      is_enterprise_install: false,
    };
    // Act
    const sent = await sendUninstall(fake, eventsUrl, 'T0BETA');
    const after = await new WebClient(BETA, {
      slackApiUrl: fake.apiUrl(),
      retryConfig: { retries: 0 },
    }).auth
      .test()
      .catch((error: unknown) => error);
    // Assert
    expect([sent.tokensRevoked.status, sent.appUninstalled.status]).toEqual([200, 200]);
    expect(received.map((r) => r.body)).toStrictEqual([
      envelope(
        'T0BETA',
        { type: 'tokens_revoked', tokens: { bot: ['U0BETABOT'] } },
        workspaceInstall,
      ),
      envelope('T0BETA', { type: 'app_uninstalled' }, workspaceInstall),
    ]);
    for (const r of received) {
      const timestamp = String(r.headers['x-slack-request-timestamp']);
      expect(r.headers['x-slack-signature']).toBe(
        slackSignature(TEST_SIGNING_SECRET, timestamp, r.raw),
      );
      expect(r.headers['content-type']).toBe('application/json');
    }
    expect(received[0]?.body.event_id).not.toBe(received[1]?.body.event_id);
    expect(after).toMatchObject({ data: { error: 'token_revoked' } });
    expect(fake.tokensOf('T0BETA').map((t) => t.revoked)).toEqual([true]);
  });

  it('can send app_uninstalled first: Slack does not promise the order', async () => {
    // Act
    await sendUninstall(fake, eventsUrl, 'T0BETA', { uninstalledFirst: true });
    // Assert
    expect(received.map((r) => (r.body.event as { type: string }).type)).toEqual([
      'app_uninstalled',
      'tokens_revoked',
    ]);
  });

  it('addresses an org-wide install as Slack does, and revokes the org token', async () => {
    // Arrange
    const install = await exchangeCode(
      fake,
      await codeFor(fake, { teamId: 'T0ONE', orgWide: true }),
    );
    // Act
    await sendTokensRevoked(fake, eventsUrl, 'T0ONE');
    // Assert
    expect(received.map((r) => r.body)).toStrictEqual([
      envelope(
        'T0ONE',
        { type: 'tokens_revoked', tokens: { bot: ['U0ONEBOT'] } },
        { enterprise_id: 'E0ORG', user_id: 'U0ONEBOT', is_enterprise_install: true },
      ),
    ]);
    expect(fake.tokensOf('E0ORG')).toMatchObject([{ token: install.access_token, revoked: true }]);
  });

  it('sends app_home_opened from a user of the workspace, leaving its tokens alone', async () => {
    // Act
    await sendAppHomeOpened(fake, eventsUrl, 'T0BETA', 'U1ANA', { eventId: 'Ev0HOME1' });
    // Assert
    expect(received.map((r) => r.body)).toStrictEqual([
      {
        ...envelope(
          'T0BETA',
          {
            type: 'app_home_opened',
            user: 'U1ANA',
            channel: 'D0HOME',
            tab: 'home',
            event_ts: '1764930720.000200',
          },
          { enterprise_id: null, user_id: 'U0BETABOT', is_enterprise_install: false },
        ),
        event_id: 'Ev0HOME1',
      },
    ]);
    expect(fake.tokensOf('T0BETA').map((t) => t.revoked)).toEqual([false]);
  });
});
