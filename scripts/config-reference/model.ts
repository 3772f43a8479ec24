import { composeAppConfig } from '../../src/config/app-config.js';
import { defaultConfig } from '../../src/config/config-file.js';
import { DESCRIPTIONS, type Description, SECTION_DESCRIPTIONS } from './descriptions.js';
import { type JsonSchema, type SectionName, sectionSchemas } from './schema.js';

/** One setting (or group of settings) of scale-review.yml, as the docs list it. */
export interface Entry {
  /** Dotted path from the top of the file: `digest.tickCron`. */
  path: string;
  /** 0 for a section, 1 for its keys, ... */
  depth: number;
  /** A group has keys of its own below it; a leaf is set as one value. */
  kind: 'section' | 'group' | 'leaf';
  type: string;
  /** The value the bot uses when the key is absent; undefined when there is none. */
  default: unknown;
  description: Description | null;
  schema: JsonSchema;
}

/** Subtrees documented as one entry (their keys are in the JSON Schema and the linked doc). */
const COLLAPSED = new Set(['metrics.cloudwatch.queries']);

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The description of `path`: an exact line, else one whose `*` segments match. */
export function describe(path: string): Description | null {
  const section = SECTION_DESCRIPTIONS[path];
  if (section !== undefined) return { text: section };
  const exact = DESCRIPTIONS[path];
  if (exact !== undefined) return exact;
  const segments = path.split('.');
  for (const [pattern, description] of Object.entries(DESCRIPTIONS)) {
    const parts = pattern.split('.');
    if (parts.length !== segments.length || !parts.includes('*')) continue;
    if (parts.every((part, i) => part === '*' || part === segments[i])) return description;
  }
  return null;
}

export function typeOf(node: JsonSchema): string {
  if (Array.isArray(node.enum)) return node.enum.map(String).join(' \\| ');
  if (Array.isArray(node.anyOf)) {
    return [...new Set(node.anyOf.filter(isObject).map(typeOf))].join(' \\| ');
  }
  switch (node.type) {
    case 'array':
      return 'list';
    case 'object':
      return 'mapping';
    case 'integer':
    case 'number':
    case 'string':
    case 'boolean':
    case 'null':
      return node.type;
    default:
      return 'any';
  }
}

function valueAt(root: unknown, path: string[]): unknown {
  let node = root;
  for (const key of path) {
    if (!isObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

/** The defaults the bot applies: each section parsed from nothing, the plan from the seed. */
export function defaults(): Record<SectionName, unknown> {
  const config = composeAppConfig(defaultConfig());
  return {
    slack: config.slack,
    digest: config.digest,
    store: config.store,
    metrics: config.metrics,
    infrastructure: config.infrastructure,
    plan: config.plan,
  };
}

function walk(
  node: JsonSchema,
  path: string[],
  values: Record<SectionName, unknown>,
  out: Entry[],
): void {
  const dotted = path.join('.');
  const properties = node.properties;
  const isGroup = isObject(properties) && !COLLAPSED.has(dotted);
  out.push({
    path: dotted,
    depth: path.length - 1,
    kind: path.length === 1 ? 'section' : isGroup ? 'group' : 'leaf',
    type: isGroup ? 'mapping' : typeOf(node),
    default: valueAt(values, path),
    description: describe(dotted),
    schema: node,
  });
  if (!isGroup) return;
  for (const [key, child] of Object.entries(properties)) {
    if (isObject(child)) walk(child, [...path, key], values, out);
  }
}

/** Every section, group and setting, in file order. */
export function entries(sections: Record<SectionName, JsonSchema> = sectionSchemas()): Entry[] {
  const values = defaults();
  const out: Entry[] = [];
  for (const [name, schema] of Object.entries(sections)) walk(schema, [name], values, out);
  return out;
}

/** Every path of the JSON Schema tree (collapsed subtrees included), for description checks. */
export function schemaPaths(node: JsonSchema, path: string[] = []): string[] {
  const here = path.length > 0 ? [path.join('.')] : [];
  const properties = node.properties;
  if (!isObject(properties)) return here;
  return [
    ...here,
    ...Object.entries(properties).flatMap(([key, child]) =>
      isObject(child) ? schemaPaths(child, [...path, key]) : [],
    ),
  ];
}
