import {
  CloudWatchClient,
  GetMetricStatisticsCommand,
  type MetricStat,
  type Statistic,
} from '@aws-sdk/client-cloudwatch';
import { parse as parseYaml } from 'yaml';
import { resolveMetricSpecs } from '../src/metrics/cloudwatch/metric-specs.js';
import { buildQueryGroups } from '../src/metrics/cloudwatch/query-builder.js';
import { planWindow } from '../src/metrics/cloudwatch/window.js';
import { parseMetricsConfig } from '../src/metrics/config.js';
import { createMetricsSource } from '../src/metrics/create-source.js';
import {
  FAKE_CREDENTIALS,
  instrument,
  newCallLog,
  testClientFactory,
} from '../test/metrics/support/moto.js';
import type { BenchContext } from './lib/context.js';
import { capturedLogger } from './lib/quiet-logger.js';
import { METRICS_YAML, MOTO_DEFAULT_ACCOUNT, REGION } from './lib/services.js';
import { median } from './lib/stats.js';

/**
 * 4. CloudWatch efficiency: what one review asks of CloudWatch through the adapter (GetMetricData,
 * measured against moto), against a naive client that asks GetMetricStatistics for one metric per
 * call (also run against moto, calls counted), and what a year of weekly reviews costs each way.
 */

/** us-east-1 list prices (https://aws.amazon.com/cloudwatch/pricing/). */
export const USD_PER_1000_METRICS_GET_METRIC_DATA = 0.01;
export const USD_PER_1000_REQUESTS_OTHER_APIS = 0.01;
/** GetMetricStatistics returns at most 1,440 datapoints per call. */
export const MAX_POINTS_PER_STATISTICS_CALL = 1_440;
export const REVIEWS_PER_YEAR = 52;

export interface Approach {
  name: string;
  /** API requests per review. */
  calls: number;
  /** Metrics requested per review (GetMetricData bills these). */
  metrics: number;
  usdPerReview: number;
  usdPerYear: number;
  /** Median wall time of one review's fetch against moto (loopback). */
  fetchMs: number;
}

export interface CloudWatchCostResult {
  approaches: Approach[];
  assumptions: string[];
}

interface NaiveQuery {
  id: string;
  stat: MetricStat;
  lookbackSeconds: number;
  periodSeconds: number;
}

/** The distinct metric series a review needs (the adapter's series queries, not its window ones). */
function naiveQueries(now: Date, minuteResolution: boolean): NaiveQuery[] {
  const config = parseMetricsConfig((parseYaml(METRICS_YAML) as { metrics: unknown }).metrics);
  const cw = config.cloudwatch;
  const plan = planWindow({ now, windowDays: cw.windowDays, periodSeconds: cw.periodSeconds });
  const groups = buildQueryGroups(resolveMetricSpecs(cw).specs, plan);
  const out: NaiveQuery[] = [];
  for (const group of groups) {
    for (const query of group.queries) {
      const stat = query.MetricStat;
      if (stat === undefined || stat.Period !== group.periodSeconds) continue;
      // 1-minute data is kept 15 days: a naive client can ask it for the 7-day window only.
      const fine = minuteResolution && group.lookbackSeconds <= 15 * 86_400;
      out.push({
        id: query.Id ?? '',
        stat,
        lookbackSeconds: group.lookbackSeconds,
        periodSeconds: fine ? 60 : group.periodSeconds,
      });
    }
  }
  return out;
}

/** One GetMetricStatistics call per metric and per 1,440 datapoints; returns the calls made. */
async function naiveFetch(
  client: CloudWatchClient,
  queries: NaiveQuery[],
  end: Date,
): Promise<number> {
  let calls = 0;
  for (const q of queries) {
    const chunkSeconds = q.periodSeconds * MAX_POINTS_PER_STATISTICS_CALL;
    for (let offset = q.lookbackSeconds; offset > 0; offset -= chunkSeconds) {
      const start = new Date(end.getTime() - offset * 1000);
      const stop = new Date(end.getTime() - Math.max(0, offset - chunkSeconds) * 1000);
      calls += 1;
      await client.send(
        new GetMetricStatisticsCommand({
          Namespace: q.stat.Metric?.Namespace,
          MetricName: q.stat.Metric?.MetricName,
          Dimensions: q.stat.Metric?.Dimensions,
          StartTime: start,
          EndTime: stop,
          Period: q.periodSeconds,
          Statistics: [q.stat.Stat as Statistic],
        }),
      );
    }
  }
  return calls;
}

function approach(
  name: string,
  calls: number,
  metrics: number,
  usd: number,
  fetchMs: number,
): Approach {
  return { name, calls, metrics, usdPerReview: usd, usdPerYear: usd * REVIEWS_PER_YEAR, fetchMs };
}

export async function benchCloudWatchCost(ctx: BenchContext): Promise<CloudWatchCostResult> {
  const now = new Date();
  const config = parseMetricsConfig((parseYaml(METRICS_YAML) as { metrics: unknown }).metrics);
  const calls = newCallLog();
  const source = createMetricsSource(
    { ...config, cacheTtlSeconds: 0 },
    {
      logger: capturedLogger('warn').logger,
      region: REGION,
      createCloudWatchClient: testClientFactory({
        endpoint: ctx.emulators.motoUrl,
        account: MOTO_DEFAULT_ACCOUNT,
        calls,
      }),
    },
  );
  const client = instrument(
    new CloudWatchClient({
      region: REGION,
      endpoint: ctx.emulators.motoUrl,
      credentials: FAKE_CREDENTIALS,
    }),
    { account: MOTO_DEFAULT_ACCOUNT },
  );
  const ours: { ms: number; calls: number; metrics: number }[] = [];
  const hourly: { ms: number; calls: number }[] = [];
  const minute: { ms: number; calls: number }[] = [];
  const end = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  const timed = async <T>(run: () => Promise<T>) => {
    const started = performance.now();
    const value = await run();
    return { ms: performance.now() - started, value };
  };
  try {
    for (let r = 0; r < ctx.rounds; r++) {
      const a = await timed(() => source.fetch({ now }));
      ours.push({
        ms: a.ms,
        calls: a.value.source.apiCalls,
        metrics: a.value.source.metricsRequested,
      });
      const h = await timed(() => naiveFetch(client, naiveQueries(now, false), end));
      hourly.push({ ms: h.ms, calls: h.value });
      const m = await timed(() => naiveFetch(client, naiveQueries(now, true), end));
      minute.push({ ms: m.ms, calls: m.value });
    }
  } finally {
    client.destroy();
  }
  const first = ours[0] ?? { calls: Number.NaN, metrics: Number.NaN };
  const perRequest = USD_PER_1000_REQUESTS_OTHER_APIS / 1000;
  const hourlyCalls = hourly[0]?.calls ?? Number.NaN;
  const minuteCalls = minute[0]?.calls ?? Number.NaN;
  const seriesCount = naiveQueries(now, false).length;
  return {
    approaches: [
      approach(
        'adapter: GetMetricData',
        first.calls,
        first.metrics,
        (first.metrics * USD_PER_1000_METRICS_GET_METRIC_DATA) / 1000,
        median(ours.map((o) => o.ms)),
      ),
      approach(
        'naive GetMetricStatistics, hourly periods',
        hourlyCalls,
        seriesCount,
        hourlyCalls * perRequest,
        median(hourly.map((o) => o.ms)),
      ),
      approach(
        'naive GetMetricStatistics, 1-minute periods',
        minuteCalls,
        seriesCount,
        minuteCalls * perRequest,
        median(minute.map((o) => o.ms)),
      ),
    ],
    assumptions: [
      `one review = the default ${config.cloudwatch.windowDays}-day indicator window plus the 30-day conversations sum (the adapter's series plus its whole-window aggregates: ${first.metrics} metrics in ${first.calls} call)`,
      `${REVIEWS_PER_YEAR} reviews a year (the weekly digest); /scale status reviews come from the same cache (60 s TTL) or cost the same per fetch`,
      `GetMetricData: $${USD_PER_1000_METRICS_GET_METRIC_DATA} per 1,000 metrics requested; GetMetricStatistics: $${USD_PER_1000_REQUESTS_OTHER_APIS} per 1,000 requests (us-east-1 list prices; GetMetricStatistics requests count toward the 1M free API requests a month, GetMetricData does not)`,
      `GetMetricStatistics returns at most ${MAX_POINTS_PER_STATISTICS_CALL} datapoints a call: 7 days hourly = 168 points (1 call a metric), 7 days at 1 minute = 10,080 points (7 calls a metric); the conversations sum is daily over 30 days (1 call) either way, as 1-minute data is kept only 15 days`,
      'fetch times are loopback calls to moto, one at a time: they show the number of round trips, not AWS latency',
    ],
  };
}
