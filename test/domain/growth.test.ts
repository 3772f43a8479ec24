import { describe, expect, it } from 'vitest';
import { observedMonthlyGrowth } from '../../src/domain/growth.js';

const day = 86_400_000;
const at = (days: number) => new Date(Date.UTC(2026, 0, 1) + days * day);

describe('observedMonthlyGrowth', () => {
  it('derives compound monthly growth from the oldest and newest readings', () => {
    // Arrange: 1,000 -> 1,300 over one average month (30.4375 days)
    const points = [
      { at: at(30.4375), conversationsPerMonth: 1300 },
      { at: at(0), conversationsPerMonth: 1000 },
      { at: at(14), conversationsPerMonth: 1100 },
    ];
    // Act / Assert
    expect(observedMonthlyGrowth(points)).toBe(30);
  });

  it('handles shrinking volume', () => {
    expect(
      observedMonthlyGrowth([
        { at: at(0), conversationsPerMonth: 1000 },
        { at: at(30.4375), conversationsPerMonth: 900 },
      ]),
    ).toBe(-10);
  });

  it('returns null for short, single-point or zero-based histories', () => {
    expect(observedMonthlyGrowth([])).toBeNull();
    expect(observedMonthlyGrowth([{ at: at(0), conversationsPerMonth: 500 }])).toBeNull();
    expect(
      observedMonthlyGrowth([
        { at: at(0), conversationsPerMonth: 500 },
        { at: at(21), conversationsPerMonth: 800 },
      ]),
    ).toBeNull();
    expect(
      observedMonthlyGrowth([
        { at: at(0), conversationsPerMonth: 0 },
        { at: at(60), conversationsPerMonth: 800 },
      ]),
    ).toBeNull();
  });
});
