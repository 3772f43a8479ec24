import { z } from 'zod';
import {
  SETTINGS_INPUT_ACTION_ID,
  type SettingsField,
  settingsBlockId,
} from '../../../blocks/ids.js';
import { DEFAULT_OPTION, NO_SOURCE, type SettingsForm } from '../../../blocks/settings-modal.js';
import {
  type WorkspaceValues,
  workspaceMetricsSchema,
  workspacePlanSchema,
  workspaceSlackSchema,
} from '../../tenancy/workspace-settings.js';

/**
 * The Settings modal's fields and a workspace's stored values, each way (pure): the values a
 * modal opens with, and the values a submission stands for. Empty means "the default": nothing is
 * stored for it. Typing mistakes the config schemas cannot see (a number that is not one) are
 * reported here, on their field.
 */

/** What a submission carries back in `private_metadata`. */
export interface SettingsMetadata {
  /** The record version the edit started from (the compare-and-set of the save). */
  version: number;
  /** Whether a PostgreSQL URL was saved when the modal opened. */
  urlSaved: boolean;
  /** The workspace's external id (not a secret), to validate a CloudWatch role without I/O. */
  externalId: string | null;
}

const metadataSchema = z.object({
  v: z.number().int().min(0),
  u: z.boolean(),
  e: z.string().nullable(),
});

export function encodeMetadata(m: SettingsMetadata): string {
  return JSON.stringify({ v: m.version, u: m.urlSaved, e: m.externalId });
}

export function decodeMetadata(text: string): SettingsMetadata | null {
  try {
    const parsed = metadataSchema.safeParse(JSON.parse(text));
    return parsed.success
      ? { version: parsed.data.v, urlSaved: parsed.data.u, externalId: parsed.data.e }
      : null;
  } catch {
    return null;
  }
}

/** A field's problem: shown on its block (`response_action: errors`). */
export interface FieldIssue {
  field: SettingsField;
  message: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** The fields a modal opens with: a stored section that does not validate shows empty. */
export function formOfValues(values: unknown, thresholdKeys: readonly string[]): SettingsForm {
  const section = isRecord(values) ? values : {};
  const metrics = workspaceMetricsSchema.safeParse(section.metrics);
  const plan = workspacePlanSchema.safeParse(section.plan ?? {});
  const slack = workspaceSlackSchema.safeParse(section.slack ?? {});
  const infra = isRecord(section.infrastructure) ? section.infrastructure : {};
  const m = metrics.success ? metrics.data : null;
  const d = m?.cloudwatch?.dimensions ?? {};
  const thresholds = plan.success ? (plan.data.thresholds ?? {}) : {};
  const growth = plan.success ? plan.data.growth : undefined;
  return {
    source: m?.source ?? NO_SOURCE,
    region: m?.cloudwatch?.region ?? '',
    roleArn: m?.cloudwatch?.roleArn ?? '',
    autoScalingGroupName: d.autoScalingGroupName ?? '',
    dbInstanceIdentifier: d.dbInstanceIdentifier ?? '',
    dbInstanceClass: d.dbInstanceClass ?? '',
    loadBalancer: d.loadBalancer ?? '',
    dbAllocatedStorageGb: text(d.dbAllocatedStorageGb),
    postgresUrl: '',
    file: m?.file ?? '',
    url: m?.url ?? '',
    thresholds: Object.fromEntries(
      thresholdKeys.flatMap((key) => {
        const over = (thresholds as Record<string, { over: number } | undefined>)[key]?.over;
        return over === undefined ? [] : [[key, String(over)]];
      }),
    ),
    growthPercent: text(growth?.defaultMonthlyPercent),
    growthMonths: text(growth?.defaultMonths),
    stage: text(infra.stage) || DEFAULT_OPTION,
    servers: text(infra.servers),
    dbTier: text(infra.dbTier) || DEFAULT_OPTION,
    monthlyCost: text(infra.monthlyCost),
    measures: strings(infra.measures),
    admins: slack.success ? (slack.data.admins ?? []) : [],
    ackers: slack.success ? (slack.data.ackers ?? []) : [],
  };
}

const elementStateSchema = z.object({
  value: z.string().nullable().optional(),
  selected_option: z.object({ value: z.string() }).nullable().optional(),
  selected_options: z.array(z.object({ value: z.string() })).optional(),
  selected_users: z.array(z.string()).optional(),
});
const stateValuesSchema = z.record(z.string(), z.record(z.string(), z.unknown()));

/** A submission's `view.state.values` as the form; null when it is not what Slack sends. */
export function readSettingsState(
  values: unknown,
  thresholdKeys: readonly string[],
): SettingsForm | null {
  const parsed = stateValuesSchema.safeParse(values);
  if (!parsed.success) return null;
  const state = (field: SettingsField) => {
    const raw = parsed.data[settingsBlockId(field)]?.[SETTINGS_INPUT_ACTION_ID];
    const element = elementStateSchema.safeParse(raw ?? {});
    return element.success ? element.data : {};
  };
  const one = (field: SettingsField) => {
    const s = state(field);
    return (s.value ?? s.selected_option?.value ?? '').trim();
  };
  const many = (field: SettingsField) => {
    const s = state(field);
    return s.selected_users ?? s.selected_options?.map((o) => o.value) ?? [];
  };
  return {
    source: one('source') || NO_SOURCE,
    region: one('region'),
    roleArn: one('roleArn'),
    autoScalingGroupName: one('autoScalingGroupName'),
    dbInstanceIdentifier: one('dbInstanceIdentifier'),
    dbInstanceClass: one('dbInstanceClass'),
    loadBalancer: one('loadBalancer'),
    dbAllocatedStorageGb: one('dbAllocatedStorageGb'),
    postgresUrl: one('postgresUrl'),
    file: one('file'),
    url: one('url'),
    thresholds: Object.fromEntries(
      thresholdKeys.flatMap((key) => {
        const value = one(`threshold.${key}`);
        return value === '' ? [] : [[key, value]];
      }),
    ),
    growthPercent: one('growthPercent'),
    growthMonths: one('growthMonths'),
    stage: one('stage') || DEFAULT_OPTION,
    servers: one('servers'),
    dbTier: one('dbTier') || DEFAULT_OPTION,
    monthlyCost: one('monthlyCost'),
    measures: many('measures'),
    admins: many('admins'),
    ackers: many('ackers'),
  };
}

/** Empty: undefined (the default); a number; or an issue on the field. */
function numberOf(form: string, field: SettingsField, issues: FieldIssue[]): number | undefined {
  if (form === '') return undefined;
  const value = Number(form);
  if (Number.isFinite(value)) return value;
  issues.push({ field, message: 'expected a number' });
  return undefined;
}

/** Only the keys with a value: an empty field stores nothing. */
function defined<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined && value !== ''),
  ) as Partial<T>;
}

function nonEmpty<T extends Record<string, unknown>>(record: T): T | undefined {
  return Object.keys(record).length === 0 ? undefined : record;
}

function metricsOf(form: SettingsForm, issues: FieldIssue[]): WorkspaceValues['metrics'] {
  const source = form.source;
  if (source === NO_SOURCE) return undefined;
  const required = (field: SettingsField, value: string, what: string) => {
    if (value === '') issues.push({ field, message: `required for ${what}` });
  };
  if (source === 'cloudwatch') {
    required('region', form.region, 'CloudWatch, e.g. eu-west-1');
    required('roleArn', form.roleArn, 'CloudWatch: the role Scale Review assumes in your account');
    const storage = form.dbAllocatedStorageGb;
    const dbAllocatedStorageGb =
      storage === '' || storage === 'auto'
        ? storage
        : numberOf(storage, 'dbAllocatedStorageGb', issues);
    return {
      source,
      cloudwatch: {
        region: form.region,
        roleArn: form.roleArn,
        dimensions: defined({
          autoScalingGroupName: form.autoScalingGroupName,
          dbInstanceIdentifier: form.dbInstanceIdentifier,
          loadBalancer: form.loadBalancer,
          dbInstanceClass: form.dbInstanceClass,
          dbAllocatedStorageGb: dbAllocatedStorageGb === '' ? undefined : dbAllocatedStorageGb,
        }),
      },
    };
  }
  if (source === 'file') {
    required('file', form.file, 'a file source');
    return { source, file: form.file };
  }
  if (source === 'url') {
    required('url', form.url, 'a URL source');
    return { source, url: form.url };
  }
  if (source === 'postgres') return { source };
  issues.push({ field: 'source', message: 'choose one of the sources listed' });
  return undefined;
}

/**
 * The values a submission stands for, and the fields whose text is not even a number. The config
 * schemas judge the rest (settings-check.ts).
 */
export function valuesOfForm(
  form: SettingsForm,
  thresholdKeys: readonly string[],
): { values: WorkspaceValues; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const metrics = metricsOf(form, issues);
  const thresholds = Object.fromEntries(
    thresholdKeys.flatMap((key) => {
      const over = numberOf(form.thresholds[key] ?? '', `threshold.${key}`, issues);
      return over === undefined ? [] : [[key, { over }]];
    }),
  );
  const growth = defined({
    defaultMonthlyPercent: numberOf(form.growthPercent, 'growthPercent', issues),
    defaultMonths: numberOf(form.growthMonths, 'growthMonths', issues),
  });
  const plan = nonEmpty(defined({ thresholds: nonEmpty(thresholds), growth: nonEmpty(growth) }));
  const stage = form.stage === DEFAULT_OPTION ? undefined : numberOf(form.stage, 'stage', issues);
  const infrastructure = nonEmpty(
    defined({
      stage,
      servers: numberOf(form.servers, 'servers', issues),
      dbTier: form.dbTier === DEFAULT_OPTION ? undefined : form.dbTier,
      monthlyCost: numberOf(form.monthlyCost, 'monthlyCost', issues),
      measures: form.measures.length === 0 ? undefined : [...form.measures],
    }),
  );
  const values: WorkspaceValues = {
    ...(metrics === undefined ? {} : { metrics }),
    ...(plan === undefined ? {} : { plan }),
    ...(infrastructure === undefined ? {} : { infrastructure }),
    slack: { admins: [...form.admins], ackers: form.ackers.length === 0 ? null : [...form.ackers] },
  };
  return { values, issues };
}
