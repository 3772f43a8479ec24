import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';

/** GetMetricData limits per call: 500 queries and 100,800 datapoints (its MaxDatapoints default). */
const MAX_QUERIES_PER_CALL = 500;
export const MAX_DATAPOINTS_PER_CALL = 100_800;

export interface BatchLimits {
  maxQueries: number;
  maxDatapoints: number;
}

const GET_METRIC_DATA_LIMITS: BatchLimits = {
  maxQueries: MAX_QUERIES_PER_CALL,
  maxDatapoints: MAX_DATAPOINTS_PER_CALL,
};

/** Queries that must share a call (an expression and its inputs), with their datapoint bound. */
export interface QueryBatchItem {
  queries: MetricDataQuery[];
  datapoints: number;
}

export interface QueryBatch {
  queries: MetricDataQuery[];
  datapoints: number;
}

/**
 * Pack groups into as few calls as the limits allow, in order, never splitting a group (pure).
 * The default review is one call; a second one only beyond 500 queries or 100,800 datapoints.
 * @throws RangeError when a single group alone exceeds a limit.
 */
export function planBatches(
  items: readonly QueryBatchItem[],
  limits: BatchLimits = GET_METRIC_DATA_LIMITS,
): QueryBatch[] {
  const batches: QueryBatch[] = [];
  let current: QueryBatch = { queries: [], datapoints: 0 };
  for (const item of items) {
    if (item.queries.length > limits.maxQueries || item.datapoints > limits.maxDatapoints) {
      throw new RangeError(
        `a query group of ${item.queries.length} queries and ${item.datapoints} datapoints exceeds one GetMetricData call`,
      );
    }
    const fits =
      current.queries.length + item.queries.length <= limits.maxQueries &&
      current.datapoints + item.datapoints <= limits.maxDatapoints;
    if (!fits) {
      batches.push(current);
      current = { queries: [], datapoints: 0 };
    }
    current.queries.push(...item.queries);
    current.datapoints += item.datapoints;
  }
  if (current.queries.length > 0) batches.push(current);
  return batches;
}
