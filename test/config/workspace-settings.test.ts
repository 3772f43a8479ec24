import { describe, expect, it } from 'vitest';
import { composeAppConfig } from '../../src/config/app-config.js';
import { parseConfigText } from '../../src/config/config-file.js';
import { resolvePlan } from '../../src/domain/plan/overrides.js';
import { workspaceDatabaseUrlProblem } from '../../src/tenancy/workspace-database-url.js';
import {
  parseWorkspaceSettings,
  type SettingsDefaults,
  settingsDefaultsOf,
} from '../../src/tenancy/workspace-settings.js';

/** A deployment whose YAML names its own source, role, resources and people: none of it may leak. */
const DEPLOYMENT_YAML = `
plan:
  thresholds:
    memory: { over: 70 }
metrics:
  timeoutMs: 9000
  cacheTtlSeconds: 120
  cloudwatch:
    region: us-east-2
    roleArn: arn:aws:iam::999988887777:role/OperatorRead
    externalId: sr-operator-own-external-id
    dimensions:
      autoScalingGroupName: operator-web
      dbInstanceIdentifier: operator-db
slack:
  admins: [U0OPERATOR]
  ackers: [U0OPACK]
infrastructure:
  servers: 4
`;

const EXTERNAL_ID = 'sr-0123456789abcdef0123456789abcdef';
const ROLE = 'arn:aws:iam::210987654321:role/ScaleReviewRead';

function deployment(yaml = DEPLOYMENT_YAML): SettingsDefaults {
  return settingsDefaultsOf(composeAppConfig(parseConfigText(yaml, 'scale-review.yml')));
}

describe('a workspace without settings', () => {
  it("gets the deployment's plan and infrastructure, everyone may act, and no metrics source", () => {
    // Arrange
    const defaults = deployment();
    // Act
    const parsed = parseWorkspaceSettings({}, defaults, EXTERNAL_ID);
    // Assert
    expect(parsed).toEqual({
      plan: defaults.plan,
      infrastructure: { servers: 4 },
      permissions: { admins: [], ackers: null },
      metrics: null,
      problems: [],
    });
    expect(parsed.plan.thresholds.memory.over).toBe(70);
  });
});

describe('plan overrides', () => {
  it("merge onto the deployment's plan, the values an `over` moves derived as in the YAML", () => {
    const parsed = parseWorkspaceSettings(
      { plan: { thresholds: { cpu: { over: 60 } }, growth: { defaultMonthlyPercent: 12 } } },
      deployment(),
      EXTERNAL_ID,
    );

    expect(parsed.problems).toEqual([]);
    expect(parsed.plan.thresholds.cpu).toMatchObject({ over: 60, approaching: 58.4 });
    expect(parsed.plan.thresholds.memory.over).toBe(70);
    expect(parsed.plan.growth.defaultMonthlyPercent).toBe(12);
    expect(parsed.plan.sizing.targetPercent).toBe(52);
  });

  it('that do not validate fall back to the deployment plan, with the YAML message', () => {
    // Arrange: the message the YAML would give for the same value
    const yaml = (() => {
      try {
        resolvePlan({ thresholds: { cpu: { over: -5 } } });
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    const defaults = deployment();
    // Act
    const parsed = parseWorkspaceSettings(
      { plan: { thresholds: { cpu: { over: -5 } } } },
      defaults,
      EXTERNAL_ID,
    );
    // Assert
    expect(parsed.plan).toBe(defaults.plan);
    expect(parsed.problems).toContainEqual({
      path: 'plan.thresholds.cpu.over',
      message: 'expected >= 0, got -5',
    });
    // The values derived from it (approaching, the sizing target) are named too, as in the YAML.
    expect(parsed.problems.map((p) => p.path).sort()).toEqual([
      'plan.sizing.targetPercent',
      'plan.thresholds.cpu.approaching',
      'plan.thresholds.cpu.over',
    ]);
    expect(yaml).toContain('plan.thresholds.cpu.over: expected >= 0, got -5');
  });

  it('refuse what a workspace may not set (a stage list, a critical threshold)', () => {
    const parsed = parseWorkspaceSettings(
      { plan: { stages: [], thresholds: { cpu: { over: 80, critical: 99 } } } },
      deployment(),
      EXTERNAL_ID,
    );

    expect(parsed.problems).toEqual([
      { path: 'plan.thresholds.cpu.critical', message: 'unknown setting' },
      { path: 'plan.stages', message: 'unknown setting' },
    ]);
  });
});

describe('infrastructure', () => {
  it("overlays the deployment's key by key, validated against the plan", () => {
    const parsed = parseWorkspaceSettings(
      { infrastructure: { dbTier: 'Medium', stage: 2 } },
      deployment(),
      EXTERNAL_ID,
    );

    expect(parsed.problems).toEqual([]);
    expect(parsed.infrastructure).toEqual({ servers: 4, dbTier: 'Medium', stage: 2 });
  });

  it("falls back to the deployment's when a value no longer exists in the plan", () => {
    const parsed = parseWorkspaceSettings(
      { infrastructure: { dbTier: 'Gigantic' } },
      deployment(),
      EXTERNAL_ID,
    );

    expect(parsed.infrastructure).toEqual({ servers: 4 });
    expect(parsed.problems).toEqual([
      {
        path: 'infrastructure.dbTier',
        message: "expected one of the plan's dbSizes: Small, Medium, Large, XLarge",
      },
    ]);
  });
});

describe('who may act', () => {
  it("is the workspace's own lists, never the deployment's", () => {
    const parsed = parseWorkspaceSettings(
      { slack: { admins: ['U1ANA'], ackers: ['U2BEN'] } },
      deployment(),
      EXTERNAL_ID,
    );

    expect(parsed.permissions).toEqual({ admins: ['U1ANA'], ackers: ['U2BEN'] });
  });

  it('leaves out an id that does not validate rather than letting everyone act', () => {
    const parsed = parseWorkspaceSettings(
      { slack: { admins: ['U1ANA', 'not-a-user'] } },
      deployment(),
      EXTERNAL_ID,
    );

    expect(parsed.permissions).toEqual({ admins: ['U1ANA'], ackers: null });
    expect(parsed.problems).toEqual([
      {
        path: 'slack.admins.1',
        message: 'expected a Slack user id such as U012AB3CD (Profile > ⋮ > Copy member ID)',
      },
    ]);
  });
});

describe('the metrics source', () => {
  it("reads CloudWatch through the workspace's role with its own external id, not the deployment's", () => {
    // Act
    const parsed = parseWorkspaceSettings(
      {
        metrics: {
          source: 'cloudwatch',
          cloudwatch: {
            region: 'eu-west-1',
            roleArn: ROLE,
            dimensions: { autoScalingGroupName: 'team-web', dbAllocatedStorageGb: 'auto' },
          },
        },
      },
      deployment(),
      EXTERNAL_ID,
    );
    // Assert
    expect(parsed.problems).toEqual([]);
    expect(parsed.metrics?.plan).toEqual([{ name: 'cloudwatch', metrics: 'rest' }]);
    expect(parsed.metrics).toMatchObject({ timeoutMs: 9000, cacheTtlSeconds: 120 });
    expect(parsed.metrics?.cloudwatch).toMatchObject({
      region: 'eu-west-1',
      roleArn: ROLE,
      externalId: EXTERNAL_ID,
      dimensions: { autoScalingGroupName: 'team-web', dbAllocatedStorageGb: 'auto' },
    });
    expect(JSON.stringify(parsed)).not.toMatch(/operator|999988887777|us-east-2/);
  });

  it('refuses an external id typed into the settings', () => {
    const parsed = parseWorkspaceSettings(
      {
        metrics: {
          source: 'cloudwatch',
          cloudwatch: { region: 'eu-west-1', roleArn: ROLE, externalId: 'sr-chosen-by-hand' },
        },
      },
      deployment(),
      EXTERNAL_ID,
    );

    expect(parsed.metrics).toBeNull();
    expect(parsed.problems).toEqual([
      { path: 'metrics.cloudwatch.externalId', message: 'unknown setting' },
    ]);
  });

  it('says what is wrong with a role ARN or a region, in the YAML words', () => {
    const parsed = parseWorkspaceSettings(
      {
        metrics: {
          source: 'cloudwatch',
          cloudwatch: { region: 'Europe', roleArn: 'arn:aws:iam::1234:user/x' },
        },
      },
      deployment(),
      EXTERNAL_ID,
    );

    expect(parsed.metrics).toBeNull();
    expect(parsed.problems).toEqual([
      { path: 'metrics.cloudwatch.region', message: 'region must look like us-east-1' },
      {
        path: 'metrics.cloudwatch.roleArn',
        message: 'expected an IAM role ARN such as arn:aws:iam::123456789012:role/ScaleReviewRead',
      },
    ]);
  });

  it('needs a role for CloudWatch: without one it would read the deployment account', () => {
    const parsed = parseWorkspaceSettings(
      { metrics: { source: 'cloudwatch' } },
      deployment(),
      EXTERNAL_ID,
    );

    expect(parsed.metrics).toBeNull();
    expect(parsed.problems).toEqual([
      {
        path: 'metrics.cloudwatch.roleArn',
        message:
          'CloudWatch is read through a role in your AWS account: give its region and role ARN',
      },
    ]);
  });

  it('takes PostgreSQL with the default queries (the URL is a sealed secret, not a value)', () => {
    const parsed = parseWorkspaceSettings(
      { metrics: { source: 'postgres' } },
      deployment(),
      EXTERNAL_ID,
    );

    expect(parsed.problems).toEqual([]);
    expect(parsed.metrics?.plan).toEqual([{ name: 'postgres', metrics: 'rest' }]);
    expect(parsed.metrics?.postgres.windowDays).toBe(7);
  });

  it('offers a file or a URL only where the operator allows them', () => {
    const values = { metrics: { source: 'url', url: 'https://metrics.example.com/week.json' } };

    const refused = parseWorkspaceSettings(values, deployment(), EXTERNAL_ID);
    const allowed = parseWorkspaceSettings(
      values,
      deployment(`slack:\n  workspaces:\n    metricsSources: [cloudwatch, url]\n`),
      EXTERNAL_ID,
    );

    expect(refused.metrics).toBeNull();
    expect(refused.problems).toEqual([
      {
        path: 'metrics.source',
        message:
          'this deployment does not let workspaces read metrics from url; choose cloudwatch or postgres',
      },
    ]);
    expect(allowed.problems).toEqual([]);
    expect(allowed.metrics?.url).toBe('https://metrics.example.com/week.json');
  });

  it('is none, with the problem said, when the stored settings are not a mapping', () => {
    const parsed = parseWorkspaceSettings('junk', deployment(), EXTERNAL_ID);

    expect(parsed.metrics).toBeNull();
    expect(parsed.problems).toEqual([
      { path: 'settings', message: 'the stored settings are not a mapping' },
    ]);
  });
});

describe('a workspace database URL', () => {
  const password = 'S3cr:et@pass';
  const url = (query = '') =>
    `postgres://reader:${encodeURIComponent(password)}@db.example.com:5432/app${query}`;

  it('is accepted as the YAML variable would be', () => {
    expect(workspaceDatabaseUrlProblem(url('?sslmode=require'))).toBeNull();
  });

  it.each([
    [
      'mysql://reader@db.example.com/app',
      'expected a URL starting with postgres:// or postgresql://',
    ],
    ['db.example.com', 'expected a connection URL such as'],
    [url('?sslmode=sometimes'), 'the connection URL has sslmode=sometimes'],
    [url('?sslrootcert=/etc/ssl/private/key.pem'), 'remove sslrootcert'],
    [url('?host=/var/run/postgresql'), 'remove host'],
  ])('refuses %s, without repeating it', (value, expected) => {
    const problem = workspaceDatabaseUrlProblem(value);

    expect(problem).toContain(expected);
    expect(problem).not.toContain(password);
    expect(problem).not.toContain('db.example.com');
  });
});
