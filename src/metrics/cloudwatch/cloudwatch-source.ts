import { createHash } from 'node:crypto';
import { CloudWatchClient, type CloudWatchClientConfig } from '@aws-sdk/client-cloudwatch';
import type { RDSClient, RDSClientConfig } from '@aws-sdk/client-rds';
import type { MetricKey } from '../../domain/metrics.js';
import type { CloudWatchConfig } from '../config.js';
import { MetricsNotConfiguredError } from '../errors.js';
import type { MetricsLogger } from '../logger.js';
import type { MetricsRequest, MetricsResult, MetricsSource, SnapshotMetricKey } from '../port.js';
import { planBatches, type QueryBatch } from './batching.js';
import { resolveDbMaxConnections } from './db-max-connections.js';
import { mapCloudWatchError } from './error-mapping.js';
import { fetchMetricData, type MetricDataResponse } from './fetch-metric-data.js';
import { resolveMetricSpecs } from './metric-specs.js';
import { buildQueryGroups, type QueryGroup } from './query-builder.js';
import { reduceResults } from './reduce.js';
import { describeWindow, planWindow, type WindowPlan } from './window.js';

/** GetMetricData price (us-east-1): $0.01 per 1,000 metrics requested. */
export const USD_PER_METRIC_REQUESTED = 0.01 / 1000;

export function getMetricDataCostUsd(metricsRequested: number): number {
  return metricsRequested * USD_PER_METRIC_REQUESTED;
}

export type CloudWatchClientFactory = (config: CloudWatchClientConfig) => CloudWatchClient;
export type RdsClientFactory = (config: RDSClientConfig) => RDSClient;

export interface CloudWatchSourceOptions {
  config: CloudWatchConfig;
  /** Deadline for the whole fetch (all attempts and pages). */
  timeoutMs: number;
  /** AWS_REGION as read by src/config; `config.region` wins. */
  region?: string;
  logger: MetricsLogger;
  /** Builds the SDK client from the adapter's settings (tests add an endpoint and fake credentials). */
  createClient?: CloudWatchClientFactory;
  /** Builds the RDS client for `dbAllocatedStorageGb: auto` (tests add an endpoint). */
  createRdsClient?: RdsClientFactory | undefined;
  /** With several sources: query only these keys (the others come from elsewhere). */
  onlyMetrics?: readonly SnapshotMetricKey[];
}

interface PreparedFetch {
  plan: WindowPlan;
  groups: QueryGroup[];
  batches: QueryBatch[];
  notQueried: ReturnType<typeof resolveMetricSpecs>['notQueried'];
}

/** The SDK settings: standard retry mode, per-attempt timeouts that throw. */
export function cloudWatchClientConfig(
  config: CloudWatchConfig,
  region: string,
): CloudWatchClientConfig {
  return {
    region,
    maxAttempts: config.maxAttempts,
    retryMode: 'standard',
    requestHandler: {
      connectionTimeout: config.connectionTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  };
}

export function createCloudWatchSource(options: CloudWatchSourceOptions): MetricsSource {
  const { config, logger } = options;
  const region = config.region ?? options.region;
  const createClient =
    options.createClient ?? ((c: CloudWatchClientConfig) => new CloudWatchClient(c));
  let client: CloudWatchClient | null = null;

  const prepare = (now: Date): PreparedFetch => {
    try {
      const plan = planWindow({
        now,
        windowDays: config.windowDays,
        periodSeconds: config.periodSeconds,
      });
      const { specs, notQueried } = resolveMetricSpecs(config);
      const groups = buildQueryGroups(specs, plan);
      return { plan, groups, batches: planBatches(groups), notQueried };
    } catch (error) {
      const what = error instanceof Error ? error.message : String(error);
      throw new MetricsNotConfiguredError(
        what,
        'lower metrics.cloudwatch.windowDays or raise periodSeconds',
        {
          cause: error,
        },
      );
    }
  };

  const send = async (regionName: string, prepared: PreparedFetch): Promise<MetricDataResponse> => {
    client ??= createClient(cloudWatchClientConfig(config, regionName));
    const deadline = AbortSignal.timeout(options.timeoutMs);
    try {
      return await fetchMetricData(client, prepared.batches, prepared.plan, {
        abortSignal: deadline,
      });
    } catch (error) {
      throw mapCloudWatchError(error, {
        aborted: deadline.aborted,
        timeoutMs: options.timeoutMs,
        requestTimeoutMs: config.requestTimeoutMs,
        maxAttempts: config.maxAttempts,
      });
    }
  };

  return {
    kind: 'cloudwatch',
    describe: () => `CloudWatch, ${region ?? 'no region'}, ${config.windowDays}-day window`,
    cacheKey: (request: MetricsRequest) => {
      const prepared = prepare(request.now);
      const queries = prepared.batches.map((b) => b.queries);
      const identity = JSON.stringify({
        region,
        queries,
        start: prepared.plan.start,
        end: prepared.plan.end,
        config,
      });
      return `cloudwatch:${createHash('sha256').update(identity).digest('hex')}`;
    },
    fetch: async (request: MetricsRequest): Promise<MetricsResult> => {
      if (region === undefined) {
        throw new MetricsNotConfiguredError(
          'no AWS region',
          'set AWS_REGION or metrics.cloudwatch.region in scale-review.yml',
        );
      }
      const prepared = prepare(request.now);
      const response = await send(region, prepared);
      return toResult(region, prepared, response, config, logger);
    },
  };
}

function toResult(
  region: string,
  prepared: PreparedFetch,
  response: MetricDataResponse,
  config: CloudWatchConfig,
  logger: MetricsLogger,
): MetricsResult {
  const { plan, groups } = prepared;
  const reduced = reduceResults(groups, plan, response.results);
  const db = resolveDbMaxConnections(config.dimensions);
  const snapshot = { ...reduced.snapshot };
  if (db.value !== null) snapshot.dbMaxConnections = db.value;
  const quality = [
    ...prepared.notQueried,
    ...reduced.quality,
    ...(db.quality === null ? [] : [db.quality]),
  ];
  const metricsRequested = groups.reduce((sum, g) => sum + g.metrics, 0);
  const costUsd = getMetricDataCostUsd(metricsRequested);
  if (response.messages.length > 0) {
    logger.warn({ messages: response.messages }, 'cloudwatch returned messages');
  }
  logger.debug(
    {
      apiCalls: response.apiCalls,
      metricsRequested,
      costUsd,
      region,
      start: plan.start,
      end: plan.end,
    },
    'cloudwatch metrics fetched',
  );
  const missing = quality
    .filter((q) => q.issue === 'noData' || q.issue === 'noTraffic')
    .map((q) => q.metric);
  if (missing.length > 0)
    logger.debug({ missing: [...new Set<MetricKey>(missing)] }, 'cloudwatch metrics missing');
  return {
    snapshot,
    series: reduced.series,
    quality,
    notes: db.note === null ? [] : [db.note],
    source: {
      kind: 'cloudwatch',
      description: `CloudWatch, ${region}, ${describeWindow(plan)}`,
      apiCalls: response.apiCalls,
      metricsRequested,
      window: {
        start: plan.windowStart.toISOString(),
        end: plan.end.toISOString(),
        periodSeconds: plan.periodSeconds,
      },
    },
  };
}
