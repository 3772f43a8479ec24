import { readFile } from 'node:fs/promises';

/**
 * Reads two V8 heap snapshots (`v8.writeHeapSnapshot`) and says what grew between them: the total
 * of every node's self size, and the kinds of node (objects by constructor, closures by name,
 * strings, code...) whose count or size changed most. What a burst left in JavaScript shows here;
 * memory V8 or malloc keep without a live object to hold it does not.
 */

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export interface HeapKind {
  kind: string;
  count: number;
  bytes: number;
}

export interface HeapSummary {
  nodes: number;
  bytes: number;
  kinds: Map<string, HeapKind>;
}

export async function summarizeHeap(path: string): Promise<HeapSummary> {
  const snap = JSON.parse(await readFile(path, 'utf8')) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const kinds = new Map<string, HeapKind>();
  let bytes = 0;
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const type = types[snap.nodes[i + (iType as number)] ?? 0] ?? '?';
    const named = type === 'object' || type === 'closure';
    const kind = named ? `${type} ${snap.strings[snap.nodes[i + (iName as number)] ?? 0]}` : type;
    const size = snap.nodes[i + (iSize as number)] ?? 0;
    const entry = kinds.get(kind) ?? { kind, count: 0, bytes: 0 };
    entry.count += 1;
    entry.bytes += size;
    kinds.set(kind, entry);
    bytes += size;
  }
  return { nodes: snap.nodes.length / fields.length, bytes, kinds };
}

/** The kinds whose size changed most from `before` to `after` (count and bytes as deltas). */
export function heapGrowth(before: HeapSummary, after: HeapSummary, top = 10): HeapKind[] {
  const kinds = new Set([...before.kinds.keys(), ...after.kinds.keys()]);
  const deltas = [...kinds].map((kind) => ({
    kind,
    count: (after.kinds.get(kind)?.count ?? 0) - (before.kinds.get(kind)?.count ?? 0),
    bytes: (after.kinds.get(kind)?.bytes ?? 0) - (before.kinds.get(kind)?.bytes ?? 0),
  }));
  return deltas.sort((a, b) => Math.abs(b.bytes) - Math.abs(a.bytes)).slice(0, top);
}
