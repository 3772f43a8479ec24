import { describe, expect, it } from 'vitest';
import type { Forecast } from '../../src/domain/review-types.js';
import { reviewSchema } from '../../src/store/review-schema.js';
import { sampleReview } from './fixtures.js';

/** A forecast as reviews stored before issue 20 recorded it: least squares, ±1 standard error. */
const LEGACY_FORECASTS = [
  {
    indicator: 'cpu',
    status: 'rising',
    method: 'linear',
    observations: 4,
    spanWeeks: 3,
    rate: 4,
    crossings: [
      {
        level: 'threshold',
        value: 75,
        inDays: 8.75,
        earliestDays: 7,
        latestDays: null,
        at: '2025-12-10T03:00:00.000Z',
      },
    ],
    text: 'Server CPU crosses 75% in about 1 week (around 10 Dec; possibly much later): +4 pts a week over the last 3 weeks',
  },
  {
    indicator: 'memory',
    status: 'noisy',
    method: 'linear',
    observations: 3,
    spanWeeks: 2,
    rate: 1,
    crossings: [],
    text: 'Memory: not enough history for a forecast (too noisy over the last 2 weeks)',
  },
];

describe('stored reviews: forecasts', () => {
  it('reads forecasts stored before issue 20 as they were, with possiblyNever from their open range', () => {
    // Act
    const read = reviewSchema.parse({ ...sampleReview(), forecasts: LEGACY_FORECASTS });
    // Assert
    expect(read.forecasts.map((f) => [f.method, f.status, f.intervalPercent, f.text])).toEqual([
      ['linear', 'rising', null, LEGACY_FORECASTS[0]?.text],
      ['linear', 'noisy', null, LEGACY_FORECASTS[1]?.text],
    ]);
    expect(read.forecasts[0]?.crossings[0]?.possiblyNever).toBe(true);
  });

  it('keeps every field of a forecast of today: interval, level shift, possibly never', () => {
    // Arrange
    const forecast: Forecast = {
      indicator: 'cpu',
      status: 'rising',
      method: 'theil-sen',
      observations: 3,
      spanWeeks: 3,
      rate: 1,
      intervalPercent: 80,
      levelShift: { periodStart: '2026-11-16T00:00:00.000Z', step: 13 },
      crossings: [
        {
          level: 'threshold',
          value: 75,
          inDays: 77,
          earliestDays: 70,
          latestDays: null,
          possiblyNever: true,
          at: '2027-02-16T00:00:00.000Z',
        },
      ],
      text: 'Server CPU crosses 75% in about 11 weeks (80% range: 10 weeks to possibly never, around 16 Feb): +1 pts a week (Theil–Sen over 3 weeks since a level shift of +13 pts in week 47)',
      summary: 'Server CPU crosses 75% in about 11 weeks (around 16 Feb; possibly never)',
    };
    const review = { ...sampleReview(), forecasts: [forecast] };
    // Act
    const read = reviewSchema.parse(JSON.parse(JSON.stringify(review)));
    // Assert
    expect(read.forecasts).toEqual([forecast]);
  });

  it('refuses a forecast status no version ever wrote', () => {
    const bad = { ...LEGACY_FORECASTS[1], status: 'wobbly' };
    expect(reviewSchema.safeParse({ ...sampleReview(), forecasts: [bad] }).success).toBe(false);
  });
});
