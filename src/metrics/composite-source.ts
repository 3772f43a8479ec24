import { isIndicatorMetric, keyedBy, snapshotMetrics } from '../domain/catalog/derive.js';
import {
  METRIC_KEYS,
  type MetricKey,
  type MetricQuality,
  type MetricsSnapshot,
  SNAPSHOT_METRIC_KEYS,
} from '../domain/metrics.js';
import type { SourceName, SourcePlan } from './config.js';
import { channelSafeMessage, MetricsUnavailableError } from './errors.js';
import type {
  MetricSeries,
  MetricsPeek,
  MetricsRequest,
  MetricsResult,
  MetricsSource,
  MetricsSourceFailure,
  MetricsSourceInfo,
  SnapshotMetricKey,
} from './port.js';

/**
 * Several sources in one review (`metrics.sources`): one fetch per source, in parallel; each
 * supplies only the metrics assigned to it. A failing source leaves only its metrics unknown
 * (`noData` facts naming it) and is listed in `failures`, so the review is marked degraded and the
 * others still count; when every source fails, the fetch fails.
 */

const SOURCE_LABELS: Record<SourceName, string> = {
  cloudwatch: 'CloudWatch',
  file: 'metrics file',
  url: 'metrics URL',
  postgres: 'PostgreSQL',
};

/** Each metric's short label from the catalog: "PostgreSQL (conversations, DB size)". */
const METRIC_LABELS: Record<SnapshotMetricKey, string> = keyedBy(
  snapshotMetrics(),
  (metric) => metric.shortLabel,
);

export interface CompositePart {
  name: SourceName;
  source: MetricsSource;
  /** The keys it supplies (`rest` already expanded). */
  metrics: SnapshotMetricKey[];
  /** Whether the part was configured with `rest` (described as "everything else"). */
  rest: boolean;
}

/** Expand `rest` and keep the configuration order. */
export function resolveParts(
  plan: readonly SourcePlan[],
  sourceOf: (name: SourceName, metrics: readonly SnapshotMetricKey[]) => MetricsSource,
): CompositePart[] {
  const listed = new Set(plan.flatMap((p) => (p.metrics === 'rest' ? [] : p.metrics)));
  return plan.map((p) => {
    const metrics =
      p.metrics === 'rest' ? SNAPSHOT_METRIC_KEYS.filter((k) => !listed.has(k)) : [...p.metrics];
    return { name: p.name, source: sourceOf(p.name, metrics), metrics, rest: p.metrics === 'rest' };
  });
}

function metricList(part: CompositePart): string {
  return part.rest ? 'everything else' : part.metrics.map((k) => METRIC_LABELS[k]).join(', ');
}

/** Notes start with the metric they are about ("dbMaxConnections 225: …"); keep the part's own. */
function ownsNote(note: string, owned: ReadonlySet<string>): boolean {
  const first = /^([A-Za-z]+)/.exec(note)?.[1] ?? '';
  const aboutMetric = (SNAPSHOT_METRIC_KEYS as readonly string[]).includes(first);
  return !aboutMetric || owned.has(first);
}

interface Merged {
  snapshot: MetricsSnapshot;
  series: Partial<Record<MetricKey, MetricSeries>>;
  quality: MetricQuality[];
  notes: string[];
}

function mergePart(into: Merged, part: CompositePart, result: MetricsResult): void {
  const owned = new Set<string>(part.metrics);
  for (const key of part.metrics) {
    const value = result.snapshot[key];
    if (value !== undefined) into.snapshot[key] = value;
    if (isIndicatorMetric(key) && result.series[key] !== undefined)
      into.series[key] = result.series[key];
  }
  into.quality.push(...result.quality.filter((q) => owned.has(q.metric)));
  into.notes.push(...result.notes.filter((n) => ownsNote(n, owned)));
}

function oldest(times: (string | undefined)[]): string | undefined {
  const known = times.filter((t): t is string => t !== undefined).sort();
  return known[0];
}

function partInfo(
  part: CompositePart,
  outcome: PromiseSettledResult<MetricsResult>,
): MetricsSourceInfo {
  const label = SOURCE_LABELS[part.name];
  if (outcome.status === 'rejected') {
    return {
      kind: part.source.kind,
      description: `${label}: failed (${metricList(part)} unknown)`,
      detail: part.source.describe(),
      apiCalls: 0,
      metricsRequested: 0,
      metrics: part.metrics,
      failed: channelSafeMessage(outcome.reason),
    };
  }
  const info = outcome.value.source;
  return {
    ...info,
    description: `${info.description} (${metricList(part)})`,
    detail: `${info.detail ?? info.description} (${metricList(part)})`,
    metrics: part.metrics,
  };
}

/** The parts' versions in configuration order (as `peek` joins them); null when one has none. */
function versionOf(results: readonly MetricsResult[]): string | null {
  if (results.length === 0 || results.some((r) => r.version === undefined)) return null;
  return results.map((r) => r.version).join('|');
}

export function createCompositeSource(parts: readonly CompositePart[]): MetricsSource {
  const assigned = new Set<string>(parts.flatMap((p) => p.metrics));
  const unassigned: MetricQuality[] = METRIC_KEYS.filter((k) => !assigned.has(k)).map((metric) => ({
    metric,
    issue: 'noData',
    detail: 'not taken from any source: add it to metrics.sources in scale-review.yml',
  }));

  return {
    kind: 'composite',
    describe: () => parts.map((p) => `${p.source.describe()} (${metricList(p)})`).join('; '),
    fetch: async (request: MetricsRequest): Promise<MetricsResult> => {
      const outcomes = await Promise.allSettled(parts.map((p) => p.source.fetch(request)));
      const merged: Merged = { snapshot: {}, series: {}, quality: [...unassigned], notes: [] };
      const failures: MetricsSourceFailure[] = [];
      const infos = parts.map((part, i) => {
        const outcome = outcomes[i] as PromiseSettledResult<MetricsResult>;
        if (outcome.status === 'fulfilled') mergePart(merged, part, outcome.value);
        else {
          const message = channelSafeMessage(outcome.reason);
          const label = SOURCE_LABELS[part.name];
          failures.push({ source: label, message, metrics: part.metrics, cause: outcome.reason });
          for (const metric of part.metrics.filter(isIndicatorMetric)) {
            merged.quality.push({ metric, issue: 'noData', detail: `${label} failed: ${message}` });
          }
        }
        return partInfo(part, outcome);
      });
      const fulfilled = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      if (fulfilled.length === 0) {
        const [only] = outcomes;
        if (parts.length === 1 && only?.status === 'rejected') throw only.reason;
        const why = failures.map((f) => `${f.source}: ${f.message}`).join('; ');
        throw new MetricsUnavailableError(`every metrics source failed — ${why}`, {
          cause: outcomes.map((o) => (o.status === 'rejected' ? o.reason : null)),
        });
      }
      const capturedAt = oldest(fulfilled.map((r) => r.snapshot.capturedAt));
      const ages = fulfilled.flatMap((r) => (r.source.ageMs === undefined ? [] : [r.source.ageMs]));
      const window = fulfilled.find((r) => r.source.window !== undefined)?.source.window;
      const version = versionOf(fulfilled.length === parts.length ? fulfilled : []);
      return {
        ...(version === null ? {} : { version }),
        snapshot: { ...merged.snapshot, ...(capturedAt === undefined ? {} : { capturedAt }) },
        series: merged.series,
        quality: merged.quality,
        notes: merged.notes,
        failures,
        source: {
          kind: 'composite',
          description: infos.map((i) => i.description).join(' · '),
          detail: infos.map((i) => i.detail ?? i.description).join(' · '),
          apiCalls: infos.reduce((sum, i) => sum + i.apiCalls, 0),
          metricsRequested: infos.reduce((sum, i) => sum + i.metricsRequested, 0),
          ...(fulfilled.every((r) => r.source.cached === true) ? { cached: true } : {}),
          ...(ages.length > 0 ? { ageMs: Math.max(...ages) } : {}),
          ...(fulfilled.some((r) => r.source.stale === true) ? { stale: true } : {}),
          ...(window === undefined ? {} : { window }),
          sources: infos,
        },
      };
    },
    peek: (request: MetricsRequest): MetricsPeek | null => {
      const peeks = parts.map((p) => p.source.peek?.(request) ?? null);
      if (peeks.some((p) => p === null)) return null;
      const known = peeks.filter((p): p is MetricsPeek => p !== null);
      return {
        version: known.map((p) => p.version).join('|'),
        stale: known.some((p) => p.stale),
        refreshDue: known.some((p) => p.refreshDue),
      };
    },
    close: async () => {
      await Promise.all(parts.map((p) => p.source.close?.()));
    },
  };
}
