import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runPurge } from '../../jobs/purge-job.js';
import { TenantNotInstalledError } from '../../src/app/errors.js';
import { clearBeforeReinstall, purgeDueTenants } from '../../src/app/uninstall.js';
import { defaultDigestConfig } from '../../src/digest/config.js';
import { createDigestDeps } from '../../src/digest/create-digest-deps.js';
import { runDigestTick } from '../../src/digest/run-digest.js';
import { createBoltLogger } from '../../src/slack/bolt-logger.js';
import type { Store } from '../../src/store/ports.js';
import { InstalledTenants } from '../../src/tenancy/installed-tenants.js';
import { readTenant, type Seeded, seedTenant } from '../store/contract-purge.js';
import { reviewRecord, subscriptionInput } from '../store/fixtures.js';
import { dropDatabase, randomDatabaseName, withDatabase } from '../store/mongo-harness.js';
import { installationInput, orgInstallationInput } from '../store/tenant-fixtures.js';
import {
  type BotHarness,
  startBotHarness,
  TEST_BOT_TOKEN,
  waitFor,
} from '../support/bot-harness.js';
import {
  sendTokensRevoked,
  sendUninstall,
  workspaceEnvelope,
} from '../support/fake-slack-events.js';
import { codeFor, exchangeCode } from '../support/fake-slack-oauth-steps.js';

/**
 * An uninstall through the real bot (Bolt, HTTP mode, every listener) and the fake Slack, which
 * revokes the workspace's tokens and sends `tokens_revoked` and `app_uninstalled` as Slack does.
 * Until the bot starts in OAuth mode itself (issue 23, the install part), these tests put its
 * installed-mode tenants in place of the single workspace's; the installs are written to the store
 * as the OAuth flow writes them. One time for the bot, the fake Slack and the events: `clock`.
 */

const serverUrl = inject('mongodbUrl');
const NOW = new Date('2026-12-01T10:32:00Z');
const DAY = 86_400_000;
const RETENTION_DAYS = 7;
const PURGE_AFTER = new Date(NOW.getTime() + RETENTION_DAYS * DAY);
const ALPHA = 'T0ALPHA';
const BETA = 'T0BETA';
const GAMMA = 'T0GAMMA';
const ORG = { id: 'E0ORG', name: 'Org' };

const STORES: [string, (database: string) => Record<string, string>][] = [
  ['embedded SQLite', () => ({})],
  ['MongoDB wire protocol (FerretDB)', (db) => ({ MONGODB_URL: withDatabase(serverUrl, db) })],
];

describe.each(STORES)('uninstall through the bot, %s store', (_, envOf) => {
  const database = randomDatabaseName();
  const clock = { now: NOW };
  let h: BotHarness;
  let store: Store;
  let beta: Seeded;

  const setNow = (date: Date) => {
    clock.now = date;
    h.setNow(date);
  };

  /**
   * Waits until the bot logged `msg` for `tenant` after log line `from`, then for its work to
   * finish: Bolt answers an event before its listener runs.
   */
  async function handled(from: number, msg: string, tenant: string) {
    const line = (l: string) => l.includes(`"msg":"${msg}`) && l.includes(`"tenant":"${tenant}"`);
    await waitFor(() => (h.logs.slice(from).some(line) ? true : undefined));
    await h.idle();
  }

  /** Written as the OAuth flow writes an install: the installation, then the active workspace. */
  async function install(key: string, org = false) {
    const input = org ? orgInstallationInput(key) : installationInput(key);
    await store.installations.put({ ...input, installedAt: clock.now }, clock.now);
    await store.workspaces.activate(key, { externalId: `ext-${key}` }, clock.now);
  }

  beforeAll(async () => {
    h = await startBotHarness({
      configYaml: 'digest:\n  enabled: false\n',
      now: NOW,
      env: envOf(database),
      fakeSlack: {
        clock: () => clock.now.getTime(),
        validTokens: [TEST_BOT_TOKEN],
        workspaces: [
          { teamId: ALPHA, botToken: 'xoxb-alpha-not-real' },
          { teamId: BETA, botToken: 'xoxb-beta-not-real' },
          { teamId: GAMMA, botToken: 'xoxb-gamma-not-real' },
          { teamId: 'T0ONE', enterprise: ORG },
        ],
      },
    });
    const { deps } = h.bot;
    store = deps.store;
    h.bot.slackDeps.tenants = new InstalledTenants({
      shared: { store, logger: deps.logger, clock: deps.clock },
      setup: async () => ({
        plan: deps.plan,
        infrastructure: {},
        permissions: { admins: [], ackers: null },
        metrics: null,
        metricsProblem: null,
        close: async () => undefined,
      }),
      answersTtlMs: 60_000,
    });
    h.bot.slackDeps.uninstallRetentionDays = RETENTION_DAYS;
    // BETA: one of every record (its first subscription, C1, due) and a second channel, due too.
    beta = await seedTenant(store, BETA);
    await store.subscriptions.upsert(subscriptionInput(BETA, 'C0BETA2', { nextRunAt: NOW }), NOW);
    await install(ALPHA);
    await store.subscriptions.upsert(subscriptionInput(ALPHA, 'C0ALPHA1', { nextRunAt: NOW }), NOW);
    await store.reviews.save(reviewRecord(ALPHA, NOW));
  });

  afterAll(async () => {
    await h?.close();
    if (envOf(database).MONGODB_URL !== undefined) await dropDatabase(serverUrl, database);
  });

  it('app_uninstalled and tokens_revoked: tokens gone, subscriptions off, data kept for the retention', async () => {
    // Act
    const from = h.logs.length;
    const sent = await sendUninstall(h.slack, h.eventsUrl, BETA);
    await handled(from, 'workspace already uninstalled', BETA);
    // Assert
    expect([sent.tokensRevoked.status, sent.appUninstalled.status]).toEqual([200, 200]);
    expect(await store.installations.get(BETA)).toBeNull();
    expect(await store.workspaces.get(BETA)).toMatchObject({
      status: 'uninstalled',
      uninstalledAt: NOW,
      purgeAfter: PURGE_AFTER,
      externalId: null,
    });
    const subscriptions = await store.subscriptions.list(BETA);
    expect(subscriptions.map((s) => [s.channelId, s.active])).toEqual([
      ['C0BETA2', false],
      ['C1', false],
    ]);
    expect(await store.reviews.latest({ teamId: BETA, limit: 10 })).toHaveLength(1);
    expect(await store.installations.get(ALPHA)).not.toBeNull();
    expect((await store.subscriptions.list(ALPHA)).map((s) => s.active)).toEqual([true]);
    await expect(h.bot.slackDeps.tenants.resolve(BETA)).rejects.toBeInstanceOf(
      TenantNotInstalledError,
    );
    // The two events, one after the other: the first uninstalls, the second finds it done.
    const logged = (msg: string) => h.logs.filter((l) => l.includes(`"msg":"${msg}`));
    expect(logged('workspace uninstalled: tokens deleted')).toEqual([
      expect.stringContaining(`"tenant":"${BETA}"`),
    ]);
    expect(logged('workspace already uninstalled')).toEqual([
      expect.stringContaining(`"tenant":"${BETA}"`),
    ]);
  });

  it('a digest tick afterwards sends nothing for the uninstalled workspace', async () => {
    // Arrange
    const digest = createDigestDeps(
      h.bot.deps,
      { ...defaultDigestConfig(), chart: false },
      {
        botToken: TEST_BOT_TOKEN,
        slackApiUrl: h.slack.apiUrl(),
        clientLogger: createBoltLogger(h.bot.logger, 'web-api'),
        owner: 'uninstall-test',
      },
    );
    // Act
    const summary = await runDigestTick(digest, { concurrency: 1 });
    // Assert
    expect(summary).toMatchObject({ due: 1, sent: 1 });
    expect(h.slack.messages('C0ALPHA1').filter((m) => !m.thread_ts)).toHaveLength(1);
    expect(h.slack.messages('C1')).toEqual([]);
    expect(h.slack.messages('C0BETA2')).toEqual([]);
  });

  it('a redelivered uninstall event changes nothing', async () => {
    // Arrange
    const before = await store.workspaces.get(BETA);
    setNow(new Date(NOW.getTime() + 60_000));
    const from = h.logs.length;
    // Act
    const response = await h.event(
      { type: 'app_uninstalled' },
      workspaceEnvelope(h.slack, BETA, { eventTime: Math.floor(NOW.getTime() / 1000) }),
      { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    );
    await handled(from, 'workspace already uninstalled', BETA);
    // Assert
    expect(response.status).toBe(200);
    expect(await store.workspaces.get(BETA)).toEqual(before);
  });

  it('tokens_revoked for user tokens only leaves the workspace installed', async () => {
    // Arrange
    const from = h.logs.length;
    const ignored = (l: string) => l.includes('tokens_revoked without a bot token ignored');
    // Act
    const response = await h.event(
      { type: 'tokens_revoked', tokens: { oauth: ['U1ANA'] } },
      workspaceEnvelope(h.slack, ALPHA),
    );
    await waitFor(() => (h.logs.slice(from).some(ignored) ? true : undefined));
    await h.idle();
    // Assert
    expect(response.status).toBe(200);
    expect(await store.installations.get(ALPHA)).not.toBeNull();
    expect(await store.workspaces.get(ALPHA)).toMatchObject({ status: 'active' });
  });

  it('an org-wide install is uninstalled by its enterprise id', async () => {
    // Arrange: the org installs org-wide (the fake issues the org's token), the store has it
    await exchangeCode(h.slack, await codeFor(h.slack, { teamId: 'T0ONE', orgWide: true }));
    await install(ORG.id, true);
    const from = h.logs.length;
    // Act
    const response = await sendTokensRevoked(h.slack, h.eventsUrl, 'T0ONE');
    await handled(from, 'workspace uninstalled: tokens deleted', ORG.id);
    // Assert
    expect(response.status).toBe(200);
    expect(await store.installations.get(ORG.id)).toBeNull();
    expect(await store.workspaces.get(ORG.id)).toMatchObject({ status: 'uninstalled' });
    expect(await store.workspaces.get('T0ONE')).toBeNull();
  });

  it('the purge keeps the data before purgeAfter and removes every record of BETA after it', async () => {
    // Arrange
    const kept = await readTenant(store, BETA, beta);
    const alphaReviews = await store.reviews.latest({ teamId: ALPHA, limit: 10 });
    const purge = () => purgeDueTenants({ store }, h.bot.deps.clock());
    // Act
    setNow(new Date(PURGE_AFTER.getTime() - 1));
    const early = await runPurge(purge, h.bot.logger);
    const afterEarly = await readTenant(store, BETA, beta);
    setNow(PURGE_AFTER);
    const due = await runPurge(purge, h.bot.logger);
    // Assert
    expect(early).toEqual([]);
    expect(afterEarly).toEqual(kept);
    // The org uninstalled a minute after BETA: its day is not yet.
    expect(due.map((o) => [o.key, o.outcome])).toEqual([[BETA, 'purged']]);
    expect(await readTenant(store, BETA, beta)).toEqual({
      review: null,
      reviews: [],
      observation: null,
      decisions: [],
      subscriptions: [],
      run: null,
      estate: null,
      canvas: null,
      installation: null,
      workspace: null,
    });
    expect(await store.reviews.latest({ teamId: ALPHA, limit: 10 })).toEqual(alphaReviews);
    expect(await store.installations.get(ALPHA)).not.toBeNull();
    expect((await store.subscriptions.list(ALPHA)).map((s) => s.channelId)).toEqual(['C0ALPHA1']);
    const lines = h.logs.filter((l) => l.includes('"msg":"uninstalled workspace purged"'));
    expect(lines.some((l) => l.includes(`"tenant":"${BETA}"`) && /"records":1\d/.test(l))).toBe(
      true,
    );
  });

  it('a reinstall after an uninstall starts clean, and a late uninstall event does not undo it', async () => {
    // Arrange: ALPHA uninstalls, then installs again a minute later
    const uninstalledAt = clock.now;
    await sendUninstall(h.slack, h.eventsUrl, ALPHA);
    await handled(0, 'workspace already uninstalled', ALPHA);
    setNow(new Date(uninstalledAt.getTime() + 60_000));
    // Act
    const cleared = await clearBeforeReinstall({ store }, ALPHA);
    await install(ALPHA);
    const late = await h.event(
      { type: 'app_uninstalled' },
      workspaceEnvelope(h.slack, ALPHA, { eventTime: Math.floor(uninstalledAt.getTime() / 1000) }),
      { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' },
    );
    await handled(0, 'uninstall event older than the current installation ignored', ALPHA);
    // Assert
    expect(cleared).toMatchObject({ subscriptions: 1, workspace: 1 });
    expect(cleared?.reviews).toBeGreaterThan(0);
    expect(late.status).toBe(200);
    expect(await store.workspaces.get(ALPHA)).toMatchObject({
      status: 'active',
      installedAt: clock.now,
      settings: { values: {}, secrets: {} },
    });
    expect(await store.installations.get(ALPHA)).not.toBeNull();
    expect(await store.reviews.latest({ teamId: ALPHA, limit: 10 })).toEqual([]);
    expect(await store.subscriptions.list(ALPHA)).toEqual([]);
  });
  it('with a retention of 0 days the data goes with the uninstall', async () => {
    // Arrange
    await install(GAMMA);
    await store.subscriptions.upsert(subscriptionInput(GAMMA, 'C0GAMMA1'), clock.now);
    await store.reviews.save(reviewRecord(GAMMA, clock.now));
    h.bot.slackDeps.uninstallRetentionDays = 0;
    const from = h.logs.length;
    // Act
    await sendUninstall(h.slack, h.eventsUrl, GAMMA);
    // Each event purges: the second finds no record left, and purges the one it marks.
    const purgedAtOnce = () =>
      h.logs.slice(from).filter((l) => l.includes('purged at once') && l.includes(GAMMA));
    await waitFor(() => (purgedAtOnce().length === 2 ? true : undefined));
    await h.idle();
    h.bot.slackDeps.uninstallRetentionDays = RETENTION_DAYS;
    // Assert
    expect(await store.workspaces.get(GAMMA)).toBeNull();
    expect(await store.installations.get(GAMMA)).toBeNull();
    expect(await store.subscriptions.list(GAMMA)).toEqual([]);
    expect(await store.reviews.latest({ teamId: GAMMA, limit: 10 })).toEqual([]);
    expect(JSON.parse(purgedAtOnce()[0] ?? '{}')).toMatchObject({
      tenant: GAMMA,
      counts: { subscriptions: 1, reviews: 1, workspace: 1 },
    });
  });
});
