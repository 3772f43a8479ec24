import type { Document } from 'mongodb';
import type { QueryPlan } from '../query-plan.js';

/** Every IXSCAN index name in a MongoDB plan tree (winningPlan, inputStage(s), queryPlan...). */
function indexNames(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(indexNames);
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Record<string, unknown>;
  const own =
    record.stage === 'IXSCAN' && typeof record.indexName === 'string' ? [record.indexName] : [];
  const children = ['queryPlan', 'inputStage', 'inputStages', 'winningPlan']
    .filter((key) => key in record)
    .flatMap((key) => indexNames(record[key]));
  return [...own, ...children];
}

/**
 * Read an explain('queryPlanner') result.
 * - MongoDB: the winning plan's IXSCAN names the index.
 * - FerretDB 1.x answers with its backend's plan (SQLite: "SCAN <table>") plus filterPushdown /
 *   sortPushdown flags; it pushes down only `_id` equality, so it cannot use our secondary indexes
 *   for `latest` and cannot tell which index a query would use: explained = false.
 */
export function describePlan(explain: Document): QueryPlan {
  const serverInfo = (explain.serverInfo ?? {}) as Record<string, unknown>;
  if (typeof serverInfo.ferretdbVersion === 'string') {
    const plan = (explain.queryPlanner as { Plan?: unknown } | undefined)?.Plan;
    return {
      explained: false,
      index: null,
      detail: `FerretDB ${serverInfo.ferretdbVersion}: filterPushdown=${String(explain.filterPushdown)} sortPushdown=${String(explain.sortPushdown)} plan=${JSON.stringify(plan)}`,
    };
  }
  const winning = (explain.queryPlanner as { winningPlan?: unknown } | undefined)?.winningPlan;
  const [index] = indexNames(winning);
  return { explained: true, index: index ?? null, detail: JSON.stringify(winning) };
}
