import type { ImportEdge } from './import-graph.js';

/**
 * File-level import cycles among the relative imports: a depth-first walk in name order, where an
 * import of a file still on the walk's path closes a cycle. Files that import each other in a
 * circle give at least one chain (not every circle among them); a chain reads
 * `a.ts → b.ts → a.ts`, from its first file by name.
 */
export function importCycles(edges: readonly ImportEdge[]): string[] {
  const graph = new Map<string, string[]>();
  for (const e of edges) {
    if (!e.relative) continue;
    graph.set(e.from, [...(graph.get(e.from) ?? []), e.to]);
  }
  const done = new Set<string>();
  const path: string[] = [];
  const chains = new Set<string>();

  const visit = (file: string): void => {
    path.push(file);
    for (const next of [...new Set(graph.get(file) ?? [])].toSorted()) {
      const at = path.indexOf(next);
      if (at >= 0) chains.add(chainOf(path.slice(at)));
      else if (!done.has(next)) visit(next);
    }
    path.pop();
    done.add(file);
  };
  for (const file of [...graph.keys()].toSorted()) if (!done.has(file)) visit(file);
  return [...chains].toSorted();
}

/** The cycle through `files` (in import order) as a chain from its first file by name. */
function chainOf(files: readonly string[]): string {
  const first = files.indexOf(files.toSorted()[0] ?? '');
  const rotated = [...files.slice(first), ...files.slice(0, first)];
  return [...rotated, rotated[0]].join(' → ');
}
