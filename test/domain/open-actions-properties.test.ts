import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergePeaks } from '../../src/domain/engine/peaks.js';
import type { MetricsSnapshot } from '../../src/domain/metrics.js';
import { periodOf } from '../../src/domain/period.js';
import { type PastObservation, type Peaks, review } from '../../src/domain/review.js';
import type { Review } from '../../src/domain/review-types.js';
import { NOW, PLAN } from './scenarios/run-scenario.js';
import { QUIET, STAGE_BASE } from './scenarios/scenario.js';

const WEEK_MS = 7 * 86_400_000;
const BASE: MetricsSnapshot = { ...QUIET, ...STAGE_BASE[3] };

/** One run of a week: memory at this reading, or absent (the host stopped reporting). */
const memoryRun = fc.oneof(
  fc.constant<number | null>(null),
  fc.double({ min: 20, max: 99, noNaN: true }),
);

function snapshotOf(memory: number | null): MetricsSnapshot {
  const { memoryPercent: _m, ...rest } = BASE;
  return memory === null ? rest : { ...rest, memoryPercent: memory };
}

/** A week's observation as the app stores it: the last run's snapshot, the worst readings merged. */
function observe(runs: readonly (number | null)[], weeksAgo: number): PastObservation | null {
  if (runs.length === 0) return null;
  const at = new Date(NOW.getTime() - weeksAgo * WEEK_MS);
  const peaks = runs.reduce<Peaks>((p, m) => mergePeaks(p, snapshotOf(m), []), {});
  return {
    periodStart: periodOf(at, 7).start,
    at,
    snapshot: snapshotOf(runs.at(-1) ?? null),
    quality: [],
    peaks,
    stage: 3,
  };
}

/** Reviews this week's last run against the earlier weeks, with this week's worst readings. */
function reviewWeek(history: PastObservation[], runs: readonly (number | null)[]): Review {
  const peaks = runs.reduce<Peaks>((p, m) => mergePeaks(p, snapshotOf(m), []), {});
  return review(snapshotOf(runs.at(-1) ?? null), PLAN, {
    now: NOW,
    history,
    peaks,
    estate: { configured: { stage: 3 } },
  });
}

function memoryAction(r: Review) {
  return r.recommendations.find((rec) => rec.reasons.some((x) => x.indicator === 'memory'));
}

function expectOpenCritical(r: Review): void {
  const action = memoryAction(r);
  expect(action?.severity, r.headline).toBe('critical');
  expect(r.headline).toMatch(/^Scale now: /);
}

describe('open actions (issue 20): no repeat, reordering or missing week clears a critical one', () => {
  it('a critical reading in any run of the week keeps the action critical, whatever the order', () => {
    fc.assert(
      fc.property(
        fc.array(memoryRun, { maxLength: 6 }),
        fc.double({ min: 90.5, max: 99, noNaN: true }),
        fc.nat(),
        (others, critical, seed) => {
          // Arrange: the critical run somewhere among the week's other runs
          const runs = [...others];
          runs.splice(seed % (others.length + 1), 0, critical);
          // Act
          const r = reviewWeek([], runs);
          // Assert
          expectOpenCritical(r);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('repeating the runs of a week changes nothing', () => {
    fc.assert(
      fc.property(fc.array(memoryRun, { minLength: 1, maxLength: 5 }), fc.nat(4), (runs, times) => {
        // Arrange
        const repeated = Array.from({ length: times + 1 }, () => runs).flat();
        // Act
        const once = reviewWeek([], runs);
        const again = reviewWeek([], [...repeated, ...runs]);
        // Assert
        expect(again.recommendations).toEqual(once.recommendations);
        expect(again.headline).toBe(once.headline);
      }),
      { numRuns: 100 },
    );
  });

  it('weeks without the metric after a critical week never clear the action', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 90.5, max: 99, noNaN: true }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
        (critical, gaps) => {
          // Arrange: the critical week, then weeks with no memory reading (or no observation)
          const weeks = gaps.length + 1;
          const history: PastObservation[] = [];
          const first = observe([critical], weeks);
          if (first) history.push(first);
          gaps.forEach((noObservation, i) => {
            const obs = noObservation ? null : observe([null], weeks - 1 - i);
            if (obs) history.push(obs);
          });
          // Act: this week the metric is missing too
          const r = reviewWeek(history, [null]);
          // Assert
          expectOpenCritical(r);
          expect(memoryAction(r)?.reasons[0]?.text).toContain('last reading');
        },
      ),
      { numRuns: 100 },
    );
  });

  it('the check can fail: two clear weeks do clear it', () => {
    // Arrange
    const history = [observe([96], 3), observe([50], 2), observe([50], 1)].flatMap((o) =>
      o ? [o] : [],
    );
    // Act
    const r = reviewWeek(history, [50]);
    // Assert
    expect(memoryAction(r)).toBeUndefined();
    expect(r.cleared ?? []).toEqual([]);
  });
});
