import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PastObservation } from '../../src/domain/engine/history.js';
import type { SeriesPoint } from '../../src/domain/engine/series.js';
import { theilSen } from '../../src/domain/engine/theil-sen.js';
import { review } from '../../src/domain/review.js';
import { PLAN, SEED } from './advice-fixtures.js';

const MINUTE_MS = 60_000;
const WEEK_MS = 7 * 86_400_000;
/** Monday 30 November 2026, 00:00 UTC: the current week (2026-W49) starts here. */
const THIS_MONDAY = Date.UTC(2026, 10, 30);
const NOW = new Date(THIS_MONDAY + (1440 + 540) * MINUTE_MS);

/** Ordinary least squares slope, the reference Theil–Sen is compared with. */
function leastSquaresSlope(points: readonly SeriesPoint[]): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.value, 0) / n;
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.value - my), 0);
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxy / sxx;
}

/** CPU and DB size per week, oldest first, the last one this week. */
const weeksOfMetrics = fc.array(
  fc.record({
    cpuPercent: fc.integer({ min: 30, max: 95 }),
    dbSizeMb: fc.integer({ min: 100, max: 900 }),
    conversationsPerMonth: fc.integer({ min: 100, max: 900 }),
  }),
  { minLength: 3, maxLength: 8 },
);

/** Minutes into a week: anywhere from Monday 00:00 to Sunday 23:59. */
const minuteOfWeek = fc.integer({ min: 0, max: 7 * 1440 - 1 });

function history(
  weeks: readonly { cpuPercent: number; dbSizeMb: number; conversationsPerMonth: number }[],
  minutes: readonly number[],
): PastObservation[] {
  return weeks.slice(0, -1).map((metrics, i) => {
    const at = new Date(
      THIS_MONDAY - (weeks.length - 1 - i) * WEEK_MS + (minutes[i] ?? 0) * MINUTE_MS,
    );
    return { periodStart: at, at, snapshot: { ...SEED, ...metrics }, quality: [] };
  });
}

describe('forecast properties', () => {
  it('never changes when the observations move within their periods or the run moves by seconds', () => {
    fc.assert(
      fc.property(
        weeksOfMetrics,
        fc.array(minuteOfWeek, { minLength: 8, maxLength: 8 }),
        // The current run anywhere from Tuesday 09:00 to 23:59 of the same day
        fc.integer({ min: 0, max: (15 * 60 - 1) * 60 }),
        (weeks, minutes, laterSeconds) => {
          // Arrange
          const current = { ...SEED, ...weeks.at(-1) };
          const atStarts = history(
            weeks,
            weeks.map(() => 0),
          );
          const moved = history(weeks, minutes);
          // Act
          const before = review(current, PLAN, { now: NOW, history: atStarts });
          const after = review(current, PLAN, {
            now: new Date(NOW.getTime() + laterSeconds * 1000),
            history: moved,
          });
          // Assert
          expect(after.forecasts).toEqual(before.forecasts);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('lets one outlier added to a clean line of 4+ points move Theil–Sen less than least squares', () => {
    // With n >= 4 points on the line, its n(n − 1)/2 pairwise slopes outnumber the outlier's n on
    // either side, so the median stays on the line. (With 3 clean points at uneven gaps, e.g.
    // x = -16, -6, -5 and an outlier at -4, Theil–Sen can move slightly more than least squares.)
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: -20, max: 0 }), { minLength: 5, maxLength: 10 }),
        fc.integer({ min: -20, max: 20 }),
        fc.integer({ min: 0, max: 100 }),
        fc.double({ min: 1, max: 100, noNaN: true }),
        fc.boolean(),
        (xs, slope, intercept, offset, below) => {
          // Arrange: the first x is the outlier's, the others lie exactly on the line
          const [outlierX, ...cleanXs] = xs;
          if (outlierX === undefined) return;
          const clean = cleanXs.map((x) => ({ x, value: intercept + slope * x }));
          const outlier = {
            x: outlierX,
            value: intercept + slope * outlierX + (below ? -offset : offset),
          };
          // Act
          const theilSenMove = Math.abs((theilSen([...clean, outlier])?.slope ?? 0) - slope);
          const leastSquaresMove = Math.abs(leastSquaresSlope([...clean, outlier]) - slope);
          // Assert
          expect(theilSenMove).toBeLessThanOrEqual(1e-9);
          expect(theilSenMove).toBeLessThanOrEqual(leastSquaresMove);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('lets an outlier at the end of a clean line move Theil–Sen strictly less than least squares', () => {
    const clean = [-4, -3, -2, -1].map((x) => ({ x, value: 60 + 2 * x }));
    const points = [...clean, { x: 0, value: 90 }];
    expect(theilSen(points)?.slope).toBe(2);
    expect(leastSquaresSlope(points)).toBe(8);
  });
});
