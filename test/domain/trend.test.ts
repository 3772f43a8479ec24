import { describe, expect, it } from 'vitest';
import { findLevelShift } from '../../src/domain/engine/level-shift.js';
import {
  coveredWeeks,
  dateAfter,
  periodX,
  seriesByPeriod,
} from '../../src/domain/engine/series.js';
import {
  InvalidDegreesOfFreedomError,
  tQuantile,
  twoSidedT,
} from '../../src/domain/engine/student-t.js';
import {
  median,
  slopeStandardError,
  squaredError,
  theilSen,
} from '../../src/domain/engine/theil-sen.js';
import { fitTrend, type TrendSettings } from '../../src/domain/engine/trend.js';

/** One value per weekly period, the last in the current period (x = 0). */
const weekly = (...values: number[]) =>
  values.map((value, i) => ({ x: i - (values.length - 1), value }));

const SETTINGS: TrendSettings = {
  minObservations: 3,
  intervalPercent: 80,
  periodWeeks: 1,
  minShiftStep: 3,
};

describe("Student's t quantiles", () => {
  it('gives the known values of the table', () => {
    expect(tQuantile(0.9, 1)).toBe(3.078);
    expect(tQuantile(0.9, 4)).toBe(1.533);
    expect(tQuantile(0.95, 1)).toBe(6.314);
    expect(tQuantile(0.95, 4)).toBe(2.132);
    expect(tQuantile(0.9, 30)).toBe(1.31);
    expect(tQuantile(0.95, 30)).toBe(1.697);
  });

  it('continues past 30 degrees of freedom with the normal expansion, within 0.0001', () => {
    // Exact values by numerical integration of the t density
    expect(tQuantile(0.9, 40)).toBeCloseTo(1.30308, 4);
    expect(tQuantile(0.95, 31)).toBeCloseTo(1.69552, 4);
    expect(tQuantile(0.95, 60)).toBeCloseTo(1.67065, 4);
    expect(tQuantile(0.9, 1000)).toBeCloseTo(1.2824, 4);
  });

  it('maps a two-sided 80% interval to t(0.90) and 90% to t(0.95)', () => {
    expect(twoSidedT(80, 3)).toBe(1.638);
    expect(twoSidedT(90, 3)).toBe(2.353);
  });

  it('refuses degrees of freedom that are not a whole number >= 1', () => {
    expect(() => tQuantile(0.9, 0)).toThrow(InvalidDegreesOfFreedomError);
    expect(() => tQuantile(0.9, 2.5)).toThrow(
      'degrees of freedom must be a whole number >= 1, got 2.5',
    );
  });
});

describe('Theil–Sen', () => {
  it('takes the median, the mean of the middle two for an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('fits an exact line exactly', () => {
    expect(theilSen(weekly(50, 56, 62, 68))).toEqual({ slope: 6, intercept: 68 });
  });

  it('takes the median of the pairwise slopes and the median of value − slope · x', () => {
    // Arrange: pairwise slopes 2, 20, 2, 2, 38, 2, 2, -34, -16, 2: the median is 2
    const points = weekly(50, 52, 90, 56, 58);
    // Act
    const line = theilSen(points);
    // Assert: value − 2x = 58, 58, 94, 58, 58
    expect(line).toEqual({ slope: 2, intercept: 58 });
  });

  it('has no line without two distinct x', () => {
    expect(theilSen([{ x: 0, value: 1 }])).toBeNull();
    expect(
      theilSen([
        { x: 0, value: 1 },
        { x: 0, value: 2 },
      ]),
    ).toBeNull();
  });

  it('takes the standard error of the slope from the residuals around its own line', () => {
    // Arrange: residuals 0, 0, 36, 0, 0 around 58 + 2x; Σ(x − mean x)² = 10
    const points = weekly(50, 52, 90, 56, 58);
    const line = { slope: 2, intercept: 58 };
    // Act
    const error = slopeStandardError(points, line);
    // Assert
    expect(squaredError(points, line)).toBe(1296);
    expect(error).toBe(Math.sqrt(1296 / 3 / 10));
    expect(slopeStandardError(weekly(1, 2), line)).toBe(0);
  });
});

describe('level shift', () => {
  it('finds the step 55 → 70 → 70 at the second week, +15', () => {
    const points = weekly(55, 70, 70);
    const line = theilSen(points);
    if (!line) throw new Error('no line');
    expect(findLevelShift(points, line, 3)).toEqual({ at: 1, x: -1, step: 15 });
  });

  it('finds no shift in a genuine line', () => {
    const points = weekly(50, 56, 62, 68);
    expect(findLevelShift(points, { slope: 6, intercept: 68 }, 3)).toBeNull();
  });

  it('finds no shift in one outlier week: two segments explain it little better than the line', () => {
    const points = weekly(50, 52, 90, 56, 58);
    expect(findLevelShift(points, { slope: 2, intercept: 58 }, 3)).toBeNull();
  });

  it('finds no shift in a step smaller than the smallest step that counts', () => {
    const points = weekly(60, 60, 62, 62);
    const line = theilSen(points);
    if (!line) throw new Error('no line');
    expect(findLevelShift(points, line, 3)).toBeNull();
    expect(findLevelShift(points, line, 1)).toEqual({ at: 2, x: -1, step: 2 });
  });

  it('finds no shift in a constant series', () => {
    expect(findLevelShift(weekly(60, 60, 60), { slope: 0, intercept: 60 }, 0)).toBeNull();
  });
});

describe('fitTrend', () => {
  it('needs the minimum observations over two periods', () => {
    expect(fitTrend(weekly(60, 70), SETTINGS)).toEqual({
      kind: 'insufficient',
      points: 2,
      spanWeeks: 2,
    });
    const twoPeriodsApart = [
      { x: -2, value: 50 },
      { x: -1, value: 56 },
      { x: 0, value: 62 },
    ];
    expect(fitTrend(twoPeriodsApart, SETTINGS).kind).toBe('line');
  });

  it('gives a line its t-based interval: slope ± t(0.90, n − 2) · standard error', () => {
    // Arrange: 60, 65, 71: Theil–Sen slope 5.5, residuals 0, -0.5, 0
    const points = weekly(60, 65, 71);
    // Act
    const fit = fitTrend(points, SETTINGS);
    // Assert
    expect(fit.kind).toBe('line');
    if (fit.kind !== 'line') return;
    const error = Math.sqrt(0.25 / 1 / 2);
    expect(fit.shift).toBeNull();
    expect(fit.line).toEqual({
      slope: 5.5,
      intercept: 71,
      slopeError: error,
      t: 3.078,
      fast: 5.5 + 3.078 * error,
      slow: 5.5 - 3.078 * error,
      points: 3,
      spanWeeks: 3,
    });
  });

  it('reads a step as a level shift with no trend since, not +7.5 a week', () => {
    expect(fitTrend(weekly(55, 70, 70), SETTINGS)).toEqual({
      kind: 'shift',
      shift: { at: 1, x: -1, step: 15 },
      points: 3,
      spanWeeks: 3,
    });
  });

  it('takes the trend after a level shift from the points after it: 50, 50, 62, 63, 64 is +1 a week', () => {
    const fit = fitTrend(weekly(50, 50, 62, 63, 64), SETTINGS);
    expect(fit.kind).toBe('line');
    if (fit.kind !== 'line') return;
    expect(fit.shift).toEqual({ at: 2, x: -2, step: 13 });
    expect(fit.line).toMatchObject({ slope: 1, intercept: 64, slopeError: 0, points: 3 });
    expect(fit.line.spanWeeks).toBe(3);
  });

  it('has a slow end at or under zero when the range includes flat', () => {
    const fit = fitTrend(weekly(60, 66, 61, 67, 63, 69), SETTINGS);
    expect(fit.kind).toBe('line');
    if (fit.kind !== 'line') return;
    expect(fit.line.slope).toBe(1);
    expect(fit.line.t).toBe(1.533);
    expect(fit.line.slow).toBeLessThan(0);
    expect(fit.line.fast).toBeGreaterThan(2);
  });

  it('does not look for a level shift when told not to', () => {
    const fit = fitTrend(weekly(55, 70, 70), { ...SETTINGS, minShiftStep: null });
    expect(fit).toMatchObject({ kind: 'line', shift: null, line: { slope: 7.5 } });
  });
});

describe('series in review periods', () => {
  it('measures x in weeks from the current period, from period indices', () => {
    expect(periodX(2900, 2903, 7)).toBe(-3);
    expect(periodX(2900, 2901, 14)).toBe(-2);
  });

  it('keys values by the start of their period, whatever time they were observed', () => {
    const now = new Date('2026-12-01T09:00:00Z');
    const points = seriesByPeriod(
      [
        { periodStart: new Date('2026-11-23T00:00:00Z'), value: 2 },
        { periodStart: new Date('2026-11-09T00:00:00Z'), value: 1 },
      ],
      now,
      7,
    );
    expect(points).toEqual([
      { x: -3, value: 1 },
      { x: -1, value: 2 },
    ]);
  });

  it('counts the weeks covered inclusively: four consecutive weeks cover 4', () => {
    expect(coveredWeeks(weekly(1, 2, 3, 4), 1)).toBe(4);
    expect(coveredWeeks([{ x: -4, value: 1 }], 2)).toBe(2);
    expect(coveredWeeks([], 1)).toBe(0);
  });

  it('dates a crossing from the day of the review, to the whole day', () => {
    const now = new Date('2026-12-01T09:00:00Z');
    expect(dateAfter(now, 8.75)).toBe('2026-12-10T00:00:00.000Z');
    expect(dateAfter(new Date('2026-12-01T09:00:59Z'), 8.75)).toBe('2026-12-10T00:00:00.000Z');
  });
});
