import { describe, expect, it } from 'vitest';
import type { PastObservation } from '../../src/domain/engine/history.js';
import { type MetricsSnapshot, metricsSnapshotSchema } from '../../src/domain/metrics.js';
import { review } from '../../src/domain/review.js';
import type { Review } from '../../src/domain/review-types.js';
import { PLAN } from './advice-fixtures.js';
import { QUIET, type Scenario, STAGE_BASE, type WeekChanges } from './scenarios/scenario.js';
import { FORECAST, FRAGILE } from './scenarios/table-time.js';

/**
 * The forecast part of the advice scenarios of class 6 ("forecasts") and class 9 ("fragile
 * forecasts"): what the forecasts say and never say, and that the same weeks a minute later
 * forecast exactly the same. Headlines and decision dates ("Plan now", "decide by") belong to the
 * full scenario runner, not to this file.
 */

const MINUTE_MS = 60_000;
const WEEK_MS = 7 * 86_400_000;
/** Monday 30 November 2026, 00:00 UTC: the start of the current week (2026-W49). */
const THIS_MONDAY = Date.UTC(2026, 10, 30);
/** Tuesday 09:00, minutes after Monday 00:00. */
const DEFAULT_MINUTES = 1440 + 540;

function snapshotOf(base: Scenario['base'], changes: WeekChanges): MetricsSnapshot {
  const { stale: _stale, ...metrics } = changes;
  const merged: Record<string, unknown> = { ...QUIET, ...STAGE_BASE[base], ...metrics };
  // A null change removes the metric from the snapshot.
  return metricsSnapshotSchema.parse(
    Object.fromEntries(Object.entries(merged).filter((e) => e[1] !== null)),
  );
}

function reviewOf(scenario: Scenario, shiftSeconds = 0): Review {
  const last = scenario.weeks.length - 1;
  const timeOf = (i: number) =>
    THIS_MONDAY - (last - i) * WEEK_MS + (scenario.atMinutes?.[i] ?? DEFAULT_MINUTES) * MINUTE_MS;
  const history = scenario.weeks.slice(0, -1).flatMap((changes, i): PastObservation[] => {
    if (changes === null) return [];
    const at = new Date(timeOf(i));
    return [{ periodStart: at, at, snapshot: snapshotOf(scenario.base, changes), quality: [] }];
  });
  const current = scenario.weeks[last] ?? {};
  return review(snapshotOf(scenario.base, current), PLAN, {
    now: new Date(timeOf(last) + shiftSeconds * 1000),
    history,
    infrastructure:
      scenario.estate?.servers === undefined ? {} : { servers: scenario.estate.servers },
  });
}

/** What the forecasts say: each one's text and summary, one per line. */
function forecastsSay(r: Review): string {
  return r.forecasts.flatMap((f) => [f.text, f.summary ?? '']).join('\n');
}

/**
 * What the forecasts of the scenarios whose expectations are about headlines and decision dates
 * alone must say: the crossings those decisions are dated from.
 */
const CROSSINGS: Record<string, RegExp[]> = {
  F1: [/^Server CPU crosses 75% in about 1 week \(80% range 1 week, around 9 Dec\)/m],
  F2: [/^Server CPU crosses 75% in about 10 weeks/m],
  F3: [
    /^Server CPU crosses 75% in about 1 week/m,
    /^Memory crosses 80% in about 2 weeks/m,
    /^Database Connections crosses 90 in about 4 weeks/m,
    /^Response Time P95 crosses 500ms in about 3 weeks/m,
  ],
  F4: [/^Conversations reach 5,000\/month, the top of stage 2, in about 1 week/m],
  F7: [/^Database Storage crosses 6 GB in about 4 weeks/m],
  F8: [/^Database Storage crosses 16 GB in about 9 weeks/m],
};

/** The patterns about forecasts; decision dates are another part of issue 20. */
const aboutForecasts = (re: RegExp) => !/decide/.test(re.source);

describe('forecast scenarios (classes 6 and 9)', () => {
  for (const scenario of [...FORECAST, ...FRAGILE]) {
    it(`${scenario.id}: ${scenario.title}`, () => {
      // Act
      const r = reviewOf(scenario);
      const said = forecastsSay(r);
      // Assert
      for (const re of [
        ...(scenario.expect.says ?? []).filter(aboutForecasts),
        ...(CROSSINGS[scenario.id] ?? []),
      ]) {
        expect(said).toMatch(re);
      }
      for (const re of (scenario.expect.neverSays ?? []).filter((x) =>
        /crosses|noisy/.test(x.source),
      )) {
        expect(said).not.toMatch(re);
      }
      if (scenario.expect.stableAcrossSeconds !== undefined) {
        const later = reviewOf(scenario, scenario.expect.stableAcrossSeconds);
        expect(later.forecasts).toEqual(r.forecasts);
      }
    });
  }
});
