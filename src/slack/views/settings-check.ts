import { type SettingsField, settingsBlockId } from '../../../blocks/ids.js';
import { SLACK_LIMITS, truncate } from '../../../blocks/limits.js';
import type { SettingsForm } from '../../../blocks/settings-modal.js';
import { workspaceDatabaseUrlProblem } from '../../tenancy/workspace-database-url.js';
import {
  parseWorkspaceSettings,
  type SettingsDefaults,
  type SettingsIssue,
  type WorkspaceValues,
} from '../../tenancy/workspace-settings.js';
import { type FieldIssue, type SettingsMetadata, valuesOfForm } from './settings-form.js';

/**
 * A Settings submission judged (pure, so it runs before the ack): the values go through the same
 * parse as a workspace's setup (workspace-settings.ts, the config's own schemas), and each problem
 * is put on the block of the field it concerns, Slack's `response_action: errors`.
 */

export interface SettingsCheckContext {
  defaults: SettingsDefaults;
  metadata: SettingsMetadata;
  /** The plan's panel indicators: one threshold field each. */
  thresholdKeys: readonly string[];
  /** The input blocks of the submitted view: an error may only name one of them. */
  blockIds: ReadonlySet<string>;
}

export type SettingsCheck =
  | {
      ok: true;
      values: WorkspaceValues;
      /** A new connection URL typed in (to seal), or null: keep the saved one, or none needed. */
      postgresUrl: string | null;
    }
  | { ok: false; errors: Record<string, string> };

const INFRASTRUCTURE_FIELDS = ['stage', 'servers', 'dbTier', 'monthlyCost', 'measures'] as const;
const DIMENSION_FIELDS = [
  'autoScalingGroupName',
  'dbInstanceIdentifier',
  'dbInstanceClass',
  'loadBalancer',
  'dbAllocatedStorageGb',
] as const;

function oneOf<T extends string>(list: readonly T[], value: string | undefined): T | undefined {
  return list.find((item) => item === value);
}

/** The field a setting's dotted path is edited in (the nearest one for a derived value). */
export function fieldOfPath(path: string, thresholdKeys: readonly string[]): SettingsField {
  const [section, a, b, c] = path.split('.');
  const firstThreshold: SettingsField =
    thresholdKeys[0] === undefined ? 'growthPercent' : `threshold.${thresholdKeys[0]}`;
  switch (section) {
    case 'metrics':
      if (a === 'cloudwatch') {
        if (b === 'region') return 'region';
        return (b === 'dimensions' ? oneOf(DIMENSION_FIELDS, c) : undefined) ?? 'roleArn';
      }
      return a === 'file' || a === 'url' ? a : 'source';
    case 'plan':
      if (a === 'thresholds' && b !== undefined && thresholdKeys.includes(b)) {
        return `threshold.${b}`;
      }
      if (a === 'sizing' && thresholdKeys.includes('cpu')) return 'threshold.cpu';
      if (a === 'growth') return b === 'defaultMonthlyPercent' ? 'growthPercent' : 'growthMonths';
      return firstThreshold;
    case 'infrastructure':
      return oneOf(INFRASTRUCTURE_FIELDS, a) ?? 'stage';
    case 'slack':
      return a === 'ackers' ? 'ackers' : 'admins';
    default:
      return 'source';
  }
}

/** The setting a field edits itself (its other issues are derived values, named by path). */
function ownPath(field: SettingsField): string | null {
  if (field.startsWith('threshold.')) return `plan.thresholds.${field.slice(10)}.over`;
  const paths: Partial<Record<SettingsField, string>> = {
    source: 'metrics.source',
    region: 'metrics.cloudwatch.region',
    roleArn: 'metrics.cloudwatch.roleArn',
    file: 'metrics.file',
    url: 'metrics.url',
    growthPercent: 'plan.growth.defaultMonthlyPercent',
    growthMonths: 'plan.growth.defaultMonths',
  };
  if (field in paths) return paths[field] ?? null;
  if (oneOf(DIMENSION_FIELDS, field)) return `metrics.cloudwatch.dimensions.${field}`;
  if (oneOf(INFRASTRUCTURE_FIELDS, field)) return `infrastructure.${field}`;
  return `slack.${field}`;
}

function fieldIssues(issues: readonly SettingsIssue[], thresholdKeys: readonly string[]) {
  return issues.map((issue): FieldIssue & { own: boolean } => {
    const field = fieldOfPath(issue.path, thresholdKeys);
    const path = ownPath(field);
    const own = path !== null && (issue.path === path || issue.path.startsWith(`${path}.`));
    return { field, own, message: own ? issue.message : `${issue.path}: ${issue.message}` };
  });
}

/** One message per block: the field's own problem first, else the first derived one. */
function errorsOf(
  issues: readonly (FieldIssue & { own?: boolean })[],
  blockIds: ReadonlySet<string>,
) {
  const errors: Record<string, string> = {};
  const ranked = [
    ...issues.filter((i) => i.own !== false),
    ...issues.filter((i) => i.own === false),
  ];
  for (const issue of ranked) {
    const wanted = settingsBlockId(issue.field);
    const blockId = blockIds.has(wanted) ? wanted : settingsBlockId('source');
    errors[blockId] ??= truncate(issue.message, SLACK_LIMITS.inputHint);
  }
  return errors;
}

export function checkSettingsForm(form: SettingsForm, ctx: SettingsCheckContext): SettingsCheck {
  const { values, issues } = valuesOfForm(form, ctx.thresholdKeys);
  const parsed = parseWorkspaceSettings(values, ctx.defaults, ctx.metadata.externalId);
  const all: (FieldIssue & { own?: boolean })[] = [
    ...issues,
    ...fieldIssues(parsed.problems, ctx.thresholdKeys),
  ];
  const typedUrl = form.postgresUrl;
  if (values.metrics?.source === 'postgres') {
    const problem = typedUrl === '' ? null : workspaceDatabaseUrlProblem(typedUrl);
    if (problem !== null) all.push({ field: 'postgresUrl', message: problem });
    if (typedUrl === '' && !ctx.metadata.urlSaved) {
      all.push({ field: 'postgresUrl', message: 'required for PostgreSQL: the database URL' });
    }
  }
  if (all.length > 0) return { ok: false, errors: errorsOf(all, ctx.blockIds) };
  const postgresUrl = values.metrics?.source === 'postgres' && typedUrl !== '' ? typedUrl : null;
  return { ok: true, values, postgresUrl };
}
