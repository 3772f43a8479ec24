import { z } from 'zod';
import type { Permissions } from '../app/deps.js';
import {
  type AppConfig,
  type InfrastructureConfig,
  infrastructureConfigSchema,
  slackUserIdSchema,
  type WorkspacesConfig,
} from '../config/app-config.js';
import { PANEL_INDICATOR_KEYS } from '../domain/catalog/derive.js';
import { issueMessage, PlanConfigError, resolvePlan, valueAt } from '../domain/plan/overrides.js';
import type { Plan } from '../domain/plan/schema.js';
import { type MetricsConfig, metricsConfigSchema, SOURCE_NAMES } from '../metrics/config.js';
import type { Sealer } from '../secrets/sealer.js';
import type { TenantKey } from '../store/ports/installations.js';

/**
 * What an installed workspace may set in its App Home Settings (pure), and how its stored
 * `values` (src/store/ports/workspaces.ts) overlay the deployment's YAML. The shapes are the YAML
 * sections' own, restricted to what a workspace may set; every value is then validated by the
 * config's schemas (resolvePlan, infrastructureConfigSchema, metricsConfigSchema), so a value the
 * YAML refuses is refused here with the same words.
 *
 * Never inherited from the deployment (they are the operator's, not the workspace's): its metrics
 * source and resources, its role ARN and external id, its database URL variable, and its `slack:`
 * user lists. A workspace's CloudWatch is always read through its own role with its own external
 * id (generated at install, never typed): without a role it would read the deployment's account.
 */

/** The name of the sealed PostgreSQL connection URL in `settings.secrets`. */
export const POSTGRES_URL_SECRET = 'metrics.postgres.url';

/** The sealing context of a workspace secret: a value sealed for one tenant and field opens only there. */
export function secretContext(key: TenantKey, name: string): string {
  return `workspace:${key}:${name}`;
}

/** What a workspace's settings overlay: the deployment's YAML, as far as a workspace inherits it. */
export interface SettingsDefaults {
  plan: Plan;
  infrastructure: InfrastructureConfig;
  /** The deployment's limits on any fetch (not its source): deadline, body size, cache. */
  metricsLimits: Pick<
    MetricsConfig,
    'timeoutMs' | 'maxBodyBytes' | 'cacheTtlSeconds' | 'maxStaleSeconds'
  >;
  workspaces: WorkspacesConfig;
}

export function settingsDefaultsOf(
  config: Pick<AppConfig, 'plan' | 'infrastructure' | 'metrics' | 'slack'>,
): SettingsDefaults {
  const { timeoutMs, maxBodyBytes, cacheTtlSeconds, maxStaleSeconds } = config.metrics;
  return {
    plan: config.plan,
    infrastructure: config.infrastructure,
    metricsLimits: { timeoutMs, maxBodyBytes, cacheTtlSeconds, maxStaleSeconds },
    workspaces: config.slack.workspaces,
  };
}

/** What the Settings modal needs to check and save a workspace's settings (installed mode). */
export interface SettingsEditing {
  defaults: SettingsDefaults;
  /** Seals a typed database URL before it reaches the store. */
  sealer: Pick<Sealer, 'seal'>;
}

const dimensionsSchema = z.strictObject({
  autoScalingGroupName: z.string().optional(),
  dbInstanceIdentifier: z.string().optional(),
  loadBalancer: z.string().optional(),
  dbInstanceClass: z.string().optional(),
  dbAllocatedStorageGb: z.union([z.number(), z.literal('auto')]).optional(),
});

/** `values.metrics`: the source and, for CloudWatch, the region, the role and the resources. */
export const workspaceMetricsSchema = z.strictObject({
  source: z.enum(SOURCE_NAMES),
  cloudwatch: z
    .strictObject({
      region: z.string(),
      roleArn: z.string(),
      dimensions: dimensionsSchema.optional(),
    })
    .optional(),
  file: z.string().optional(),
  url: z.string().optional(),
});
export type WorkspaceMetricsValues = z.infer<typeof workspaceMetricsSchema>;

/** `values.plan`: each panel indicator's `over` (the rest derives from it) and the growth defaults. */
export const workspacePlanSchema = z.strictObject({
  thresholds: z
    .partialRecord(z.enum(PANEL_INDICATOR_KEYS), z.strictObject({ over: z.number() }))
    .optional(),
  growth: z
    .strictObject({
      defaultMonthlyPercent: z.number().optional(),
      defaultMonths: z.number().optional(),
    })
    .optional(),
});
export type WorkspacePlanValues = z.infer<typeof workspacePlanSchema>;

/** `values.slack`: who may act (the YAML's `slack.admins` and `slack.ackers`, per workspace). */
export const workspaceSlackSchema = z.strictObject({
  admins: z.array(slackUserIdSchema).optional(),
  ackers: z.array(slackUserIdSchema).nullable().optional(),
});

/** The stored `values`, key by key (`infrastructure` is the YAML section, validated against the plan). */
export const workspaceValuesSchema = z.strictObject({
  metrics: workspaceMetricsSchema.optional(),
  plan: workspacePlanSchema.optional(),
  infrastructure: z.record(z.string(), z.unknown()).optional(),
  slack: workspaceSlackSchema.optional(),
});
export type WorkspaceValues = z.infer<typeof workspaceValuesSchema>;

/** A setting that does not validate: its dotted path as in the YAML (`plan.thresholds.cpu.over`). */
export interface SettingsIssue {
  path: string;
  message: string;
}

export interface ParsedWorkspaceSettings {
  plan: Plan;
  infrastructure: InfrastructureConfig;
  permissions: Permissions;
  /** The workspace's metrics config; null when it chose none or its choice does not validate. */
  metrics: MetricsConfig | null;
  /** The settings that do not validate: each is replaced by the deployment's default. */
  problems: SettingsIssue[];
}

function zodIssues(prefix: string, error: z.ZodError, raw: unknown): SettingsIssue[] {
  return error.issues.flatMap((issue): SettingsIssue[] => {
    const path = [prefix, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: [...path, key].join('.'),
        message: 'unknown setting',
      }));
    }
    return [{ path: path.join('.'), message: issueMessage(issue, valueAt(raw, issue.path)) }];
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function planOf(raw: unknown, defaults: SettingsDefaults, problems: SettingsIssue[]): Plan {
  if (raw === undefined) return defaults.plan;
  const parsed = workspacePlanSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    problems.push(...zodIssues('plan', parsed.error, raw));
    return defaults.plan;
  }
  try {
    return resolvePlan(parsed.data, { base: defaults.plan, pathPrefix: 'plan' });
  } catch (error) {
    if (!(error instanceof PlanConfigError)) throw error;
    problems.push(...error.issues);
    return defaults.plan;
  }
}

function infrastructureOf(
  raw: unknown,
  plan: Plan,
  defaults: SettingsDefaults,
  problems: SettingsIssue[],
): InfrastructureConfig {
  if (raw === undefined) return defaults.infrastructure;
  const merged = isRecord(raw) ? { ...defaults.infrastructure, ...raw } : raw;
  const parsed = infrastructureConfigSchema(plan).safeParse(merged);
  if (parsed.success) return parsed.data;
  problems.push(...zodIssues('infrastructure', parsed.error, merged));
  return defaults.infrastructure;
}

/** Who may act: the workspace's own lists, an id that does not validate left out (never "everyone"). */
function permissionsOf(raw: unknown, problems: SettingsIssue[]): Permissions {
  const parsed = workspaceSlackSchema.safeParse(raw ?? {});
  if (parsed.success) {
    return { admins: parsed.data.admins ?? [], ackers: parsed.data.ackers ?? null };
  }
  problems.push(...zodIssues('slack', parsed.error, raw));
  const ids = (list: unknown): string[] =>
    Array.isArray(list)
      ? list.filter((id): id is string => slackUserIdSchema.safeParse(id).success)
      : [];
  const section = isRecord(raw) ? raw : {};
  return {
    admins: ids(section.admins),
    ackers: section.ackers === null || section.ackers === undefined ? null : ids(section.ackers),
  };
}

/**
 * The YAML `metrics:` section a workspace's choice stands for: the deployment's fetch limits, the
 * source, and for CloudWatch the workspace's region, role, resources and external id.
 */
export function workspaceMetricsSection(
  metrics: WorkspaceMetricsValues,
  defaults: SettingsDefaults,
  externalId: string | null,
): Record<string, unknown> {
  const { source, cloudwatch, file, url } = metrics;
  const section: Record<string, unknown> = { ...defaults.metricsLimits, source };
  if (source === 'cloudwatch') {
    section.cloudwatch = {
      ...(cloudwatch === undefined
        ? {}
        : {
            region: cloudwatch.region,
            roleArn: cloudwatch.roleArn,
            dimensions: cloudwatch.dimensions ?? {},
          }),
      ...(externalId === null ? {} : { externalId }),
    };
  }
  if (source === 'file' && file !== undefined) section.file = file;
  if (source === 'url' && url !== undefined) section.url = url;
  return section;
}

function metricsOf(
  raw: unknown,
  defaults: SettingsDefaults,
  externalId: string | null,
  problems: SettingsIssue[],
): MetricsConfig | null {
  if (raw === undefined) return null;
  const parsed = workspaceMetricsSchema.safeParse(raw);
  if (!parsed.success) {
    problems.push(...zodIssues('metrics', parsed.error, raw));
    return null;
  }
  const { source, cloudwatch } = parsed.data;
  const allowed = defaults.workspaces.metricsSources;
  if (!allowed.includes(source)) {
    problems.push({
      path: 'metrics.source',
      message: `this deployment does not let workspaces read metrics from ${source}; choose ${allowed.join(' or ') || 'none (the operator allows no source)'}`,
    });
    return null;
  }
  if (source === 'cloudwatch' && cloudwatch === undefined) {
    problems.push({
      path: 'metrics.cloudwatch.roleArn',
      message:
        'CloudWatch is read through a role in your AWS account: give its region and role ARN',
    });
    return null;
  }
  if (source === 'cloudwatch' && externalId === null) {
    problems.push({
      path: 'metrics.cloudwatch.roleArn',
      message: 'this workspace has no external id yet: reinstall the app to get one',
    });
    return null;
  }
  const section = workspaceMetricsSection(parsed.data, defaults, externalId);
  const config = metricsConfigSchema.safeParse(section);
  if (config.success) return config.data;
  problems.push(...zodIssues('metrics', config.error, section));
  return null;
}

/**
 * A workspace's stored `values` over the deployment's defaults. Never throws: a section that does
 * not validate (the deployment's plan changed, the operator withdrew a source) falls back to the
 * defaults (metrics: none) and is listed in `problems`, with the path and what to fix.
 */
export function parseWorkspaceSettings(
  values: unknown,
  defaults: SettingsDefaults,
  externalId: string | null,
): ParsedWorkspaceSettings {
  const problems: SettingsIssue[] = [];
  const section = isRecord(values) ? values : {};
  if (!isRecord(values)) {
    problems.push({ path: 'settings', message: 'the stored settings are not a mapping' });
  }
  const unknown = Object.keys(section).filter((key) => !(key in workspaceValuesSchema.shape));
  for (const key of unknown) problems.push({ path: key, message: 'unknown setting' });
  const plan = planOf(section.plan, defaults, problems);
  return {
    plan,
    infrastructure: infrastructureOf(section.infrastructure, plan, defaults, problems),
    permissions: permissionsOf(section.slack, problems),
    metrics: metricsOf(section.metrics, defaults, externalId, problems),
    problems,
  };
}

/** "plan.thresholds.cpu.over: expected >= 0, got -1": one line per problem. */
export function describeIssues(issues: readonly SettingsIssue[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
}
