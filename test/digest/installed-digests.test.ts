import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { defaultDigestConfig } from '../../src/digest/config.js';
import { installedDigests } from '../../src/digest/installed-digests.js';
import { runTenantsDigestTick } from '../../src/digest/run-digest.js';
import { DEFAULT_PLAN } from '../../src/domain/plan/default-plan.js';
import { createBoltLogger } from '../../src/slack/bolt-logger.js';
import { defaultStoreConfig } from '../../src/store/config.js';
import { MongoStore } from '../../src/store/mongo/mongo-store.js';
import type { Store } from '../../src/store/ports.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { InstalledTenants } from '../../src/tenancy/installed-tenants.js';
import type { SetupTenant } from '../../src/tenancy/tenant-setup.js';
import { seedDueSubscriptions } from '../reliability/support/capture.js';
import { CapturingLogger } from '../store/fixtures.js';
import { dropDatabase, randomDatabaseName, withDatabase } from '../store/mongo-harness.js';
import { FakeSlack } from '../support/fake-slack.js';
import { SEED_PANEL, staticMetrics } from './digest-harness.js';

/**
 * The digest of an installable app over one store: each installed workspace's due channels get
 * their digest posted with that workspace's own bot token (the fake Slack refuses any other) and
 * its own metrics; a workspace uninstalled since it subscribed gets nothing.
 */

const ALPHA = { key: 'T0ALPHA', token: 'xoxb-alpha-not-real' } as const;
const BETA = { key: 'T0BETA', token: 'xoxb-beta-not-real' } as const;
const GONE = 'T0GONE';

interface StoreCase {
  name: string;
  open(): Promise<{ store: Store; drop(): Promise<void> }>;
}

const STORES: StoreCase[] = [
  {
    name: 'embedded',
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'scale-review-installed-digests-'));
      const store = SqliteStore.open(dir, new CapturingLogger());
      return { store, drop: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'MongoDB (FerretDB)',
    open: async () => {
      const database = randomDatabaseName();
      const store = await MongoStore.connect({
        url: withDatabase(inject('mongodbUrl'), database),
        defaultDatabase: database,
        client: defaultStoreConfig().mongo,
        logger: new CapturingLogger(),
      });
      return { store, drop: () => dropDatabase(inject('mongodbUrl'), database) };
    },
  },
];

let cleanup: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe.each(STORES)('installed digests ($name store)', (storeCase) => {
  it("sends each workspace's digest with its own token and metrics, and none for an uninstalled one", async () => {
    // Arrange: two installed workspaces and one uninstalled since it subscribed
    const fake = new FakeSlack({
      workspaces: [
        { teamId: ALPHA.key, botToken: ALPHA.token },
        { teamId: BETA.key, botToken: BETA.token },
      ],
    });
    const { apiUrl } = await fake.start();
    const { store, drop } = await storeCase.open();
    cleanup.push(
      () => fake.close(),
      () => drop(),
      () => store.close(),
    );
    const now = new Date();
    const logger = new CapturingLogger();
    for (const key of [ALPHA.key, BETA.key, GONE]) {
      await store.workspaces.activate(key, { externalId: `ext-${key}` }, now);
      await seedDueSubscriptions(store, { teamId: key, count: 2, now, prefix: `C${key}` });
    }
    await store.workspaces.markUninstalled(GONE, now, 7);
    const metricsOf = new Map<string, ReturnType<typeof staticMetrics>>([
      [ALPHA.key, staticMetrics({ ...SEED_PANEL, cpuPercent: 31 })],
      [BETA.key, staticMetrics({ ...SEED_PANEL, cpuPercent: 67 })],
    ]);
    const setup: SetupTenant = async (workspace) => ({
      plan: DEFAULT_PLAN,
      infrastructure: {},
      permissions: { admins: [], ackers: null },
      metrics: metricsOf.get(workspace.key) ?? null,
      metricsProblem: null,
      close: async () => undefined,
    });
    const shared = { store, logger, clock: () => new Date() };
    const tenants = new InstalledTenants({ shared, setup, answersTtlMs: 60_000 });
    const tokens = new Map<string, string>([
      [ALPHA.key, ALPHA.token],
      [BETA.key, BETA.token],
    ]);
    const tenancy = installedDigests({
      tenants,
      botTokenFor: async (key) => tokens.get(key) ?? null,
      config: { ...defaultDigestConfig(), postsPerSecond: null },
      slack: {
        slackApiUrl: apiUrl,
        clientLogger: createBoltLogger(pino({ level: 'silent' })),
        owner: 'replica-1',
      },
      shared,
    });
    // Act
    const tick = await runTenantsDigestTick(tenancy);
    // Assert: two channels each for alpha and beta, in their own workspace, with their own numbers
    expect(tick).toMatchObject({ due: 6, sent: 4, skipped: 2, failed: 0 });
    const posts = (team: string) =>
      fake
        .team(team)
        .calls('chat.postMessage')
        .map((c) => String(c.args.channel));
    expect(posts(ALPHA.key).sort()).toEqual(['CT0ALPHA0000', 'CT0ALPHA0001']);
    expect(posts(BETA.key).sort()).toEqual(['CT0BETA0000', 'CT0BETA0001']);
    const alphaText = JSON.stringify(fake.team(ALPHA.key).messages('CT0ALPHA0000'));
    const betaText = JSON.stringify(fake.team(BETA.key).messages('CT0BETA0000'));
    expect(alphaText).toContain('31');
    expect(betaText).toContain('67');
    expect(betaText).not.toContain('CT0ALPHA');
    expect(fake.calls().filter((c) => String(c.args.channel ?? '').startsWith(`C${GONE}`))).toEqual(
      [],
    );
    await tenants.close();
  });
});
