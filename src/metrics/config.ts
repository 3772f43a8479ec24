import { z } from 'zod';
import { keyedBy } from '../domain/catalog/derive.js';
import { SNAPSHOT_METRIC_KEYS } from '../domain/metrics.js';
import { externalIdSchema, ROLE_ARN_EXAMPLE, roleArnSchema } from './cloudwatch/role.js';
import { CLOUDWATCH_METRICS } from './cloudwatch/supply.js';
import type { SnapshotMetricKey } from './port.js';
import { postgresConfigSchema } from './postgres/config.js';

/**
 * The `metrics:` section of scale-review.yml. Every default is documented in docs/metrics.md.
 * The caller passes AWS_REGION separately (only src/config reads the environment); the AWS SDK
 * itself honours AWS_ENDPOINT_URL_CLOUDWATCH and the default credential chain.
 */

/** How a window of period values becomes the snapshot value (see docs/metrics.md). */
export const WINDOW_STATISTIC_NAMES = [
  'average',
  'maximum',
  'minimum',
  'sum',
  'latest',
  'window',
] as const;
export type WindowStatistic = (typeof WINDOW_STATISTIC_NAMES)[number] | `p${number}`;

const PERCENTILE_PATTERN = /^p(\d{1,2}(\.\d+)?)$/;

/** `p90` -> 90; null for anything that is not a percentile in (0, 100). */
export function percentileOf(statistic: string): number | null {
  const match = PERCENTILE_PATTERN.exec(statistic);
  if (!match?.[1]) return null;
  const p = Number(match[1]);
  return p > 0 && p < 100 ? p : null;
}

const windowStatisticSchema = z.custom<WindowStatistic>(
  (value) =>
    typeof value === 'string' &&
    ((WINDOW_STATISTIC_NAMES as readonly string[]).includes(value) || percentileOf(value) !== null),
  {
    error: `window statistic must be one of ${WINDOW_STATISTIC_NAMES.join(', ')} or a percentile such as p90`,
  },
);

/** CloudWatch statistics: the five basic ones and the extended ones (p95, p99.9, tm90, TM(10%:90%)...). */
const STAT_PATTERN =
  /^(SampleCount|Average|Sum|Minimum|Maximum|IQM|(p|tm|wm|tc|ts|pr)\d{1,2}(\.\d{1,2})?|(TM|WM|TC|TS|PR)\([^)]+\))$/;
const statSchema = z.string().regex(STAT_PATTERN, {
  error: 'stat must be a CloudWatch statistic: Average, Maximum, p95, ...',
});

const periodSchema = z
  .number()
  .int()
  .refine((p) => p % 60 === 0 && (86_400 % p === 0 || p === 86_400), {
    error: 'periodSeconds must be a multiple of 60 that divides a day (60, 300, 3600, 86400, ...)',
  });

const dimensionsSchema = z.record(z.string().min(1), z.string().min(1));

const commonOverride = {
  dimensions: dimensionsSchema.optional(),
  periodSeconds: periodSchema.optional(),
  windowStatistic: windowStatisticSchema.optional(),
  /** Flag `stale` when the newest datapoint is older than this; null turns the check off. */
  staleAfterMinutes: z.number().positive().nullable().optional(),
  /** Flag `partial` when fewer than this share of the window's periods have a datapoint. */
  minCoverage: z.number().min(0).max(1).optional(),
};

/** Override of one metric query: value = offset + scale × CloudWatch value. */
export const statQueryOverrideSchema = z.strictObject({
  namespace: z.string().min(1).optional(),
  metricName: z.string().min(1).optional(),
  stat: statSchema.optional(),
  scale: z.number().finite().optional(),
  offset: z.number().finite().optional(),
  ...commonOverride,
});
export type StatQueryOverride = z.infer<typeof statQueryOverrideSchema>;

/**
 * Override of the error-rate metric math: scale × (FILL(n1, 0) + FILL(n2, 0) + …) / denominator.
 * The default numerators are the targets' and the load balancer's own 5xx.
 */
export const ratioQueryOverrideSchema = z
  .strictObject({
    namespace: z.string().min(1).optional(),
    /** One numerator (kept for older configs); numeratorMetricNames takes several. */
    numeratorMetricName: z.string().min(1).optional(),
    numeratorMetricNames: z.array(z.string().min(1)).min(1).max(10).optional(),
    denominatorMetricName: z.string().min(1).optional(),
    scale: z.number().finite().positive().optional(),
    ...commonOverride,
  })
  .refine((o) => o.numeratorMetricName === undefined || o.numeratorMetricNames === undefined, {
    error: 'set numeratorMetricNames (a list) or numeratorMetricName, not both',
  });
export type RatioQueryOverride = z.infer<typeof ratioQueryOverrideSchema>;

/** One override per metric CloudWatch supplies (cloudwatch/supply.ts), in request order. */
const queriesSchema = z.strictObject({
  ...keyedBy(
    CLOUDWATCH_METRICS.filter((m) => m.query === 'stat'),
    () => statQueryOverrideSchema.optional(),
  ),
  errorRatePercent: ratioQueryOverrideSchema.optional(),
  conversationsPerMonth: statQueryOverrideSchema
    .refine((q) => q.windowStatistic !== 'window', {
      error:
        "conversationsPerMonth cannot use windowStatistic 'window' (its 30-day lookback is not aligned to the review window); use 'sum'",
    })
    .optional(),
});

const resourcesSchema = z.strictObject({
  autoScalingGroupName: z.string().min(1).optional(),
  dbInstanceIdentifier: z.string().min(1).optional(),
  /** The ALB's dimension value: `app/<name>/<id>` (the end of its ARN). */
  loadBalancer: z.string().min(1).optional(),
  dbInstanceClass: z
    .string()
    .regex(/^db\.[a-z0-9-]+\.[a-z0-9]+$/)
    .optional(),
  dbEngine: z.enum(['postgres', 'mysql', 'mariadb']).default('postgres'),
  /** The DB's allocated storage; `auto` reads it with RDS DescribeDBInstances (storage autoscaling). */
  dbAllocatedStorageGb: z.union([z.number().positive(), z.literal('auto')]).optional(),
  dbMaxConnections: z.number().int().positive().optional(),
});

const conversationsSchema = z.strictObject({
  namespace: z.string().min(1).default('SupportInbox'),
  metricName: z.string().min(1).default('ConversationsCreated'),
  dimensions: dimensionsSchema.default({}),
});

/** roleArn and externalId come together (docs/metrics.md, "Reading another AWS account"). */
function roleNeedsExternalId(
  c: { roleArn?: string | undefined; externalId?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (c.roleArn !== undefined && c.externalId === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['externalId'],
      message:
        "roleArn needs externalId: the value the role's trust policy requires as sts:ExternalId, e.g. sr- and 32 hex digits (`openssl rand -hex 16`)",
    });
  }
  if (c.externalId !== undefined && c.roleArn === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['roleArn'],
      message: `externalId is used only with roleArn, the role to assume, e.g. ${ROLE_ARN_EXAMPLE}`,
    });
  }
}

const cloudWatchFields = z.strictObject({
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, { error: 'region must look like us-east-1' })
    .optional(),
  /** Read another account: the role to assume (docs/metrics.md, "Reading another AWS account"). */
  roleArn: roleArnSchema.optional(),
  /** The sts:ExternalId the role's trust policy requires (with roleArn; not a secret). */
  externalId: externalIdSchema.optional(),
  /** SDK standard retry mode: total attempts per request, including the first. */
  maxAttempts: z.number().int().min(1).max(10).default(3),
  /** Per attempt: the whole HTTP request and response. */
  requestTimeoutMs: z.number().int().positive().max(60_000).default(3_000),
  connectionTimeoutMs: z.number().int().positive().max(60_000).default(2_000),
  /** The review window the indicators are computed over. */
  windowDays: z.number().int().min(1).max(90).default(7),
  /** Resolution of the indicator series (raised to the retention minimum when needed). */
  periodSeconds: periodSchema.default(3_600),
  staleAfterMinutes: z.number().positive().default(180),
  minCoverage: z.number().min(0).max(1).default(0.9),
  dimensions: resourcesSchema.prefault({}),
  conversations: conversationsSchema.prefault({}),
  queries: queriesSchema.prefault({}),
});

export const cloudWatchConfigSchema = cloudWatchFields.superRefine(roleNeedsExternalId);
export type CloudWatchConfig = z.infer<typeof cloudWatchConfigSchema>;

/** The sources a review can take metrics from (each configured in its own section). */
export const SOURCE_NAMES = ['cloudwatch', 'file', 'url', 'postgres'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

/** The metrics one source supplies: a list of snapshot keys, or `rest` for every key not listed elsewhere. */
const assignedMetricsSchema = z.union(
  [
    z.literal('rest'),
    z.array(z.enum(SNAPSHOT_METRIC_KEYS)).min(1, { error: 'list at least one metric, or `rest`' }),
  ],
  { error: `expected \`rest\` or a list of metric keys (${SNAPSHOT_METRIC_KEYS.join(', ')})` },
);

/** One source of the review and the metrics it supplies (`rest`: every key no other source lists). */
export interface SourcePlan {
  name: SourceName;
  metrics: readonly SnapshotMetricKey[] | 'rest';
}

const metricsSectionSchema = z.strictObject({
  /** One source for every metric (default cloudwatch). */
  source: z.enum(SOURCE_NAMES).optional(),
  /** Several sources: `{ postgres: [conversationsPerMonth, dbSizeMb], cloudwatch: rest }`. */
  sources: z.partialRecord(z.enum(SOURCE_NAMES), assignedMetricsSchema).optional(),
  file: z.string().min(1).optional(),
  url: z
    .url({
      protocol: /^https?$/,
      error: 'expected an http(s) URL, e.g. https://metrics.example.com/scale-review.json',
    })
    .optional(),
  /** Deadline for one whole fetch (all attempts and pages, the URL download, all SQL queries). */
  timeoutMs: z.number().int().positive().max(120_000).default(15_000),
  /** Largest URL response body accepted. */
  maxBodyBytes: z.number().int().positive().max(1_048_576).default(65_536),
  cacheTtlSeconds: z.number().int().min(0).max(86_400).default(60),
  /** How long past its TTL a cached result may still be served while one refresh runs. */
  maxStaleSeconds: z.number().int().min(0).max(86_400).default(300),
  cloudwatch: cloudWatchConfigSchema.prefault({}),
  postgres: postgresConfigSchema.prefault({}),
});

function planOf(config: z.infer<typeof metricsSectionSchema>): SourcePlan[] {
  if (config.sources === undefined)
    return [{ name: config.source ?? 'cloudwatch', metrics: 'rest' }];
  return SOURCE_NAMES.flatMap((name) => {
    const metrics = config.sources?.[name];
    return metrics === undefined ? [] : [{ name, metrics }];
  });
}

export const metricsConfigSchema = metricsSectionSchema
  .superRefine((config, ctx) => {
    const plan = planOf(config);
    if (config.source !== undefined && config.sources !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['sources'],
        message: 'use either source (one source) or sources (several), not both',
      });
    }
    if (config.sources !== undefined && plan.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['sources'], message: 'name at least one source' });
    }
    if (plan.filter((p) => p.metrics === 'rest').length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['sources'],
        message: 'only one source may take `rest`',
      });
    }
    const owner = new Map<string, SourceName>();
    for (const { name, metrics } of plan) {
      if (metrics === 'rest') continue;
      for (const key of metrics) {
        const first = owner.get(key);
        if (first !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['sources', name],
            message: `${key} is already taken from ${first}; list each metric under one source`,
          });
        }
        owner.set(key, name);
      }
    }
    const uses = (name: SourceName) => plan.some((p) => p.name === name);
    if (uses('file') && config.file === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['file'],
        message: 'source: file needs file: PATH, e.g. file: ./metrics/week.json',
      });
    }
    if (uses('url') && config.url === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message:
          'source: url needs url: URL, e.g. url: https://metrics.example.com/scale-review.json',
      });
    }
  })
  .transform((config) => {
    const plan = planOf(config);
    return { ...config, source: plan[0]?.name ?? 'cloudwatch', plan };
  });
export type MetricsConfig = z.output<typeof metricsConfigSchema>;

/** Parse the `metrics:` section (undefined or null means all defaults). */
export function parseMetricsConfig(section: unknown): MetricsConfig {
  return metricsConfigSchema.parse(section ?? {});
}
