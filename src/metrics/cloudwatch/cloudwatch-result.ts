import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { MetricKey, MetricQuality } from '../../domain/metrics.js';
import type { Logger } from '../../logging/logger.js';
import type { CloudWatchConfig } from '../config.js';
import type { MetricsResult, SnapshotMetricKey } from '../port.js';
import { resolveDbMaxConnections } from './db-max-connections.js';
import type { MetricDataResponse } from './fetch-metric-data.js';
import { type AllocatedStorage, diagnoseAgentMemory } from './lookups.js';
import type { StatSpec } from './metric-specs.js';
import type { PreparedFetch } from './prepare-fetch.js';
import { reduceResults } from './reduce.js';
import { describeWindow } from './window.js';

/** GetMetricData price (us-east-1): $0.01 per 1,000 metrics requested. */
const USD_PER_METRIC_REQUESTED = 0.01 / 1000;

function getMetricDataCostUsd(metricsRequested: number): number {
  return metricsRequested * USD_PER_METRIC_REQUESTED;
}

export interface ResultInput {
  region: string;
  prepared: PreparedFetch;
  response: MetricDataResponse;
  config: CloudWatchConfig;
  logger: Logger;
  wants: (key: SnapshotMetricKey) => boolean;
  /** DescribeDBInstances' answer for `dbAllocatedStorageGb: auto`; null when not asked. */
  storage: AllocatedStorage | null;
}

const USED_STORAGE_NOTE =
  'dbSizeMb: allocated storage minus FreeStorageSpace, so "used" counts WAL, logs and temporary files besides the data';

function storageNotes(input: ResultInput, snapshot: MetricsResult['snapshot']): string[] {
  const { storage, config } = input;
  const custom = config.queries.dbSizeMb?.metricName;
  if (snapshot.dbSizeMb === undefined || (custom !== undefined && custom !== 'FreeStorageSpace'))
    return [];
  if (storage !== null && 'gb' in storage) {
    return [
      `${USED_STORAGE_NOTE}; allocated ${storage.gb} GiB read with DescribeDBInstances (dbAllocatedStorageGb: auto)`,
    ];
  }
  return [
    `${USED_STORAGE_NOTE}; allocated ${String(config.dimensions.dbAllocatedStorageGb)} GiB as configured (storage autoscaling changes it: use dbAllocatedStorageGb: auto)`,
  ];
}

export function toResult(input: ResultInput): MetricsResult {
  const { region, prepared, response, config, logger, wants, storage } = input;
  const { plan, groups } = prepared;
  const reduced = reduceResults(groups, plan, response.results);
  const snapshot = { ...reduced.snapshot };
  const quality: MetricQuality[] = [...prepared.notQueried, ...reduced.quality];
  const notes = [...reduced.notes];
  if (storage !== null && 'problem' in storage) {
    // Without the allocated size, "used" cannot be computed: unknown, never a wrong number.
    delete snapshot.dbSizeMb;
    const others = quality.filter((q) => q.metric !== 'dbSizeMb');
    quality.splice(0, quality.length, ...others, {
      metric: 'dbSizeMb',
      issue: 'noData',
      detail: storage.problem,
    });
  }
  notes.push(...storageNotes(input, snapshot));
  if (wants('dbMaxConnections')) {
    const db = resolveDbMaxConnections(config.dimensions);
    if (db.value !== null) snapshot.dbMaxConnections = db.value;
    if (db.quality !== null) quality.push(db.quality);
    if (db.note !== null) notes.push(db.note);
  }
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
    notes,
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

export interface MemoryDiagnosis {
  client: CloudWatchClient;
  config: CloudWatchConfig;
  logger: Logger;
  deadline: AbortSignal;
  wanted: boolean;
}

/**
 * Memory with no datapoints, queried the default way (CWAgent by AutoScalingGroupName): one
 * ListMetrics tells whether the agent publishes it only per instance, and the fact then names the
 * agent setting that fixes it. A failed ListMetrics (not permitted...) leaves the fact as it was.
 */
export async function explainMissingMemory(
  result: MetricsResult,
  diagnosis: MemoryDiagnosis,
): Promise<void> {
  const { config, logger } = diagnosis;
  const fact = result.quality.find(
    (q) => q.metric === 'memoryPercent' && q.issue === 'noData' && /no datapoints/.test(q.detail),
  );
  const asg = config.dimensions.autoScalingGroupName;
  const override = config.queries.memoryPercent;
  const defaultQuery =
    override?.dimensions === undefined &&
    (override?.namespace ?? 'CWAgent') === 'CWAgent' &&
    (override?.metricName ?? 'mem_used_percent') === 'mem_used_percent';
  if (!diagnosis.wanted || fact === undefined || asg === undefined || !defaultQuery) return;
  const ref: StatSpec['metric'] = {
    namespace: 'CWAgent',
    metricName: 'mem_used_percent',
    dimensions: [{ Name: 'AutoScalingGroupName', Value: asg }],
  };
  try {
    const why = await diagnoseAgentMemory(diagnosis.client, ref, diagnosis.deadline);
    if (why !== null) fact.detail = `${fact.detail}: ${why}`;
  } catch (error) {
    logger.debug({ err: error }, 'cloudwatch ListMetrics failed; memory left without a diagnosis');
  }
}
