import { LogLevel, type Logger as SlackLogger } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import {
  REFRESH_MARGIN_MS,
  TokenRefresher,
  type TokenRefresherOptions,
} from '../../../src/slack-api/token-refresher.js';
import { createSlackClient } from '../../../src/slack-api/web-client.js';
import type { InstallationStore, Store } from '../../../src/store/ports.js';
import { sealContext, sealTokens } from '../../../src/tenancy/installation-tokens.js';
import { TokenRefreshError } from '../../../src/tenancy/token-source.js';
import type { StoreHarness } from '../../store/contract.js';
import { CapturingLogger } from '../../store/fixtures.js';
import { makeMongoHarness } from '../../store/mongo-harness.js';
import { makeSqliteHarness } from '../../store/sqlite-harness.js';
import { FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, FakeSlack } from '../../support/fake-slack.js';
import { codeFor, exchangeCode } from '../../support/fake-slack-oauth-steps.js';
import { testSealer } from '../../support/oauth-harness.js';
import { waitFor } from '../../support/wait.js';

/**
 * The token refresher with no request in sight (what the digest calls before it posts): the fake
 * Slack with token rotation on, both stores, an injected clock. Tokens live 12 hours; the
 * refresher refreshes one that expires within 2 hours, once per tenant in a process, and of two
 * replicas refreshing at once exactly one refresh lands and both use its token.
 */

const HOUR = 3_600_000;
const T0 = new Date('2026-12-01T10:00:00Z');
const TEAM = 'T0ROT';
const quietSlackLogger: SlackLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

/** The installations port with its compare-and-set replaced (to order two writers). */
function replacingTokens(
  inner: InstallationStore,
  replaceTokens: InstallationStore['replaceTokens'],
): InstallationStore {
  return {
    get: (key) => inner.get(key),
    put: (installation, at) => inner.put(installation, at),
    replaceTokens,
    delete: (key) => inner.delete(key),
    keys: () => inner.keys(),
  };
}

const harnesses: [string, () => StoreHarness][] = [
  ['embedded', () => makeSqliteHarness()],
  ['mongodb (FerretDB)', () => makeMongoHarness(inject('mongodbUrl'))],
];

describe.each(harnesses)('the token refresher, %s store', (_name, makeHarness) => {
  let fake: FakeSlack;
  let harness: StoreHarness;
  let store: Store;
  let now: Date;
  const sealer = testSealer();
  const logger = new CapturingLogger();

  beforeAll(async () => {
    harness = makeHarness();
    store = await harness.open();
  });
  afterAll(async () => {
    await store?.close();
    await harness?.destroy();
  });
  beforeEach(async () => {
    now = T0;
    fake = new FakeSlack({ workspaces: [{ teamId: TEAM }], clock: () => now.getTime() });
    await fake.start();
    fake.oauth.setTokenRotation(true);
  });
  afterEach(async () => {
    await fake.close();
    await store.installations.delete(TEAM);
  });

  /** Installs the app in TEAM with rotation on; the installation as Slack answered it. */
  async function install() {
    const answer = await exchangeCode(fake, await codeFor(fake, { teamId: TEAM }));
    const tokens = sealTokens(sealer, TEAM, {
      botToken: String(answer.access_token),
      refreshToken: String(answer.refresh_token),
      botTokenExpiresAt: new Date(now.getTime() + Number(answer.expires_in) * 1000),
    });
    await store.installations.put(
      {
        key: TEAM,
        teamId: TEAM,
        teamName: TEAM,
        enterpriseId: null,
        enterpriseName: null,
        isEnterpriseInstall: false,
        appId: 'A0SCALE',
        botId: `B0BOT${TEAM}`,
        botUserId: `U0BOT${TEAM}`,
        scopes: ['chat:write', 'commands'],
        ...tokens,
        installerUserId: 'U1ANA',
        installedAt: now,
      },
      now,
    );
    return { botToken: String(answer.access_token), refreshToken: String(answer.refresh_token) };
  }

  function refresher(options: Partial<TokenRefresherOptions> = {}): TokenRefresher {
    return new TokenRefresher({
      installations: store.installations,
      sealer,
      clientId: FAKE_CLIENT_ID,
      clientSecret: FAKE_CLIENT_SECRET,
      client: createSlackClient(undefined, {
        policy: 'oauth',
        apiUrl: fake.apiUrl(),
        logger: quietSlackLogger,
      }),
      logger,
      clock: () => now,
      ...options,
    });
  }

  const refreshCalls = () =>
    fake.calls('oauth.v2.access').filter((c) => c.args.grant_type === 'refresh_token');
  const landed = () => refreshCalls().filter((c) => c.error === undefined);
  const works = async (token: string) =>
    (
      await createSlackClient(token, {
        policy: 'oauth',
        apiUrl: fake.apiUrl(),
        logger: quietSlackLogger,
      }).auth.test()
    ).ok;

  it('uses a token that is good for more than the margin as it is', async () => {
    // Arrange
    const first = await install();
    now = new Date(T0.getTime() + 12 * HOUR - REFRESH_MARGIN_MS - 60_000);
    // Act
    const token = await refresher().botTokenFor(TEAM);
    // Assert
    expect(token?.botToken).toBe(first.botToken);
    expect(refreshCalls()).toEqual([]);
  });

  it('refreshes a token that expires within the margin, with no request, and stores it sealed', async () => {
    // Arrange: 11 hours on, the token has an hour left
    const first = await install();
    const before = await store.installations.get(TEAM);
    now = new Date(T0.getTime() + 11 * HOUR);
    // Act
    const token = await refresher().botTokenFor(TEAM);
    // Assert
    const after = await store.installations.get(TEAM);
    expect(token?.botToken).toMatch(/^xoxe\.xoxb-1-/);
    expect(token?.botToken).not.toBe(first.botToken);
    expect(token?.expiresAt).toEqual(new Date(now.getTime() + 12 * HOUR));
    expect(await works(token?.botToken ?? '')).toBe(true);
    expect(landed()).toHaveLength(1);
    expect(after?.version).toBe((before?.version ?? 0) + 1);
    expect(sealer.open(after?.botToken ?? '', sealContext(TEAM, 'botToken'))).toBe(token?.botToken);
    expect(after?.refreshToken).not.toBe(before?.refreshToken);
    expect(JSON.stringify(after)).not.toContain('xox');
  });

  it('refreshes an expired token before use (the fake refuses the old one)', async () => {
    // Arrange: 13 hours on, the token has expired
    const first = await install();
    now = new Date(T0.getTime() + 13 * HOUR);
    const expired = await works(first.botToken).catch((error: Error) => error.message);
    // Act
    const token = await refresher().botTokenFor(TEAM);
    // Assert
    expect(expired).toContain('token_expired');
    expect(await works(token?.botToken ?? '')).toBe(true);
  });

  it('refreshes once for concurrent callers in one process', async () => {
    // Arrange: the refresh is held until every caller has read the installation
    await install();
    now = new Date(T0.getTime() + 13 * HOUR);
    let reads = 0;
    const counting: InstallationStore = {
      ...replacingTokens(store.installations, (...args) =>
        store.installations.replaceTokens(...args),
      ),
      get: async (key) => {
        const record = await store.installations.get(key);
        reads += 1;
        return record;
      },
    };
    const one = refresher({ installations: counting });
    fake.script('oauth.v2.access', { kind: 'hang' });
    // Act
    const all = Promise.all([1, 2, 3, 4].map(() => one.botTokenFor(TEAM)));
    await waitFor(() => (reads === 4 && refreshCalls().length > 0 ? true : undefined));
    fake.releaseHeld();
    const tokens = await all;
    // Assert
    expect(refreshCalls()).toHaveLength(1);
    expect(new Set(tokens.map((t) => t?.botToken)).size).toBe(1);
  });

  it('of two replicas refreshing at once, one refresh lands and both use its token', async () => {
    // Arrange: neither replica's write lands before the loser's refresh has been refused
    await install();
    const before = await store.installations.get(TEAM);
    now = new Date(T0.getTime() + 13 * HOUR);
    let openGate = () => {};
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    let wrote = () => {};
    const written = new Promise<void>((resolve) => {
      wrote = resolve;
    });
    const gated = replacingTokens(store.installations, async (...args) => {
      await gate;
      const result = await store.installations.replaceTokens(...args);
      wrote();
      return result;
    });
    // The loser, refused, waits for the winner's write: the only sleep it needs.
    const sleep = async () => {
      openGate();
      await written;
    };
    const replicas = [1, 2].map(() => refresher({ installations: gated, sleep }));
    // Act
    const tokens = await Promise.all(replicas.map((r) => r.botTokenFor(TEAM)));
    // Assert
    const after = await store.installations.get(TEAM);
    expect(
      refreshCalls()
        .map((c) => c.error ?? 'ok')
        .sort(),
    ).toEqual(['invalid_refresh_token', 'ok']);
    expect(tokens[0]?.botToken).toBe(tokens[1]?.botToken);
    expect(await works(tokens[0]?.botToken ?? '')).toBe(true);
    expect(after?.version).toBe((before?.version ?? 0) + 1);
    expect(sealer.open(after?.botToken ?? '', sealContext(TEAM, 'botToken'))).toBe(
      tokens[0]?.botToken,
    );
  });

  it('uses what was written meanwhile when its own write loses the compare-and-set', async () => {
    // Arrange: a reinstall lands between the refresh and its write
    await install();
    now = new Date(T0.getTime() + 13 * HOUR);
    let reinstalled = '';
    const racing = replacingTokens(store.installations, async (...args) => {
      reinstalled = (await install()).botToken;
      return store.installations.replaceTokens(...args);
    });
    // Act
    const token = await refresher({ installations: racing }).botTokenFor(TEAM);
    // Assert
    expect(landed()).toHaveLength(1);
    expect(token?.botToken).toBe(reinstalled);
    expect(logger.entries.map((e) => e.msg)).toContain(
      'bot token refreshed by another replica first: using its token',
    );
  });

  it('keeps using a token still valid when Slack cannot be reached, and throws once it has expired', async () => {
    // Arrange
    const first = await install();
    fake.script(
      'oauth.v2.access',
      { kind: 'httpError', status: 503 },
      { kind: 'httpError', status: 503 },
    );
    // Act
    now = new Date(T0.getTime() + 11 * HOUR);
    const stillValid = await refresher().botTokenFor(TEAM);
    now = new Date(T0.getTime() + 13 * HOUR);
    const expired = await refresher()
      .botTokenFor(TEAM)
      .catch((error: unknown) => error);
    // Assert
    expect(stillValid?.botToken).toBe(first.botToken);
    expect(expired).toBeInstanceOf(TokenRefreshError);
    expect(expired).toMatchObject({ key: TEAM, failure: 'unreachable' });
  });

  it('says the workspace must install again when Slack refuses its refresh token', async () => {
    // Arrange: the refresh token was spent elsewhere and nothing was written
    await install();
    fake.script('oauth.v2.access', { kind: 'slackError', error: 'invalid_refresh_token' });
    now = new Date(T0.getTime() + 13 * HOUR);
    // Act
    const error = await refresher({ sleep: async () => undefined, raceWaitMs: 1_000 })
      .botTokenFor(TEAM)
      .catch((e: unknown) => e);
    // Assert
    expect(error).toBeInstanceOf(TokenRefreshError);
    expect(String((error as Error).message)).toBe(
      'Slack refused the refresh token of T0ROT (invalid_refresh_token): the workspace must install the app again',
    );
  });

  it('answers null for a tenant with no installation', async () => {
    expect(await refresher().botTokenFor('T0NONE')).toBeNull();
    expect(refreshCalls()).toEqual([]);
  });
});
