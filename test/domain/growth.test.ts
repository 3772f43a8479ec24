import { describe, expect, it } from 'vitest';
import { seriesByPeriod } from '../../src/domain/engine/series.js';
import { twoSidedT } from '../../src/domain/engine/student-t.js';
import {
  estimateGrowth,
  monthlyPercentOf,
  observedMonthlyGrowth,
} from '../../src/domain/growth.js';
import { DEFAULT_PLAN } from '../../src/domain/plan/default-plan.js';

const MONTH_WEEKS = 365.25 / 12 / 7;
/** One reading per weekly period, the last one in the current period (x = 0). */
const weekly = (values: readonly number[]) =>
  values.map((value, i) => ({ x: i - (values.length - 1), value }));

describe('observed growth', () => {
  it('fits compound monthly growth through every reading', () => {
    // Arrange: exactly +30%/month, one reading a week for five weeks
    const points = [-4, -3, -2, -1, 0].map((x) => ({
      x,
      value: 1000 * 1.3 ** ((x + 4) / MONTH_WEEKS),
    }));
    // Act
    const estimate = estimateGrowth(points, DEFAULT_PLAN);
    // Assert
    expect(estimate).toMatchObject({
      status: 'observed',
      monthlyPercent: 30,
      lowPercent: 30,
      highPercent: 30,
      points: 5,
      spanWeeks: 5,
    });
    expect(observedMonthlyGrowth(points, DEFAULT_PLAN)).toBe(30);
  });

  it('handles shrinking volume', () => {
    const points = [-4, -2, 0].map((x) => ({ x, value: 1000 * 0.9 ** ((x + 4) / MONTH_WEEKS) }));
    expect(observedMonthlyGrowth(points, DEFAULT_PLAN)).toBe(-10);
  });

  it('needs three readings over two periods, all above zero', () => {
    expect(estimateGrowth([], DEFAULT_PLAN)).toEqual({
      status: 'insufficient',
      points: 0,
      spanWeeks: 0,
    });
    expect(observedMonthlyGrowth([{ x: 0, value: 500 }], DEFAULT_PLAN)).toBeNull();
    expect(
      observedMonthlyGrowth(
        [
          { x: -4, value: 500 },
          { x: 0, value: 800 },
        ],
        DEFAULT_PLAN,
      ),
    ).toBeNull();
    expect(
      observedMonthlyGrowth(
        [
          { x: -4, value: 0 },
          { x: -2, value: 0 },
          { x: 0, value: 800 },
        ],
        DEFAULT_PLAN,
      ),
    ).toBeNull();
    expect(estimateGrowth(weekly([500, 505, 510]), DEFAULT_PLAN)).toMatchObject({
      status: 'observed',
      points: 3,
      spanWeeks: 3,
    });
  });

  it('gives a history that no growth rate explains a range from shrinking to doubling', () => {
    // Arrange: the R² rule called this "too noisy"; the interval now says how little it knows
    const points = weekly([1000, 1600, 900, 1500, 1000]);
    // Act
    const estimate = estimateGrowth(points, DEFAULT_PLAN);
    // Assert
    expect(estimate).toMatchObject({
      status: 'observed',
      monthlyPercent: -6.8,
      lowPercent: -56.9,
      highPercent: 101.7,
    });
  });

  it("reports the plan's 80% range: the Theil–Sen slope of the log ± t(0.90, n − 2) standard errors", () => {
    // Arrange
    const points = weekly([1000, 1080, 1150, 1260, 1330]);
    // Act
    const estimate = estimateGrowth(points, DEFAULT_PLAN);
    // Assert
    expect(estimate.status).toBe('observed');
    if (estimate.status !== 'observed') return;
    expect(estimate.line.t).toBe(twoSidedT(80, 3));
    expect(estimate.line.t).toBe(1.638);
    expect(estimate.monthlyPercent).toBe(36.8);
    expect(estimate.lowPercent).toBe(33.8);
    expect(estimate.highPercent).toBe(39.8);
    expect(monthlyPercentOf(estimate.line.slow)).toBeCloseTo(33.8, 1);
  });

  it('reads growth at a 90% interval when the plan asks, wider than at 80%', () => {
    const points = weekly([1000, 1080, 1150, 1260, 1330]);
    const plan = {
      ...DEFAULT_PLAN,
      forecast: { ...DEFAULT_PLAN.forecast, intervalPercent: 90 as const },
    };
    const at80 = estimateGrowth(points, DEFAULT_PLAN);
    const at90 = estimateGrowth(points, plan);
    if (at80.status !== 'observed' || at90.status !== 'observed') throw new Error('not observed');
    expect(at90.line.t).toBe(2.353);
    expect(at90.lowPercent).toBeLessThan(at80.lowPercent);
    expect(at90.highPercent).toBeGreaterThan(at80.highPercent);
    expect(at90.monthlyPercent).toBe(at80.monthlyPercent);
  });

  it("counts /scale project's readings by their periods, not their times", () => {
    // Arrange: one stored observation in each of the last three weekly periods
    const now = new Date('2026-12-01T09:00:00Z');
    const volumes = [
      { periodStart: new Date('2026-11-16T00:00:00Z'), value: 2659 },
      { periodStart: new Date('2026-11-23T00:00:00Z'), value: 2824 },
      { periodStart: new Date('2026-11-30T00:00:00Z'), value: 3000 },
    ];
    // Act
    const points = seriesByPeriod(volumes, now, 7);
    // Assert
    expect(points.map((p) => p.x)).toEqual([-2, -1, 0]);
    expect(observedMonthlyGrowth(points, DEFAULT_PLAN)).toBe(30);
  });
});
