import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { describeValue, PlanConfigError, resolvePlan } from '../domain/plan/overrides.js';
import type { Plan } from '../domain/plan/schema.js';

/** Looked up in the working directory when SCALE_REVIEW_CONFIG is not set. */
export const CONFIG_FILE_NAME = 'scale-review.yml';
const MAX_CONFIG_BYTES = 1024 * 1024;
const SECTIONS = ['plan', 'metrics', 'store', 'slack', 'digest', 'infrastructure'] as const;

/**
 * A config file that cannot be found, read, parsed or validated. The message is one line with the
 * file path, the dotted field path and what was expected:
 * "scale-review.yml: plan.thresholds.cpu.over: expected number, got string".
 */
export class ConfigError extends Error {
  /** The config file concerned. */
  readonly file: string;
  /** Dotted path of the first bad field, when the problem is a field. */
  readonly field: string | null;

  constructor(file: string, field: string | null, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
    this.file = file;
    this.field = field;
  }
}

// The sections other modules own stay open records until those modules supply their schemas.
const openSection = z.record(z.string(), z.unknown()).nullable().optional();
const configFileSchema = z.strictObject({
  plan: z.unknown().optional(),
  metrics: openSection,
  store: openSection,
  slack: openSection,
  digest: openSection,
  infrastructure: openSection,
});

type Section = Record<string, unknown> | null;

export interface LoadedConfig {
  /** The file read, or null when there is none (all defaults). */
  path: string | null;
  /** DEFAULT_PLAN with the file's `plan` overrides merged and validated. */
  plan: Plan;
  metrics: Section;
  store: Section;
  slack: Section;
  digest: Section;
  infrastructure: Section;
}

export interface LoadConfigOptions {
  /** An explicit config path (the caller passes SCALE_REVIEW_CONFIG); must exist when given. */
  explicitPath?: string | null;
  /** Where `./scale-review.yml` is looked for. */
  cwd: string;
}

export function defaultConfig(): LoadedConfig {
  return emptyConfig(null);
}

function emptyConfig(path: string | null): LoadedConfig {
  return {
    path,
    plan: resolvePlan(undefined),
    metrics: null,
    store: null,
    slack: null,
    digest: null,
    infrastructure: null,
  };
}

/**
 * Find and load the config: the explicit path if given, else ./scale-review.yml if present, else none.
 * @throws ConfigError when the explicit file is missing, or the file is unreadable or invalid.
 */
export async function loadConfigFile(options: LoadConfigOptions): Promise<LoadedConfig> {
  const explicit = options.explicitPath ?? null;
  if (explicit !== null) {
    const text = await readConfigText(explicit, explicit, true);
    return parseConfigText(text ?? '', explicit);
  }
  const fullPath = join(options.cwd, CONFIG_FILE_NAME);
  const text = await readConfigText(fullPath, CONFIG_FILE_NAME, false);
  return text === null ? defaultConfig() : parseConfigText(text, CONFIG_FILE_NAME);
}

/** Reads `fullPath`; messages name `path` as the user knows it. Null when optional and absent. */
async function readConfigText(
  fullPath: string,
  path: string,
  required: boolean,
): Promise<string | null> {
  try {
    const text = await readFile(fullPath, 'utf8');
    if (text.length > MAX_CONFIG_BYTES) {
      throw new ConfigError(path, null, `${path}: config file is too large (the limit is 1 MB)`);
    }
    return text;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : null;
    if (code === 'ENOENT' && !required) return null;
    if (code === 'ENOENT') {
      throw new ConfigError(
        path,
        null,
        `config file not found: ${path} (from SCALE_REVIEW_CONFIG)`,
        {
          cause: error,
        },
      );
    }
    const reason = code === 'EISDIR' ? 'it is a directory' : String(code ?? error);
    throw new ConfigError(path, null, `cannot read config file ${path}: ${reason}`, {
      cause: error,
    });
  }
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parse and validate config YAML. `path` is only used in messages.
 * @throws ConfigError naming the file, the field and what was expected.
 */
export function parseConfigText(text: string, path: string): LoadedConfig {
  const data = parseYaml(text, path);
  if (data === null || data === undefined) {
    return emptyConfig(path);
  }
  if (!isMapping(data)) {
    throw new ConfigError(
      path,
      null,
      `${path}: expected a mapping with the sections ${SECTIONS.join(', ')}`,
    );
  }
  const parsed = configFileSchema.safeParse(data);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw sectionError(path, data, issue, parsed.error);
  }
  const { plan, metrics, store, slack, digest, infrastructure } = parsed.data;
  return {
    path,
    plan: planFrom(plan, path),
    metrics: metrics ?? null,
    store: store ?? null,
    slack: slack ?? null,
    digest: digest ?? null,
    infrastructure: infrastructure ?? null,
  };
}

function parseYaml(text: string, path: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const [first] = doc.errors;
  if (first !== undefined) {
    const line = (first.message.split('\n')[0] ?? '').replace(/:$/, '');
    throw new ConfigError(path, null, `${path}: invalid YAML: ${line}`, { cause: first });
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // Unresolved aliases and alias bombs surface here, not in doc.errors.
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(path, null, `${path}: invalid YAML: ${reason}`, { cause: error });
  }
}

function sectionError(
  path: string,
  data: Record<string, unknown>,
  issue: z.core.$ZodIssue | undefined,
  cause: z.ZodError,
): ConfigError {
  if (issue?.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const message = `${path}: ${key}: unknown section (expected ${SECTIONS.join(', ')})`;
    return new ConfigError(path, key, message, { cause });
  }
  const field = issue?.path.map(String).join('.') ?? '';
  const actual = describeValue(issue?.path[0] === undefined ? data : data[String(issue.path[0])]);
  const expected =
    issue?.code === 'invalid_type' ? `expected a mapping, got ${actual}` : (issue?.message ?? '');
  return new ConfigError(path, field, `${path}: ${field}: ${expected}`, { cause });
}

function planFrom(overrides: unknown, path: string): Plan {
  try {
    return resolvePlan(overrides);
  } catch (error) {
    if (!(error instanceof PlanConfigError)) throw error;
    const [first] = error.issues;
    const details = error.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    throw new ConfigError(path, first?.path ?? 'plan', `${path}: ${details}`, { cause: error });
  }
}
