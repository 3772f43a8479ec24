import { z } from 'zod';
import { type DigestConfig, digestConfigSchema } from '../digest/config.js';
import type { Plan } from '../domain/plan/schema.js';
import { type MetricsConfig, metricsConfigSchema, SOURCE_NAMES } from '../metrics/config.js';
import { type StoreConfig, storeConfigSchema } from '../store/config.js';
import { CONFIG_FILE_NAME, type LoadedConfig, loadConfigFile } from './config-file.js';
import { sectionError } from './section-error.js';

/** Slack user ids: `U…` (or `W…` on Enterprise Grid). */
export const slackUserIdSchema = z.string().regex(/^[UW][A-Z0-9]{2,}$/, {
  error: 'expected a Slack user id such as U012AB3CD (Profile > ⋮ > Copy member ID)',
});

/**
 * `slack.answers`: the queue of answers that follow acks (src/slack/answer-queue.ts).
 * - capacity: answers waiting or running at most (default 2,000); past it a command is acked with
 *   "busy, try again in a minute". At 8 answers at a time and about 200 ms each (Slack's and
 *   CloudWatch's latencies) a full queue drains in under a minute.
 * - concurrency: answers running at once once commands stop arriving (default 8); during a burst
 *   they run one at a time, so that acks always go first.
 */
export const answerQueueConfigSchema = z.strictObject({
  capacity: z.number().int().min(1).max(100_000).default(2_000),
  concurrency: z.number().int().min(1).max(64).default(8),
});

/** The metrics sources an installed workspace may choose in its Settings unless the operator says otherwise. */
export const DEFAULT_WORKSPACE_SOURCES = ['cloudwatch', 'postgres'] as const;

/**
 * `slack.workspaces`: what workspaces that install the app (OAuth mode) may set in their App Home
 * Settings (docs/slack.md, "Settings"). Ignored with one workspace and a bot token.
 * - metricsSources: the sources they may choose. `file` reads a path on this server and `url`
 *   fetches any address from it, so both are off unless the operator adds them.
 * - awsAccountId: the AWS account Scale Review runs in, which a workspace's role must trust;
 *   shown in the Settings modal's trust policy and named when AssumeRole is denied.
 * - privateDatabaseHosts: whether a workspace's PostgreSQL may be on a loopback, private or
 *   link-local address (src/tenancy/database-host.ts); off, since the server would connect into
 *   its own network for whoever installed the app.
 */
export const workspacesConfigSchema = z.strictObject({
  metricsSources: z
    .array(z.enum(SOURCE_NAMES))
    .refine((names) => new Set(names).size === names.length, { error: 'list each source once' })
    .default([...DEFAULT_WORKSPACE_SOURCES]),
  awsAccountId: z
    .string()
    .regex(/^\d{12}$/, { error: 'expected a 12-digit AWS account id such as 111122223333' })
    .nullable()
    .default(null),
  privateDatabaseHosts: z.boolean().default(false),
});
export type WorkspacesConfig = z.infer<typeof workspacesConfigSchema>;

/**
 * The `slack:` section of scale-review.yml.
 * - admins: who alone may snooze, un-snooze, subscribe and unsubscribe; empty = everyone may.
 * - ackers: who may acknowledge (admins always may); null (the default) = everyone in the channel.
 * - answers: the answer queue (above).
 * - workspaces: what installed workspaces may set (above).
 */
export const slackConfigSchema = z.strictObject({
  admins: z.array(slackUserIdSchema).default([]),
  ackers: z.array(slackUserIdSchema).nullable().default(null),
  answers: answerQueueConfigSchema.prefault({}),
  workspaces: workspacesConfigSchema.prefault({}),
});
export type SlackConfig = z.infer<typeof slackConfigSchema>;

/**
 * The `infrastructure:` section: what the team runs now (the estate, docs/plan.md). All optional:
 * without them the review carries the stage from earlier reviews (or takes the volume's), infers
 * the servers from the metrics source or the stage and the database tier from the stage's
 * database, and says so. Changes marked done in Slack apply on top until a value here changes.
 */
export function infrastructureConfigSchema(plan: Plan) {
  const tiers = plan.dbSizes.map((t) => t.name);
  const stages = plan.stages.map((s) => s.number);
  const actions = plan.playbook.map((a) => a.key);
  return z.strictObject({
    stage: z
      .number()
      .int({ error: 'expected a stage number' })
      .refine((n) => stages.includes(n), {
        error: `expected one of the plan's stages: ${stages.join(', ')}`,
      })
      .optional(),
    measures: z
      .array(
        z.string().refine((key) => actions.includes(key), {
          error: `expected playbook keys: ${actions.join(', ')}`,
        }),
      )
      .optional(),
    monthlyCost: z
      .number()
      .finite({ error: 'expected a number of dollars' })
      .nonnegative({ error: 'expected a cost of at least 0' })
      .optional(),
    servers: z
      .number()
      .int({ error: 'expected a whole number of servers' })
      .min(1, { error: 'expected at least 1 server' })
      .max(1000, { error: 'expected at most 1000 servers' })
      .optional(),
    dbTier: z
      .string()
      .refine((name) => tiers.includes(name), {
        error: `expected one of the plan's dbSizes: ${tiers.join(', ')}`,
      })
      .optional(),
  });
}
export type InfrastructureConfig = z.infer<ReturnType<typeof infrastructureConfigSchema>>;

/** The config file with every section validated by the schema of the module that owns it. */
export interface AppConfig {
  /** The file read, or null when there is none (all defaults). */
  path: string | null;
  plan: Plan;
  metrics: MetricsConfig;
  /** false when the file has no `metrics:` section (CloudWatch defaults apply). */
  metricsConfigured: boolean;
  store: StoreConfig;
  slack: SlackConfig;
  digest: DigestConfig;
  infrastructure: InfrastructureConfig;
}

function parseSection<T>(file: string, section: string, schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) throw sectionError(file, section, schema, raw, parsed.error);
  return parsed.data;
}

/**
 * Validates the sections the config file loader leaves open.
 * @throws ConfigError naming the file, the dotted field and what was expected.
 */
export function composeAppConfig(loaded: LoadedConfig): AppConfig {
  const file = loaded.path ?? CONFIG_FILE_NAME;
  return {
    path: loaded.path,
    plan: loaded.plan,
    metrics: parseSection(file, 'metrics', metricsConfigSchema, loaded.metrics),
    metricsConfigured: loaded.metrics !== null,
    store: parseSection(file, 'store', storeConfigSchema, loaded.store),
    slack: parseSection(file, 'slack', slackConfigSchema, loaded.slack),
    digest: parseSection(file, 'digest', digestConfigSchema, loaded.digest),
    infrastructure: parseSection(
      file,
      'infrastructure',
      infrastructureConfigSchema(loaded.plan),
      loaded.infrastructure,
    ),
  };
}

/** Finds, loads and validates the config file (SCALE_REVIEW_CONFIG, else ./scale-review.yml). */
export async function loadAppConfig(options: {
  explicitPath: string | undefined;
  cwd: string;
}): Promise<AppConfig> {
  const loaded = await loadConfigFile({
    explicitPath: options.explicitPath ?? null,
    cwd: options.cwd,
  });
  return composeAppConfig(loaded);
}

/**
 * The embedded store's directory: DATA_DIR when set, else `store.dataDir` from the config file.
 * (BotEnv.dataDir always has a value, so the raw variable tells whether it was set.)
 */
export function resolveDataDir(rawEnv: NodeJS.ProcessEnv, store: StoreConfig): string {
  const fromEnv = rawEnv.DATA_DIR?.trim();
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : store.dataDir;
}
