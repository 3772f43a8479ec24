import { describe, expect, it } from 'vitest';
import {
  applyWindowStatistic,
  percentile,
} from '../../src/metrics/cloudwatch/window-statistics.js';

describe('window statistics', () => {
  it('interpolates percentiles between closest ranks', () => {
    expect(percentile([1, 2, 3, 4, 5], 50)).toBe(3);
    expect(percentile([10, 20], 90)).toBeCloseTo(19);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 90)).toBeNull();
  });

  it('does not depend on the order of the values', () => {
    expect(percentile([5, 1, 4, 2, 3], 75)).toBe(percentile([1, 2, 3, 4, 5], 75));
  });

  it('reduces with each named statistic', () => {
    const values = [3, 1, 2];

    expect(applyWindowStatistic('average', values)).toBe(2);
    expect(applyWindowStatistic('maximum', values)).toBe(3);
    expect(applyWindowStatistic('minimum', values)).toBe(1);
    expect(applyWindowStatistic('sum', values)).toBe(6);
    expect(applyWindowStatistic('latest', values)).toBe(2);
    expect(applyWindowStatistic('p50', values)).toBe(2);
  });

  it('has no value for an empty window', () => {
    expect(applyWindowStatistic('sum', [])).toBeNull();
  });
});
