import type { Pool, PoolConfig } from 'pg';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeAppConfig } from '../../src/config/app-config.js';
import { parseConfigText } from '../../src/config/config-file.js';
import type { AssumeRoleSender } from '../../src/metrics/cloudwatch/assume-role.js';
import { createRoleCredentialsCache } from '../../src/metrics/cloudwatch/role-credentials-cache.js';
import { createSealer } from '../../src/secrets/sealer.js';
import type { WorkspaceRecord } from '../../src/store/ports/workspaces.js';
import { createSettingsSetup, type SettingsSetupDeps } from '../../src/tenancy/settings-setup.js';
import {
  POSTGRES_URL_SECRET,
  secretContext,
  settingsDefaultsOf,
} from '../../src/tenancy/workspace-settings.js';
import { newMotoAccount } from '../metrics/support/moto.js';
import {
  createInboxDatabase,
  type InboxDatabase,
  NOW as PG_NOW,
  passwordForms,
} from '../metrics/support/postgres.js';
import { silentLogger } from '../metrics/support/silent-logger.js';
import { countingSts, roleClientFactory, roleIn } from '../metrics/support/sts.js';
import { endpoint, NOW, REGION, seedWeek } from '../metrics/support/week.js';
import { sealingKey } from '../secrets/keys.js';

/**
 * An installed workspace's setup from its Settings, against the real sources: CloudWatch on moto
 * through the workspace's role (moto's STS) and PostgreSQL on the run's server with the sealed URL.
 */

const sealer = createSealer([sealingKey('k1', 7)]);
const EXTERNAL_ID = 'sr-00112233445566778899aabbccddeeff';

/** The deployment reads its own account with its own role: a workspace must never inherit it. */
const DEPLOYMENT = settingsDefaultsOf(
  composeAppConfig(
    parseConfigText(
      `metrics:
  cacheTtlSeconds: 0
  cloudwatch:
    region: us-east-2
    roleArn: arn:aws:iam::999988887777:role/OperatorRead
    externalId: sr-operator-own-external-id
slack:
  admins: [U0OPERATOR]
  # The test PostgreSQL runs on loopback.
  workspaces:
    privateDatabaseHosts: true
`,
      'scale-review.yml',
    ),
  ),
);

function workspace(
  key: string,
  values: Record<string, unknown>,
  secrets: Record<string, string> = {},
): WorkspaceRecord {
  const at = new Date('2026-03-01T00:00:00Z');
  return {
    key,
    status: 'active',
    installedAt: at,
    uninstalledAt: null,
    purgeAfter: null,
    externalId: EXTERNAL_ID,
    settings: { values, secrets },
    settingsUpdatedBy: 'U1ANA',
    version: 2,
    updatedAt: at,
  };
}

/** STS on moto, remembering the external id of every AssumeRole. */
function recordingSts(): AssumeRoleSender & { externalIds: (string | undefined)[] } {
  const sts = countingSts(endpoint, REGION);
  const externalIds: (string | undefined)[] = [];
  return {
    externalIds,
    send: (command) => {
      externalIds.push(command.input.ExternalId);
      return sts.send(command);
    },
  };
}

function deps(overrides: Partial<SettingsSetupDeps> = {}) {
  const logger = silentLogger();
  const sts = recordingSts();
  const roles = createRoleCredentialsCache({
    clock: () => Date.now(),
    max: 10,
    createSts: () => sts,
  });
  return {
    logger,
    sts,
    deps: {
      defaults: DEPLOYMENT,
      sealer,
      logger,
      clock: () => NOW,
      roleCredentials: (role) => roles.get(role),
      clients: { createCloudWatchClient: roleClientFactory(endpoint) },
      ...overrides,
    } satisfies SettingsSetupDeps,
  };
}

describe('a workspace with CloudWatch in its own AWS account', () => {
  it('reads it through its role with its own external id, in its own region', async () => {
    // Arrange: the workspace's account on moto, and its settings
    const account = newMotoAccount();
    await seedWeek(account, ['cpu', 'db']);
    const { deps: setupDeps, sts } = deps();
    const record = workspace('T0CLOUD', {
      metrics: {
        source: 'cloudwatch',
        cloudwatch: {
          region: REGION,
          roleArn: roleIn(account),
          dimensions: {
            autoScalingGroupName: 'support-web',
            dbInstanceIdentifier: 'support-db',
            dbInstanceClass: 'db.t3.small',
            dbAllocatedStorageGb: 20,
          },
        },
      },
    });
    // Act
    const setup = await createSettingsSetup(setupDeps)(record);
    const result = await setup.metrics?.fetch({ now: NOW });
    await setup.close();
    // Assert
    expect(setup.metricsProblem).toBeNull();
    expect(result?.snapshot.cpuPercent).toBeCloseTo(30 + 40 * 0.9);
    expect(result?.snapshot.dbConnections).toBe(95);
    expect(result?.source.description).toContain(REGION);
    expect(sts.externalIds).toEqual([EXTERNAL_ID]);
    expect(setup.permissions).toEqual({ admins: [], ackers: null });
  });
});

describe('a workspace with its PostgreSQL database', () => {
  let db: InboxDatabase;

  beforeAll(async () => {
    db = await createInboxDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('reads it with the sealed URL, and close() ends its pool', async () => {
    // Arrange
    const pools: Pool[] = [];
    const { deps: setupDeps, logger } = deps({
      clock: () => PG_NOW,
      clients: {
        createPgPool: (config: PoolConfig) => {
          const pool = new pg.Pool(config);
          pools.push(pool);
          return pool;
        },
      },
    });
    const sealed = sealer.seal(db.url, secretContext('T0PG', POSTGRES_URL_SECRET));
    const record = workspace(
      'T0PG',
      { metrics: { source: 'postgres' } },
      { [POSTGRES_URL_SECRET]: sealed },
    );
    // Act
    const setup = await createSettingsSetup(setupDeps)(record);
    const result = await setup.metrics?.fetch({ now: PG_NOW });
    await setup.close();
    // Assert
    expect(setup.metricsProblem).toBeNull();
    expect(result?.snapshot.conversationsPerMonth).toBe(120);
    expect(pools).toHaveLength(1);
    expect(pools[0]?.ended).toBe(true);
    const logged = JSON.stringify(logger.entries);
    for (const form of passwordForms(db.password)) expect(logged).not.toContain(form);
  });

  it('refuses a database on loopback or a private network unless the operator allows it', async () => {
    // Arrange: the deployment's default (no private hosts); three URLs, one resolving publicly
    const { deps: setupDeps } = deps({
      clock: () => PG_NOW,
      defaults: {
        ...DEPLOYMENT,
        workspaces: { ...DEPLOYMENT.workspaces, privateDatabaseHosts: false },
      },
      resolveHost: async (host) => (host === 'db.example.com' ? ['93.184.215.14'] : ['10.1.2.3']),
    });
    const setupOf = async (url: string) => {
      const sealed = sealer.seal(url, secretContext('T0PG', POSTGRES_URL_SECRET));
      const record = workspace(
        'T0PG',
        { metrics: { source: 'postgres' } },
        { [POSTGRES_URL_SECRET]: sealed },
      );
      const setup = await createSettingsSetup(setupDeps)(record);
      await setup.close();
      return setup;
    };
    // Act
    const loopback = await setupOf(db.url);
    const internal = await setupOf('postgres://reader:pw@db.internal.corp:5432/inbox');
    const publicHost = await setupOf('postgres://reader:pw@db.example.com:5432/inbox');
    // Assert
    expect(loopback.metrics).toBeNull();
    expect(loopback.metricsProblem?.message).toContain('not on the public internet');
    expect(loopback.metricsProblem?.message).not.toContain('127.0.0.1');
    expect(internal.metrics).toBeNull();
    expect(internal.metricsProblem?.message).not.toContain('db.internal.corp');
    expect(publicHost.metricsProblem).toBeNull();
    expect(publicHost.metrics).not.toBeNull();
  });

  it('names the Settings field, not an environment variable, when the database refuses the URL', async () => {
    // Arrange
    const { deps: setupDeps } = deps({ clock: () => PG_NOW });
    const wrong = db.urlWith({ sslmode: 'disable' }, 'not-the-password');
    const record = workspace(
      'T0PG',
      { metrics: { source: 'postgres' } },
      { [POSTGRES_URL_SECRET]: sealer.seal(wrong, secretContext('T0PG', POSTGRES_URL_SECRET)) },
    );
    // Act
    const setup = await createSettingsSetup(setupDeps)(record);
    const error = await setup.metrics?.fetch({ now: PG_NOW }).catch((e: unknown) => e);
    await setup.close();
    // Assert
    expect((error as Error).message).toBe(
      "PostgreSQL not configured: the server rejected the password — put the database user's current password in the connection URL in the App Home (Settings)",
    );
  });

  it('does not open a URL sealed for another workspace: no source, an admin re-enters it', async () => {
    // Arrange: a sealed value copied from another tenant's record
    const { deps: setupDeps, logger } = deps();
    const copied = sealer.seal(db.url, secretContext('T0OTHER', POSTGRES_URL_SECRET));
    const record = workspace(
      'T0PG',
      { metrics: { source: 'postgres' } },
      { [POSTGRES_URL_SECRET]: copied },
    );
    // Act
    const setup = await createSettingsSetup(setupDeps)(record);
    // Assert
    expect(setup.metrics).toBeNull();
    expect(setup.metricsProblem?.message).toBe(
      'Metrics not configured: the saved PostgreSQL connection URL cannot be read — an admin enters it again in the App Home (Settings)',
    );
    expect(logger.entries.map((e) => [e.level, e.message])).toContainEqual([
      'error',
      'a workspace secret does not open',
    ]);
  });
});

describe('a workspace whose settings give no source', () => {
  it("has none, and is told where to set one (the deployment's own source is not inherited)", async () => {
    const { deps: setupDeps } = deps();

    const setup = await createSettingsSetup(setupDeps)(workspace('T0NONE', {}));

    expect(setup.metrics).toBeNull();
    expect(setup.metricsProblem?.message).toBe(
      'Metrics not configured: no metrics source for this workspace — an admin sets one in the App Home (Settings)',
    );
    expect(setup.permissions).toEqual({ admins: [], ackers: null });
    expect(setup.plan).toBe(DEPLOYMENT.plan);
  });

  it('gets the defaults and a problem naming the setting, for settings that no longer validate', async () => {
    // Arrange: the operator withdrew PostgreSQL, and a threshold went bad
    const { deps: setupDeps, logger } = deps({
      defaults: {
        ...DEPLOYMENT,
        workspaces: {
          metricsSources: ['cloudwatch'],
          awsAccountId: null,
          privateDatabaseHosts: true,
        },
      },
    });
    const record = workspace('T0STALE', {
      metrics: { source: 'postgres' },
      plan: { thresholds: { memory: { over: 'high' } } },
    });
    // Act
    const setup = await createSettingsSetup(setupDeps)(record);
    // Assert
    expect(setup.metrics).toBeNull();
    expect(setup.metricsProblem?.message).toBe(
      'Metrics not configured: the metrics settings no longer validate (metrics.source: this deployment does not let workspaces read metrics from postgres; choose cloudwatch) — an admin fixes them in the App Home (Settings)',
    );
    expect(setup.plan).toBe(DEPLOYMENT.plan);
    const warning = logger.entries.find((e) => e.level === 'warn');
    expect(warning?.meta).toMatchObject({
      tenant: 'T0STALE',
      problems: [
        { path: 'plan.thresholds.memory.over', message: 'expected number, got string' },
        expect.objectContaining({ path: 'metrics.source' }),
      ],
    });
  });
});
