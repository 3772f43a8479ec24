import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack, type FakeSlackOptions } from './fake-slack.js';

const START = Date.UTC(2026, 11, 1, 10, 32);
const ALPHA = 'xoxb-alpha-not-real';
const BETA = 'xoxb-beta-not-real';

let fake: FakeSlack;
let apiUrl: string;
let now = START;

async function startFake(options: FakeSlackOptions = {}): Promise<void> {
  now = START;
  fake = new FakeSlack({ clock: () => now, ...options });
  ({ apiUrl } = await fake.start());
}

const client = (token: string) =>
  new WebClient(token, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });

const TWO_TEAMS: FakeSlackOptions = {
  workspaces: [
    { teamId: 'T0ALPHA', teamName: 'Alpha', botToken: ALPHA },
    {
      teamId: 'T0BETA',
      teamName: 'Beta',
      domain: 'beta-co',
      enterprise: { id: 'E0ORG', name: 'Org' },
      botUserId: 'U0BETABOT',
      botId: 'B0BETABOT',
      botToken: BETA,
    },
  ],
};

afterEach(async () => {
  await fake?.close();
});

describe('FakeSlack: the default workspace, as before workspaces', () => {
  it('lets any token act in T0FAKE, records no team for it, and answers auth.test as before', async () => {
    // Arrange
    await startFake();
    // Act
    const auth = await client('xoxb-anything').auth.test();
    await client('xoxb-anything').chat.postMessage({ channel: 'C0OPS', text: 'hi' });
    // Assert
    expect(auth).toMatchObject({
      ok: true,
      url: 'https://fake-workspace.slack.com/',
      team_id: 'T0FAKE',
      user_id: 'U0BOT',
      bot_id: 'B0BOT',
      is_enterprise_install: false,
    });
    expect(auth).not.toHaveProperty('enterprise_id');
    expect(auth).not.toHaveProperty('expires_in');
    expect(fake.calls().map((c) => c.team)).toEqual([undefined, undefined]);
    expect(fake.messages('C0OPS')).toHaveLength(1);
    expect(fake.team('T0FAKE').messages('C0OPS')).toEqual(fake.messages('C0OPS'));
  });
});

describe('FakeSlack: many workspaces', () => {
  it('acts in the workspace of the token, and records which team each call came from', async () => {
    // Arrange
    await startFake(TWO_TEAMS);
    // Act
    await client(ALPHA).chat.postMessage({ channel: 'C0SAME', text: 'from alpha' });
    await client(BETA).chat.postMessage({ channel: 'C0SAME', text: 'from beta' });
    await client(BETA).views.publish({ user_id: 'U1ANA', view: { type: 'home', blocks: [] } });
    // Assert
    expect(
      fake
        .team('T0ALPHA')
        .messages('C0SAME')
        .map((m) => m.text),
    ).toEqual(['from alpha']);
    expect(
      fake
        .team('T0BETA')
        .messages('C0SAME')
        .map((m) => [m.text, m.user]),
    ).toEqual([['from beta', 'U0BETABOT']]);
    expect(fake.messages()).toEqual([]);
    expect(fake.team('T0ALPHA').homeView('U1ANA')).toBeUndefined();
    expect(fake.team('T0BETA').homeView('U1ANA')).toEqual({ type: 'home', blocks: [] });
    expect(fake.calls().map((c) => [c.method, c.team, c.enterprise])).toEqual([
      ['chat.postMessage', 'T0ALPHA', undefined],
      ['chat.postMessage', 'T0BETA', 'E0ORG'],
      ['views.publish', 'T0BETA', 'E0ORG'],
    ]);
    expect(fake.team('T0BETA').calls('chat.postMessage')).toHaveLength(1);
  });

  it('answers auth.test per token, with the org of a workspace in Enterprise Grid', async () => {
    // Arrange
    await startFake(TWO_TEAMS);
    // Act
    const alpha = await client(ALPHA).auth.test();
    const beta = await client(BETA).auth.test();
    // Assert
    expect({ ...alpha, response_metadata: undefined }).toEqual({
      ok: true,
      url: 'https://t0alpha.slack.com/',
      team: 'Alpha',
      user: 'scale-review',
      team_id: 'T0ALPHA',
      user_id: 'U0BOTT0ALPHA',
      bot_id: 'B0BOTT0ALPHA',
      is_enterprise_install: false,
    });
    expect({ ...beta, response_metadata: undefined }).toEqual({
      ok: true,
      url: 'https://beta-co.slack.com/',
      team: 'Beta',
      user: 'scale-review',
      team_id: 'T0BETA',
      user_id: 'U0BETABOT',
      bot_id: 'B0BETABOT',
      enterprise_id: 'E0ORG',
      is_enterprise_install: false,
    });
  });

  it('answers invalid_auth to an unknown token once workspaces are configured', async () => {
    // Arrange
    await startFake(TWO_TEAMS);
    // Act
    const unknown = client('xoxb-nobody').chat.postMessage({ channel: 'C0OPS', text: 'x' });
    // Assert
    await expect(unknown).rejects.toMatchObject({ data: { ok: false, error: 'invalid_auth' } });
    expect(fake.calls()[0]).toMatchObject({ error: 'invalid_auth' });
    expect(fake.calls()[0]).not.toHaveProperty('team');
    expect(fake.messages()).toEqual([]);
  });

  it('answers token_revoked to a revoked token, and leaves the other workspace alone', async () => {
    // Arrange
    await startFake(TWO_TEAMS);
    // Act
    const revoked = fake.revokeTokens('T0ALPHA');
    const after = client(ALPHA).chat.postMessage({ channel: 'C0OPS', text: 'x' });
    // Assert
    expect(revoked.map((t) => [t.token, t.revoked])).toEqual([[ALPHA, true]]);
    await expect(after).rejects.toMatchObject({ data: { error: 'token_revoked' } });
    await expect(client(BETA).auth.test()).resolves.toMatchObject({ team_id: 'T0BETA' });
    expect(fake.tokensOf('T0BETA').map((t) => t.revoked)).toEqual([false]);
  });

  it('adds a workspace later, and refuses a team it does not know', async () => {
    // Arrange
    await startFake();
    // Act
    const gamma = fake.addWorkspace({ teamId: 'T0GAMMA', botToken: 'xoxb-gamma-not-real' });
    await client('xoxb-gamma-not-real').chat.postMessage({ channel: 'C0G', text: 'g' });
    // Assert
    expect(gamma.identity).toEqual({
      teamId: 'T0GAMMA',
      teamName: 'T0GAMMA',
      teamDomain: 't0gamma',
      enterprise: null,
      botUserId: 'U0BOTT0GAMMA',
      botId: 'B0BOTT0GAMMA',
    });
    expect(gamma.messages('C0G').map((m) => m.text)).toEqual(['g']);
    expect(() => fake.team('T0NONE')).toThrow(/no workspace T0NONE/);
  });
});

describe('FakeSlack: rate limits apply per workspace', () => {
  it('limits a channel of one workspace without holding back the same channel id elsewhere', async () => {
    // Arrange
    await startFake(TWO_TEAMS);
    fake.setRateLimits({ perChannel: 1, workspace: 1, windowMs: 1000 });
    // Act
    const alpha = await client(ALPHA).chat.postMessage({ channel: 'C0OPS', text: 'a' });
    const beta = await client(BETA).chat.postMessage({ channel: 'C0OPS', text: 'b' });
    const alphaAgain = await client(ALPHA)
      .chat.postMessage({ channel: 'C0OPS', text: 'a2' })
      .catch((error: unknown) => error);
    // Assert
    expect([alpha.ok, beta.ok]).toEqual([true, true]);
    expect(alphaAgain).toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 1 });
    expect(fake.calls('chat.postMessage').map((c) => [c.team, c.status])).toEqual([
      ['T0ALPHA', 200],
      ['T0BETA', 200],
      ['T0ALPHA', 429],
    ]);
  });
});

describe('FakeSlack: Tier 1 history for apps outside the Marketplace', () => {
  it('answers the second history call of a workspace within a minute with 429 and Retry-After', async () => {
    // Arrange
    await startFake(TWO_TEAMS);
    for (let i = 0; i < 20; i += 1)
      await client(ALPHA).chat.postMessage({ channel: 'C0OPS', text: `m${i}` });
    fake.limitHistory();
    // Act
    const first = await client(ALPHA).conversations.history({ channel: 'C0OPS', limit: 100 });
    now += 20_000;
    const second = await client(ALPHA)
      .conversations.history({ channel: 'C0OPS' })
      .catch((error: unknown) => error);
    const otherTeam = await client(BETA).conversations.history({ channel: 'C0OPS' });
    const otherMethod = await client(ALPHA).conversations.replies({
      channel: 'C0OPS',
      ts: first.messages?.[0]?.ts ?? '',
    });
    now += 40_000;
    const aMinuteLater = await client(ALPHA).conversations.history({ channel: 'C0OPS' });
    // Assert
    expect(first.messages).toHaveLength(15);
    expect(first.has_more).toBe(true);
    expect(second).toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 40 });
    expect(otherTeam.ok).toBe(true);
    expect(otherMethod.ok).toBe(true);
    expect(aMinuteLater.messages).toHaveLength(15);
    expect(fake.calls('conversations.history').map((c) => [c.team, c.status])).toEqual([
      ['T0ALPHA', 200],
      ['T0ALPHA', 429],
      ['T0BETA', 200],
      ['T0ALPHA', 200],
    ]);
  });

  it('is off by default, and off again after reset', async () => {
    // Arrange
    await startFake();
    fake.limitHistory();
    fake.reset();
    // Act
    const a = await client(ALPHA).conversations.history({ channel: 'C0OPS' });
    const b = await client(ALPHA).conversations.history({ channel: 'C0OPS' });
    // Assert
    expect([a.ok, b.ok]).toEqual([true, true]);
  });
});
