import type { CloudWatchConfig } from '../config.js';
import { MetricsNotConfiguredError } from '../errors.js';
import type { SnapshotMetricKey } from '../port.js';
import { planBatches, type QueryBatch } from './batching.js';
import { type ResolvedSpecs, resolveMetricSpecs } from './metric-specs.js';
import { buildQueryGroups, type QueryGroup } from './query-builder.js';
import { planWindow, type WindowPlan } from './window.js';

/**
 * What one fetch asks CloudWatch for (pure): the window, the queries grouped per metric, the
 * batches they travel in, and the metrics left out because a resource is not configured.
 */
export interface PreparedFetch {
  plan: WindowPlan;
  groups: QueryGroup[];
  batches: QueryBatch[];
  notQueried: ResolvedSpecs['notQueried'];
}

export interface PrepareOptions {
  /** With several sources: query only these keys. */
  only: readonly SnapshotMetricKey[] | undefined;
  /** `dbAllocatedStorageGb: auto`: the size DescribeDBInstances gave (undefined: not known yet). */
  allocatedStorageGb?: number;
}

/** Throws MetricsNotConfiguredError when the window cannot be planned with these settings. */
export function prepareFetch(
  config: CloudWatchConfig,
  now: Date,
  options: PrepareOptions,
): PreparedFetch {
  const { only, allocatedStorageGb } = options;
  try {
    const plan = planWindow({
      now,
      windowDays: config.windowDays,
      periodSeconds: config.periodSeconds,
    });
    const { specs, notQueried } = resolveMetricSpecs(config, {
      ...(only === undefined ? {} : { only }),
      ...(allocatedStorageGb === undefined ? {} : { allocatedStorageGb }),
    });
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
}
