import { describe, expect, it } from 'vitest';
import { periodAt, periodOf, periodsBefore } from '../../src/domain/period.js';

describe('review periods', () => {
  it('makes 7-day periods the ISO week in UTC, from Monday 00:00', () => {
    // Arrange
    const sunday = new Date('2026-12-06T23:59:59Z');
    const monday = new Date('2026-12-07T00:00:00Z');
    // Act
    const a = periodOf(sunday, 7);
    const b = periodOf(monday, 7);
    // Assert
    expect(a.key).toBe('2026-W49');
    expect(a.start.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(a.end.toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(b.key).toBe('2026-W50');
    expect(b.index).toBe(a.index + 1);
  });

  it('keys other lengths by their start date and length', () => {
    const p = periodOf(new Date('2026-12-09T12:00:00Z'), 14);
    expect(p.key).toBe(`${p.start.toISOString().slice(0, 10)}/P14D`);
    expect(p.end.getTime() - p.start.getTime()).toBe(14 * 86_400_000);
    expect(p.start.getUTCDay()).toBe(1);
  });

  it('uses the ISO week-year at a year boundary', () => {
    expect(periodOf(new Date('2027-01-01T10:00:00Z'), 7).key).toBe('2026-W53');
    expect(periodOf(new Date('2026-01-01T10:00:00Z'), 7).key).toBe('2026-W01');
  });

  it('lists the periods before one, newest first', () => {
    const now = periodOf(new Date('2026-12-01T10:00:00Z'), 7);
    expect(periodsBefore(now, 3, 7).map((p) => p.key)).toEqual([
      '2026-W48',
      '2026-W47',
      '2026-W46',
    ]);
    expect(periodAt(now.index, 7)).toEqual(now);
  });

  it('refuses a bad interval or date', () => {
    expect(() => periodOf(new Date('2026-12-01T00:00:00Z'), 0)).toThrow(/intervalDays/);
    expect(() => periodOf(new Date(Number.NaN), 7)).toThrow(/invalid Date/);
  });
});
