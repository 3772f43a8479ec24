import type { Range } from '../plan/schema.js';

export interface OpenRange {
  min: number;
  max: number | null;
}

/** `to - from`, bound by bound; `max` is null when either range is open-ended. */
export function rangeDelta(from: OpenRange, to: OpenRange): { min: number; max: number | null } {
  return {
    min: to.min - from.min,
    max: to.max === null || from.max === null ? null : to.max - from.max,
  };
}

/** The sum of ranges; `max` is null when any range is open-ended. */
export function rangeSum(ranges: readonly Range[]): Range {
  return ranges.reduce<Range>(
    (sum, r) => ({
      min: sum.min + r.min,
      max: sum.max === null || r.max === null ? null : sum.max + r.max,
    }),
    { min: 0, max: 0 },
  );
}
