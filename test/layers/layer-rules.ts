import type { ImportEdge } from './import-graph.js';

/**
 * What may import what, folder to folder, as docs/architecture.md ("The layers") states it. A
 * rule covers the relative imports of the files under `files` (but not under `exceptFiles`); a
 * target is a folder (ends with `/`) or a file. With `only`, a target outside the list breaks it;
 * with `never`, a target in the list does. Package imports are `test/boundary.test.ts`'s concern.
 * Type-only imports count: a type ties the files together as much as a value does.
 */
export interface LayerRule {
  /** The rule in the doc's words. */
  says: string;
  files: readonly string[];
  exceptFiles?: readonly string[];
  only?: readonly string[];
  never?: readonly string[];
}

/** The ports `src/app/` may use: interfaces, their records and the errors they throw. */
export const APP_PORTS = [
  'src/store/ports.ts',
  'src/store/ports/',
  'src/store/errors.ts',
  'src/metrics/port.ts',
  'src/metrics/errors.ts',
] as const;

export const LAYER_RULES: readonly LayerRule[] = [
  {
    says: 'src/domain/ imports only src/domain/',
    files: ['src/domain/'],
    only: ['src/domain/'],
  },
  {
    says: 'blocks/ imports only blocks/ and src/domain/ (no adapter, no use case)',
    files: ['blocks/'],
    only: ['blocks/', 'src/domain/'],
  },
  {
    says: 'src/store/ imports no view (blocks/) and no use case (src/app/, src/digest/, src/slack/, src/cli/)',
    files: ['src/store/'],
    never: ['blocks/', 'src/app/', 'src/digest/', 'src/slack/', 'src/cli/'],
  },
  {
    says: `src/app/ imports only src/app/, src/domain/, blocks/ (view models), src/logging/ and the ports (${APP_PORTS.join(', ')}): no Slack, no digest, no metrics or store adapter`,
    files: ['src/app/'],
    only: ['src/app/', 'src/domain/', 'blocks/', 'src/logging/', ...APP_PORTS],
  },
  {
    says: 'src/slack/ is imported only by the wiring: src/slack/ itself and src/bootstrap/',
    files: ['src/', 'blocks/', 'jobs/'],
    exceptFiles: ['src/slack/', 'src/bootstrap/'],
    never: ['src/slack/'],
  },
  {
    says: 'src/canvas/ (the capacity plan canvas: its port, Slack adapter and sync) imports no digest, no CLI and no store adapter',
    files: ['src/canvas/'],
    never: ['src/digest/', 'src/cli/', 'src/store/mongo/', 'src/store/sqlite/'],
  },
  {
    says: "src/tenancy/ (who a request works for, and that tenant's deps) imports no Slack listener, no digest, no CLI and no store adapter",
    files: ['src/tenancy/'],
    never: ['src/slack/', 'src/digest/', 'src/cli/', 'src/store/mongo/', 'src/store/sqlite/'],
  },
];

function within(path: string, targets: readonly string[]): boolean {
  return targets.some((t) => (t.endsWith('/') ? path.startsWith(t) : path === t));
}

function breaks(rule: LayerRule, edge: ImportEdge): boolean {
  if (!edge.relative || !within(edge.from, rule.files)) return false;
  if (rule.exceptFiles && within(edge.from, rule.exceptFiles)) return false;
  if (rule.only && !within(edge.to, rule.only)) return true;
  return rule.never !== undefined && within(edge.to, rule.never);
}

/** One line per import that breaks a rule: `importer → imported: the rule`. */
export function layerViolations(
  edges: readonly ImportEdge[],
  rules: readonly LayerRule[] = LAYER_RULES,
): string[] {
  return rules.flatMap((rule) =>
    edges.filter((edge) => breaks(rule, edge)).map((e) => `${e.from} → ${e.to}: ${rule.says}`),
  );
}
