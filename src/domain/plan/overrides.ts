import type { z } from 'zod';
import { DEFAULT_PLAN } from './default-plan.js';
import { deriveFromOver } from './derive.js';
import { type Plan, planSchema } from './schema.js';

export interface PlanConfigIssue {
  /** Dotted path from the config file's `plan` key: `plan.thresholds.cpu.over`. */
  path: string;
  message: string;
}

/** A plan override that does not produce a valid plan. The message names every bad field's path. */
export class PlanConfigError extends Error {
  readonly issues: PlanConfigIssue[];

  constructor(issues: PlanConfigIssue[], options?: { cause?: unknown }) {
    super(`invalid plan: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, options);
    this.name = 'PlanConfigError';
    this.issues = issues;
  }
}

type Json = Record<string, unknown>;

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return typeof value;
}

/** Objects merge key by key; arrays and scalars replace; `undefined` keeps the base. */
function deepMerge(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const merged: Json = { ...base };
  for (const [key, value] of Object.entries(override)) {
    // Keys that would reach Object.prototype are kept as plain data so zod rejects them as unknown.
    Object.defineProperty(merged, key, {
      value: deepMerge(Object.hasOwn(base, key) ? base[key] : undefined, value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return merged;
}

/**
 * `stages` may be a full array (replaces all stages) or an object keyed by stage number
 * (`{ "2": { totalCost: { max: 90 } } }`) that merges into those stages only.
 */
function mergeStages(base: unknown[], override: unknown, prefix: string): unknown {
  if (!isPlainObject(override)) return override;
  const issues: PlanConfigIssue[] = [];
  const stages = [...base];
  for (const [key, value] of Object.entries(override)) {
    const index = /^[1-9]\d*$/.test(key) ? Number(key) - 1 : -1;
    if (index < 0 || index >= stages.length) {
      issues.push({
        path: `${prefix}.stages.${key}`,
        message: `no such stage; stages may be keyed by stage number (${stages.map((_, i) => i + 1).join(', ')}) or given as a full list`,
      });
      continue;
    }
    stages[index] = deepMerge(stages[index], value);
  }
  if (issues.length > 0) throw new PlanConfigError(issues);
  return stages;
}

/** The value at a zod issue's path in `root` (undefined where it leads nowhere). */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((node, key) => {
    if (Array.isArray(node) && typeof key === 'number') return node[key];
    if (isPlainObject(node) && typeof key === 'string') return node[key];
    return undefined;
  }, root);
}

function dotted(prefix: string, path: readonly PropertyKey[], stagesByNumber: boolean): string {
  // Stages given as a map keyed by stage number are reported by stage number, not list index.
  const shown =
    stagesByNumber && path[0] === 'stages' && typeof path[1] === 'number'
      ? ['stages', path[1] + 1, ...path.slice(2)]
      : path;
  return [prefix, ...shown.map(String)].join('.');
}

function describeActual(actual: unknown): string {
  if (Array.isArray(actual)) return `${actual.length} ${actual.length === 1 ? 'item' : 'items'}`;
  if (typeof actual === 'string') return JSON.stringify(actual);
  if (typeof actual === 'number' || typeof actual === 'boolean' || actual === null) {
    return String(actual);
  }
  return describeValue(actual);
}

function oneOf(values: readonly unknown[]): string {
  return `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
}

function bound(
  origin: string,
  inclusive: boolean | undefined,
  limit: unknown,
  side: 'min' | 'max',
): string {
  if (origin === 'array' || origin === 'string') {
    const unit = origin === 'array' ? 'item' : 'character';
    const count = Number(limit);
    return `${side === 'min' ? 'at least' : 'at most'} ${count} ${count === 1 ? unit : `${unit}s`}`;
  }
  const op = side === 'min' ? (inclusive === false ? '>' : '>=') : inclusive === false ? '<' : '<=';
  return `${op} ${String(limit)}`;
}

function typeMessage(expected: string, actual: unknown): string {
  if (actual === undefined) return `expected ${expected}, got nothing (required)`;
  if (expected === 'int' && typeof actual === 'number')
    return `expected a whole number, got ${actual}`;
  return `expected ${expected}, got ${describeValue(actual)}`;
}

/**
 * What a zod issue expected and what it got, in the config file's words: `expected >= 1, got 0`,
 * `expected a whole number, got 1.5`, `expected one of "file", "url", got "files"`.
 */
export function issueMessage(issue: z.core.$ZodIssue, actual: unknown): string {
  const got = actual === undefined ? 'nothing (required)' : describeActual(actual);
  switch (issue.code) {
    case 'invalid_type':
      return typeMessage(issue.expected, actual);
    case 'too_small':
      return `expected ${bound(issue.origin, issue.inclusive, issue.minimum, 'min')}, got ${got}`;
    case 'too_big':
      return `expected ${bound(issue.origin, issue.inclusive, issue.maximum, 'max')}, got ${got}`;
    case 'invalid_value':
      return `expected ${oneOf(issue.values)}, got ${got}`;
    case 'invalid_union':
      return 'options' in issue && issue.options
        ? `expected ${oneOf(issue.options)}, got ${got}`
        : issue.message;
    case 'not_multiple_of':
      return `expected a multiple of ${String(issue.divisor)}, got ${got}`;
    default:
      return issue.message;
  }
}

function toIssues(
  error: z.ZodError,
  merged: unknown,
  prefix: string,
  stagesByNumber: boolean,
): PlanConfigIssue[] {
  return error.issues.flatMap((issue): PlanConfigIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: dotted(prefix, [...issue.path, key], stagesByNumber),
        message: 'unknown key',
      }));
    }
    return [
      {
        path: dotted(prefix, issue.path, stagesByNumber),
        message: issueMessage(issue, valueAt(merged, issue.path)),
      },
    ];
  });
}

export interface ResolvePlanOptions {
  /** Prefix of the reported paths, the config file key holding the plan. Default `plan`. */
  pathPrefix?: string;
  /**
   * The plan the overrides merge onto. Default DEFAULT_PLAN; a workspace's settings merge onto
   * the deployment's plan (its YAML already applied).
   */
  base?: Plan;
}

/**
 * The effective plan: `overrides` deep-merged onto DEFAULT_PLAN or `base` (objects merge, arrays replace;
 * `stages` may also be an object keyed by stage number), validated with planSchema. Throws
 * PlanConfigError naming each bad field: `plan.thresholds.cpu.over: expected number, got string`
 * (stage paths are list indexes when `stages` was given as a list, else stage numbers).
 * `undefined` or `null` overrides give the default plan.
 */
export function resolvePlan(overrides: unknown, options: ResolvePlanOptions = {}): Plan {
  const prefix = options.pathPrefix ?? 'plan';
  const base: unknown = structuredClone(options.base ?? DEFAULT_PLAN);
  if (overrides !== undefined && overrides !== null && !isPlainObject(overrides)) {
    throw new PlanConfigError([
      { path: prefix, message: `expected object, got ${describeValue(overrides)}` },
    ]);
  }
  const override: Json = overrides ?? {};
  const { stages, ...rest } = override;
  const merged = deepMerge(base, rest);
  // An `over` given alone moves the values that depend on it (derive.ts, docs/plan.md).
  deriveFromOver(merged, rest);
  if (isPlainObject(merged) && stages !== undefined) {
    merged.stages = Array.isArray(merged.stages)
      ? mergeStages(merged.stages, stages, prefix)
      : stages;
  }
  const parsed = planSchema.safeParse(merged);
  if (!parsed.success)
    // Stages given as a list are reported by list index; otherwise (keyed by number, or not
    // overridden at all) by stage number, as the user knows them.
    throw new PlanConfigError(toIssues(parsed.error, merged, prefix, !Array.isArray(stages)), {
      cause: parsed.error,
    });
  return parsed.data;
}
