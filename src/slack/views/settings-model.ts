import {
  SETTINGS_SOURCES,
  type SettingsModalModel,
  type SettingsSource,
} from '../../../blocks/settings-modal.js';
import { METRIC_CATALOG } from '../../domain/catalog/catalog.js';
import type { Plan } from '../../domain/plan/schema.js';
import type { WorkspaceRecord } from '../../store/ports/workspaces.js';
import {
  POSTGRES_URL_SECRET,
  parseWorkspaceSettings,
  type SettingsDefaults,
} from '../../tenancy/workspace-settings.js';
import { encodeMetadata, formOfValues } from './settings-form.js';

/**
 * The Settings modal's and the App Home's view models from a workspace record and the deployment's
 * defaults (pure). Nothing secret is read: only whether a URL is saved.
 */

/** The panel indicators whose `over` a workspace may set, in the plan's order. */
export function thresholdKeysOf(plan: Plan): string[] {
  return Object.keys(plan.thresholds);
}

function unitOf(key: string): string {
  const spec = METRIC_CATALOG.indicators.find((s) => s.key === key);
  if (spec === undefined) return '';
  return spec.limit === null ? spec.unit : '% of the maximum';
}

function allowedSources(defaults: SettingsDefaults): SettingsSource[] {
  const allowed: readonly string[] = defaults.workspaces.metricsSources;
  return SETTINGS_SOURCES.filter((s) => allowed.includes(s));
}

function shown(value: string | number | undefined, otherwise: string): string {
  return value === undefined ? otherwise : `default ${value}`;
}

export function settingsModalModel(
  record: WorkspaceRecord,
  defaults: SettingsDefaults,
): SettingsModalModel {
  const { plan, infrastructure } = defaults;
  const keys = thresholdKeysOf(plan);
  const parsed = parseWorkspaceSettings(record.settings.values, defaults, record.externalId);
  const urlSaved = record.settings.secrets[POSTGRES_URL_SECRET] !== undefined;
  return {
    privateMetadata: encodeMetadata({
      version: record.version,
      urlSaved,
      externalId: record.externalId,
    }),
    externalId: record.externalId,
    trustAccountId: defaults.workspaces.awsAccountId,
    sources: allowedSources(defaults),
    form: formOfValues(record.settings.values, keys),
    postgresUrlSaved: urlSaved,
    thresholds: keys.map((key) => {
      const threshold = plan.thresholds[key as keyof Plan['thresholds']];
      return { key, label: threshold.label, unit: unitOf(key), defaultOver: threshold.over };
    }),
    defaults: {
      growthPercent: plan.growth.defaultMonthlyPercent,
      growthMonths: plan.growth.defaultMonths,
      stage:
        infrastructure.stage === undefined ? 'from the reviews' : `stage ${infrastructure.stage}`,
      servers: shown(infrastructure.servers, 'inferred'),
      dbTier: infrastructure.dbTier ?? 'inferred',
      monthlyCost: shown(infrastructure.monthlyCost, 'unknown'),
    },
    stages: plan.stages.map((s) => ({
      value: String(s.number),
      text: `Stage ${s.number} · ${s.name}`,
    })),
    dbTiers: plan.dbSizes.map((t) => ({ value: t.name, text: t.name })),
    measures: plan.playbook.map((a) => ({ value: a.key, text: a.title })),
    problems: parsed.problems.map((p) => `${p.path}: ${p.message}`),
  };
}

/** "CloudWatch, eu-west-1", "PostgreSQL", "not set yet": channel-safe (no URL, no host, no role). */
export function metricsSummary(record: WorkspaceRecord, defaults: SettingsDefaults): string {
  const parsed = parseWorkspaceSettings(record.settings.values, defaults, record.externalId);
  const config = parsed.metrics;
  if (config === null) return 'not set yet';
  switch (config.source) {
    case 'cloudwatch':
      return `CloudWatch, ${config.cloudwatch.region ?? 'no region'}`;
    case 'postgres':
      return 'PostgreSQL';
    case 'file':
      return 'a file';
    case 'url':
      return 'a URL';
  }
}
