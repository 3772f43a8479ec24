import { createHash } from 'node:crypto';
import { CloudWatchClient, type CloudWatchClientConfig } from '@aws-sdk/client-cloudwatch';
import { RDSClient, type RDSClientConfig } from '@aws-sdk/client-rds';
import type { Logger } from '../../logging/logger.js';
import type { CloudWatchConfig } from '../config.js';
import { MetricsNotConfiguredError } from '../errors.js';
import type { MetricsRequest, MetricsResult, MetricsSource, SnapshotMetricKey } from '../port.js';
import type { AwsCredentialIdentityProvider } from './assume-role.js';
import { explainMissingMemory, toResult } from './cloudwatch-result.js';
import { mapCloudWatchError } from './error-mapping.js';
import { fetchMetricData, type MetricDataResponse } from './fetch-metric-data.js';
import { describeAllocatedStorage } from './lookups.js';
import { type PreparedFetch, prepareFetch } from './prepare-fetch.js';
import { alignDown } from './window.js';

export type CloudWatchClientFactory = (config: CloudWatchClientConfig) => CloudWatchClient;
export type RdsClientFactory = (config: RDSClientConfig) => RDSClient;

export interface CloudWatchSourceOptions {
  config: CloudWatchConfig;
  /** Deadline for the whole fetch (all attempts and pages). */
  timeoutMs: number;
  /** AWS_REGION as read by src/config; `config.region` wins. */
  region?: string;
  logger: Logger;
  /** Builds the SDK client from the adapter's settings (tests add an endpoint and fake credentials). */
  createClient?: CloudWatchClientFactory;
  /** Builds the RDS client for `dbAllocatedStorageGb: auto` (tests add an endpoint). */
  createRdsClient?: RdsClientFactory | undefined;
  /** With several sources: query only these keys (the others come from elsewhere). */
  onlyMetrics?: readonly SnapshotMetricKey[];
  /** The assumed role's credentials (`roleArn`); default: the SDK's default chain. */
  credentials?: AwsCredentialIdentityProvider | undefined;
}

/** The SDK settings: standard retry mode, per-attempt timeouts that throw, the role's credentials. */
export function cloudWatchClientConfig(
  config: CloudWatchConfig,
  region: string,
  credentials?: AwsCredentialIdentityProvider,
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
    ...(credentials === undefined ? {} : { credentials }),
  };
}

export function createCloudWatchSource(options: CloudWatchSourceOptions): MetricsSource {
  const { config, logger } = options;
  const region = config.region ?? options.region;
  const createClient =
    options.createClient ?? ((c: CloudWatchClientConfig) => new CloudWatchClient(c));
  const createRds = options.createRdsClient ?? ((c: RDSClientConfig) => new RDSClient(c));
  const only = options.onlyMetrics;
  const wants = (key: SnapshotMetricKey) => only === undefined || only.includes(key);
  let client: CloudWatchClient | null = null;
  let rds: RDSClient | null = null;
  // The key changes only with the aligned window end: computed once per window (it is asked for
  // on every cached fetch, and hashing the query set costs about 0.4 ms).
  let lastKey: { end: number; key: string } | null = null;

  const prepare = (now: Date, allocatedStorageGb?: number): PreparedFetch =>
    prepareFetch(config, now, {
      only,
      ...(allocatedStorageGb === undefined ? {} : { allocatedStorageGb }),
    });

  const errorContext = (deadline: AbortSignal) => ({
    aborted: deadline.aborted,
    timeoutMs: options.timeoutMs,
    requestTimeoutMs: config.requestTimeoutMs,
    maxAttempts: config.maxAttempts,
  });

  const send = async (
    cw: CloudWatchClient,
    prepared: PreparedFetch,
    deadline: AbortSignal,
  ): Promise<MetricDataResponse> => {
    try {
      return await fetchMetricData(cw, prepared.batches, prepared.plan, { abortSignal: deadline });
    } catch (error) {
      throw mapCloudWatchError(error, errorContext(deadline));
    }
  };

  /** `dbAllocatedStorageGb: auto` with the default FreeStorageSpace query: ask RDS for the size. */
  const allocatedStorage = (regionName: string, deadline: AbortSignal) => {
    const id = config.dimensions.dbInstanceIdentifier;
    const custom = config.queries.dbSizeMb?.metricName;
    const usesFreeSpace = custom === undefined || custom === 'FreeStorageSpace';
    if (config.dimensions.dbAllocatedStorageGb !== 'auto' || id === undefined) return null;
    if (!usesFreeSpace || !wants('dbSizeMb')) return null;
    rds ??= createRds(cloudWatchClientConfig(config, regionName, options.credentials));
    return describeAllocatedStorage(rds, id, deadline);
  };

  return {
    kind: 'cloudwatch',
    describe: () => `CloudWatch, ${region ?? 'no region'}, ${config.windowDays}-day window`,
    cacheKey: (request: MetricsRequest) => {
      const end = alignDown(request.now, config.periodSeconds).getTime();
      if (lastKey?.end === end) return lastKey.key;
      const prepared = prepare(request.now);
      const queries = prepared.batches.map((b) => b.queries);
      const identity = JSON.stringify({
        region,
        queries,
        start: prepared.plan.start,
        end: prepared.plan.end,
        config,
        only,
      });
      const key = `cloudwatch:${createHash('sha256').update(identity).digest('hex')}`;
      // Memoized only when the configured period is the one the plan used (not raised by retention).
      if (prepared.plan.end.getTime() === end) lastKey = { end, key };
      return key;
    },
    fetch: async (request: MetricsRequest): Promise<MetricsResult> => {
      if (region === undefined) {
        throw new MetricsNotConfiguredError(
          'no AWS region',
          'set AWS_REGION or metrics.cloudwatch.region in scale-review.yml',
        );
      }
      const prepared = prepare(request.now);
      client ??= createClient(cloudWatchClientConfig(config, region, options.credentials));
      const deadline = AbortSignal.timeout(options.timeoutMs);
      const [response, storage] = await Promise.all([
        send(client, prepared, deadline),
        allocatedStorage(region, deadline),
      ]);
      // The queries do not depend on the allocated size; only the conversion does.
      const final =
        storage !== null && 'gb' in storage ? prepare(request.now, storage.gb) : prepared;
      const result = toResult({
        region,
        prepared: final,
        response,
        config,
        logger,
        wants,
        storage,
      });
      await explainMissingMemory(result, {
        client,
        config,
        logger,
        deadline,
        wanted: wants('memoryPercent'),
      });
      return result;
    },
  };
}
