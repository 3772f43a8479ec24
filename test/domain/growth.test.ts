import { describe, expect, it } from 'vitest';
import { estimateGrowth, observedMonthlyGrowth } from '../../src/domain/growth.js';

const day = 86_400_000;
const NOW = new Date(Date.UTC(2026, 0, 29));
const at = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * day);
const MONTH = 365.25 / 12;

describe('observed growth', () => {
  it('fits compound monthly growth through every reading', () => {
    // Arrange: exactly +30%/month, one reading a week for four weeks
    const points = [0, 7, 14, 21, 28].map((d) => ({
      at: at(d),
      conversationsPerMonth: 1000 * 1.3 ** ((28 - d) / MONTH),
    }));
    // Act
    const estimate = estimateGrowth(points, NOW);
    // Assert
    expect(estimate).toEqual({
      status: 'observed',
      monthlyPercent: 30,
      lowPercent: 30,
      highPercent: 30,
      points: 5,
      spanDays: 28,
    });
    expect(observedMonthlyGrowth(points, NOW)).toBe(30);
  });

  it('handles shrinking volume', () => {
    const points = [0, 14, 28].map((d) => ({
      at: at(d),
      conversationsPerMonth: 1000 * 0.9 ** ((28 - d) / MONTH),
    }));
    expect(observedMonthlyGrowth(points, NOW)).toBe(-10);
  });

  it('needs three readings over two weeks, all above zero', () => {
    expect(estimateGrowth([], NOW)).toEqual({ status: 'insufficient', points: 0, spanDays: 0 });
    expect(observedMonthlyGrowth([{ at: at(0), conversationsPerMonth: 500 }], NOW)).toBeNull();
    expect(
      observedMonthlyGrowth(
        [
          { at: at(28), conversationsPerMonth: 500 },
          { at: at(0), conversationsPerMonth: 800 },
        ],
        NOW,
      ),
    ).toBeNull();
    expect(
      estimateGrowth(
        [10, 5, 0].map((d) => ({ at: at(d), conversationsPerMonth: 500 + d })),
        NOW,
      ),
    ).toMatchObject({ status: 'insufficient', spanDays: 10 });
    expect(
      observedMonthlyGrowth(
        [
          { at: at(28), conversationsPerMonth: 0 },
          { at: at(14), conversationsPerMonth: 0 },
          { at: at(0), conversationsPerMonth: 800 },
        ],
        NOW,
      ),
    ).toBeNull();
  });

  it('calls a history that no growth rate explains noisy, not a trend', () => {
    const values = [1000, 1600, 900, 1500, 1000];
    const points = values.map((v, i) => ({ at: at(28 - i * 7), conversationsPerMonth: v }));
    expect(estimateGrowth(points, NOW)).toMatchObject({ status: 'noisy', points: 5 });
  });

  it('reports the range the fit allows', () => {
    const values = [1000, 1080, 1150, 1260, 1330];
    const points = values.map((v, i) => ({ at: at(28 - i * 7), conversationsPerMonth: v }));
    const estimate = estimateGrowth(points, NOW);
    expect(estimate.status).toBe('observed');
    if (estimate.status !== 'observed') return;
    expect(estimate.lowPercent).toBeLessThan(estimate.monthlyPercent);
    expect(estimate.highPercent).toBeGreaterThan(estimate.monthlyPercent);
    expect(estimate.monthlyPercent).toBeGreaterThan(30);
    expect(estimate.monthlyPercent).toBeLessThan(38);
  });
});
