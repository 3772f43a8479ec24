import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { planBatches, type QueryBatchItem } from '../../src/metrics/cloudwatch/batching.js';

function item(id: string, size: number, datapoints: number): QueryBatchItem {
  const queries: MetricDataQuery[] = Array.from({ length: size }, (_, i) => ({ Id: `${id}${i}` }));
  return { queries, datapoints };
}

describe('planBatches', () => {
  it('puts up to 500 queries in one call', () => {
    const items = Array.from({ length: 500 }, (_, i) => item(`q${i}_`, 1, 10));

    expect(planBatches(items).map((b) => b.queries.length)).toEqual([500]);
  });

  it('opens a second call at the 501st query', () => {
    const items = Array.from({ length: 501 }, (_, i) => item(`q${i}_`, 1, 10));

    expect(planBatches(items).map((b) => b.queries.length)).toEqual([500, 1]);
  });

  it('opens a second call when the datapoints would exceed 100,800', () => {
    const items = [item('a', 3, 60_000), item('b', 3, 60_000)];

    expect(planBatches(items).map((b) => b.datapoints)).toEqual([60_000, 60_000]);
  });

  it('never splits a group (an expression travels with its inputs)', () => {
    const items = [item('a', 499, 10), item('b', 3, 10)];

    expect(planBatches(items).map((b) => b.queries.map((q) => q.Id?.[0]).join(''))).toEqual([
      'a'.repeat(499),
      'bbb',
    ]);
  });

  it('refuses a group that cannot fit in any call', () => {
    expect(() => planBatches([item('a', 1, 100_801)])).toThrow(RangeError);
  });

  it('sends nothing when there is nothing to ask', () => {
    expect(planBatches([])).toEqual([]);
  });
});
