import { describe, expect, it } from 'vitest';
import {
  formatCostChange,
  formatMoney,
  formatMoneyRange,
  formatMs,
  formatNumber,
  formatPercent,
  formatRange,
  formatSignedDelta,
  formatStorageMb,
  formatVolumeRange,
  formatVolumeShort,
} from '../../src/domain/format.js';

describe('format', () => {
  it.each([
    [2000, '2,000'],
    [4394.4, '4,394'],
    [0, '0'],
    [1_234_567, '1,234,567'],
  ])('formatNumber(%s) = %s', (value, expected) => {
    expect(formatNumber(value)).toBe(expected);
  });

  it.each([
    [864, '864'],
    [4394, '4.4K'],
    [9766, '9.8K'],
    [15209, '15.2K'],
    [2000, '2K'],
    [999.6, '1K'],
    [1_250_000, '1.3M'],
    [-4394, '-4.4K'],
  ])('formatVolumeShort(%s) = %s', (value, expected) => {
    expect(formatVolumeShort(value)).toBe(expected);
  });

  it.each([
    [{ min: 20, max: 30 }, '$20-30'],
    [{ min: 213, max: null }, '$213+'],
    [{ min: 25, max: 25 }, '$25'],
    [{ min: 2450, max: 2450 }, '$2,450'],
    [{ min: -10, max: 5 }, '-$10 to $5'],
  ])('formatMoneyRange(%o) = %s', (range, expected) => {
    expect(formatMoneyRange(range)).toBe(expected);
  });

  it('formats money, cost changes and ranges', () => {
    expect(formatMoney(2450)).toBe('$2,450');
    expect(formatMoney(-5)).toBe('-$5');
    expect(formatCostChange({ min: 30, max: 60 })).toBe('+$30-60/month');
    expect(formatCostChange({ min: 143, max: null })).toBe('+$143/month or more');
    expect(formatCostChange({ min: null, max: 587 })).toBe('up to +$587/month');
    expect(formatCostChange({ min: -180, max: -90 })).toBe('saves $90-180/month');
    expect(formatCostChange({ min: null, max: null })).toBe('cost change unknown');
    expect(formatCostChange({ min: -587, max: null })).toBe('saves up to $587/month');
    expect(formatCostChange({ min: 0, max: 0 })).toBe('no extra cost');
    expect(formatCostChange(null)).toBe('cost not stated');
    expect(formatVolumeRange({ min: 0, max: 1000 })).toBe('0-1K');
    expect(formatVolumeRange({ min: 20000, max: null })).toBe('20K+');
    expect(formatRange({ min: 3, max: 8 })).toBe('3-8');
    expect(formatRange({ min: 20, max: null })).toBe('20+');
  });

  it('formats percents, milliseconds and storage', () => {
    expect(formatPercent(72)).toBe('72%');
    expect(formatPercent(0.1)).toBe('0.1%');
    expect(formatPercent(0.05)).toBe('0.05%');
    expect(formatPercent(72.46)).toBe('72.5%');
    expect(formatMs(450)).toBe('450ms');
    expect(formatStorageMb(400)).toBe('400 MB');
    expect(formatStorageMb(6144)).toBe('6 GB');
    expect(formatStorageMb(4300)).toBe('4.2 GB');
  });

  it('formats signed deltas', () => {
    expect(formatSignedDelta(6, ' pts')).toBe('+6 pts');
    expect(formatSignedDelta(-2.5)).toBe('-2.5');
    expect(formatSignedDelta(0)).toBe('0');
    expect(formatSignedDelta(-0.01)).toBe('0');
    expect(formatSignedDelta(1200, '/month', 0)).toBe('+1,200/month');
  });
});
