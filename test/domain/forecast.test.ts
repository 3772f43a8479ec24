import { describe, expect, it } from 'vitest';
import type { PastObservation } from '../../src/domain/engine/history.js';
import type { Plan } from '../../src/domain/plan/schema.js';
import { review } from '../../src/domain/review.js';
import type { Forecast, Review } from '../../src/domain/review-types.js';
import { NOW, PLAN, reviewNow, SEED, week } from './advice-fixtures.js';

const DAY_MS = 86_400_000;

/** The review of CPU at `values`, one a week, the last one now (Tuesday 1 Dec 2026, 09:00). */
function cpuWeeks(...values: number[]): Review {
  const history = values.slice(0, -1).map((v, i) => week(values.length - 1 - i, { cpuPercent: v }));
  return reviewNow({ cpuPercent: values.at(-1) ?? 0 }, history);
}

function cpuOf(r: Review): Forecast {
  const f = r.forecasts.find((x) => x.indicator === 'cpu');
  if (!f) throw new Error('no CPU forecast');
  return f;
}

describe('forecasts in review periods, by Theil–Sen', () => {
  it('dates a rising CPU with its 80% range, its method and its history', () => {
    // Act
    const f = cpuOf(cpuWeeks(52, 58, 60, 66));
    // Assert
    expect(f.text).toBe(
      'Server CPU crosses 75% in about 2 weeks (80% range 2–3 weeks, around 16 Dec) and its critical 90% in about 6 weeks (80% range 4–7 weeks, around 9 Jan): +4.3 pts a week (Theil–Sen over 4 weeks)',
    );
    expect(f.summary).toBe('Server CPU crosses 75% in about 2 weeks (around 16 Dec)');
    expect(f).toMatchObject({
      status: 'rising',
      method: 'theil-sen',
      intervalPercent: 80,
      observations: 4,
      spanWeeks: 4,
    });
    expect(f.crossings.map((c) => c.possiblyNever)).toEqual([false, false]);
    expect(f.crossings[0]?.at).toBe('2026-12-16T00:00:00.000Z');
  });

  it('says "possibly never" when the slow end of the range does not rise', () => {
    // Act
    const r = cpuWeeks(60, 66, 61, 67, 63, 69);
    // Assert
    const f = cpuOf(r);
    expect(f.text).toBe(
      'Server CPU crosses 75% in about 6 weeks (80% range: 3 weeks to possibly never, around 12 Jan) and its critical 90% in about 21 weeks (80% range: 10 weeks to possibly never, around 27 Apr): +1 pts a week (Theil–Sen over 6 weeks)',
    );
    expect(f.summary).toBe(
      'Server CPU crosses 75% in about 6 weeks (around 12 Jan; possibly never)',
    );
    expect(f.crossings[0]).toMatchObject({ possiblyNever: true, latestDays: null, inDays: 42 });
    expect(r.headline).toBe(
      'Monitor, no action needed yet; Server CPU crosses 75% in about 6 weeks (around 12 Jan; possibly never)',
    );
  });

  it('reads a step as a level shift with no trend since, not +7.5 pts a week to critical', () => {
    // Act
    const r = cpuWeeks(55, 70, 70);
    // Assert
    const f = cpuOf(r);
    expect(f).toEqual({
      indicator: 'cpu',
      status: 'shift',
      method: 'theil-sen',
      intervalPercent: 80,
      observations: 3,
      spanWeeks: 3,
      rate: null,
      levelShift: { periodStart: '2026-11-23T00:00:00.000Z', step: 15 },
      crossings: [],
      text: 'Server CPU: level shift in week 48 (+15 pts); no trend since',
    });
    expect(r.headline).toBe('Monitor, no action needed yet');
  });

  it('forecasts from the weeks after a level shift when there are enough of them', () => {
    const f = cpuOf(cpuWeeks(50, 50, 62, 63, 64));
    expect(f.text).toBe(
      'Server CPU crosses 75% in about 11 weeks (80% range 11 weeks, around 16 Feb) and its critical 90% in about 26 weeks (80% range 26 weeks, around 1 Jun): +1 pts a week (Theil–Sen over 3 weeks since a level shift of +13 pts in week 47)',
    );
    expect(f).toMatchObject({
      status: 'rising',
      observations: 3,
      spanWeeks: 3,
      rate: 1,
      levelShift: { periodStart: '2026-11-16T00:00:00.000Z', step: 13 },
    });
  });

  it('is not bent by one outlier week, and says the range instead of "too noisy"', () => {
    const f = cpuOf(cpuWeeks(50, 52, 90, 56, 58));
    expect(f.rate).toBe(2);
    expect(f.text).toBe(
      'Server CPU crosses 75% in about 9 weeks (80% range: 1 week to possibly never, around 30 Jan) and its critical 90% in about 16 weeks (80% range: 3 weeks to possibly never, around 23 Mar): +2 pts a week (Theil–Sen over 5 weeks)',
    );
  });

  it('gives flat, falling, beyond-the-horizon and over-every-level trends no date', () => {
    const texts = [
      cpuWeeks(60, 60.3, 60.6, 60.9, 61.2),
      cpuWeeks(70, 65, 60, 55),
      cpuWeeks(40, 41, 42, 43),
      cpuWeeks(91, 93, 95, 97),
    ].map((r) => [cpuOf(r).status, cpuOf(r).text, cpuOf(r).summary]);
    expect(texts).toEqual([
      ['flat', 'Server CPU is flat: +0.3 pts a week (Theil–Sen over 5 weeks)', undefined],
      ['falling', 'Server CPU is falling: -5 pts a week (Theil–Sen over 4 weeks)', undefined],
      [
        'beyond',
        'Server CPU is rising: +1 pts a week (Theil–Sen over 4 weeks); 75% is not expected within 26 weeks',
        undefined,
      ],
      [
        'over',
        'Server CPU is over every level and rising: +2 pts a week (Theil–Sen over 4 weeks)',
        undefined,
      ],
    ]);
  });

  it('needs three observations', () => {
    const f = cpuOf(cpuWeeks(60, 70));
    expect(f).toMatchObject({ status: 'insufficient', observations: 2, rate: null, crossings: [] });
    expect(f.text).toBe('Server CPU: not enough history for a forecast (2 of 3 observations)');
  });

  it("widens the range to the plan's 90% interval", () => {
    // Arrange
    const plan: Plan = { ...PLAN, forecast: { ...PLAN.forecast, intervalPercent: 90 } };
    const history = [52, 58, 60].map((v, i) => week(3 - i, { cpuPercent: v }));
    // Act
    const f = cpuOf(review({ ...SEED, cpuPercent: 66 }, plan, { now: NOW, history }));
    // Assert
    expect(f.intervalPercent).toBe(90);
    expect(f.text).toBe(
      'Server CPU crosses 75% in about 2 weeks (90% range 2–3 weeks, around 16 Dec) and its critical 90% in about 6 weeks (90% range 4–9 weeks, around 9 Jan): +4.3 pts a week (Theil–Sen over 4 weeks)',
    );
  });

  describe('with 14-day review periods', () => {
    const plan: Plan = { ...PLAN, review: { intervalDays: 14 } };
    const fortnights = (...values: number[]): PastObservation[] =>
      values.map((v, i) => {
        const at = new Date(NOW.getTime() - (values.length - i) * 14 * DAY_MS);
        return { periodStart: at, at, snapshot: { ...SEED, cpuPercent: v }, quality: [] };
      });

    it('counts a period as two weeks: +6 pts a fortnight is +3 a week, over 8 weeks', () => {
      const r = review({ ...SEED, cpuPercent: 68 }, plan, {
        now: NOW,
        history: fortnights(50, 56, 62),
      });
      expect(cpuOf(r).text).toBe(
        'Server CPU crosses 75% in about 2 weeks (80% range 2 weeks, around 17 Dec) and its critical 90% in about 7 weeks (80% range 7 weeks, around 21 Jan): +3 pts a week (Theil–Sen over 8 weeks)',
      );
    });

    it('names a level shift by the start of its period', () => {
      const r = review({ ...SEED, cpuPercent: 70 }, plan, {
        now: NOW,
        history: fortnights(55, 70),
      });
      expect(cpuOf(r).text).toBe(
        'Server CPU: level shift in the period from 9 Nov (+15 pts); no trend since',
      );
    });
  });
});

describe('conversations: compound growth in review periods', () => {
  it('dates the top of the stage in weeks when it is weeks away, with the range', () => {
    const r = reviewNow({ conversationsPerMonth: 4950 }, [
      week(3, { conversationsPerMonth: 4420 }),
      week(2, { conversationsPerMonth: 4590 }),
      week(1, { conversationsPerMonth: 4770 }),
    ]);
    const f = r.forecasts.find((x) => x.indicator === 'conversations');
    expect(f?.text).toBe(
      'Conversations reach 5,000/month, the top of stage 2, in about 1 week (80% range 1 week, around 3 Dec): stage 3 (Medium Team) costs $213+/month, +$128/month or more (at +17.8%/month, compound growth by Theil–Sen over 4 weeks)',
    );
    expect(f?.summary).toBe('Conversations reach 5,000/month in about 1 week (around 3 Dec)');
  });

  it('says "possibly never" when the slow end of the growth is not growth', () => {
    // Arrange: rising on the whole, but shrinking at the slow end of the 80% range
    const r = reviewNow({ conversationsPerMonth: 3400 }, [
      week(4, { conversationsPerMonth: 3000 }),
      week(3, { conversationsPerMonth: 3500 }),
      week(2, { conversationsPerMonth: 2900 }),
      week(1, { conversationsPerMonth: 3300 }),
    ]);
    // Act
    const f = r.forecasts.find((x) => x.indicator === 'conversations');
    // Assert
    expect(f?.status).toBe('rising');
    expect(f?.crossings[0]).toMatchObject({ possiblyNever: true, latestDays: null });
    expect(f?.text).toBe(
      'Conversations reach 5,000/month, the top of stage 2, in about 3 months (80% range: 1 month to possibly never, around Feb 2027): stage 3 (Medium Team) costs $213+/month, +$128/month or more (at +14.2%/month, compound growth by Theil–Sen over 5 weeks)',
    );
    expect(f?.summary).toBe(
      'Conversations reach 5,000/month in about 3 months (around Feb 2027; possibly never)',
    );
  });
});
