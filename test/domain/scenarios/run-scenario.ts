import { INDICATOR_KEYS } from '../../../src/domain/catalog/derive.js';
import type { EstateChange } from '../../../src/domain/estate-types.js';
import { formatCostChange } from '../../../src/domain/format.js';
import type { MetricQuality, MetricsSnapshot } from '../../../src/domain/metrics.js';
import { periodOf } from '../../../src/domain/period.js';
import { DEFAULT_PLAN } from '../../../src/domain/plan/default-plan.js';
import { type IndicatorKey, planSchema } from '../../../src/domain/plan/schema.js';
import { type DecisionState, type PastObservation, review } from '../../../src/domain/review.js';
import type { Review } from '../../../src/domain/review-types.js';
import { PLAYBOOK_ANSWERS } from './playbook-answers.js';
import {
  QUIET,
  type Scenario,
  type ScenarioDone,
  STAGE_BASE,
  type WeekChanges,
} from './scenario.js';

export const PLAN = planSchema.parse(DEFAULT_PLAN);
/** Tuesday 1 December 2026, 09:00 UTC (ISO week 2026-W49). */
export const NOW = new Date('2026-12-01T09:00:00.000Z');
const WEEK_MS = 7 * 86_400_000;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

function observationAt(s: Scenario, i: number, shiftMs: number): Date {
  const weeksAgo = s.weeks.length - 1 - i;
  const minutes = s.atMinutes?.[i];
  if (minutes === undefined) return new Date(NOW.getTime() - weeksAgo * WEEK_MS + shiftMs);
  const start = periodOf(new Date(NOW.getTime() - weeksAgo * WEEK_MS), 7).start;
  return new Date(start.getTime() + minutes * 60_000 + shiftMs);
}

function snapshotOf(
  s: Scenario,
  changes: WeekChanges,
  at: Date,
): { snapshot: MetricsSnapshot; quality: MetricQuality[] } {
  const { stale = [], ...values } = changes;
  const snapshot: Record<string, unknown> = { ...QUIET, ...STAGE_BASE[s.base] };
  for (const [key, value] of Object.entries(values)) {
    if (value === null) delete snapshot[key];
    else snapshot[key] = value;
  }
  if (s.capturedDaysFromNow !== undefined && at.getTime() >= NOW.getTime() - HOUR_MS) {
    snapshot.capturedAt = new Date(at.getTime() + s.capturedDaysFromNow * DAY_MS).toISOString();
  }
  const quality: MetricQuality[] = stale.map((metric) => ({
    metric: metric as MetricQuality['metric'],
    issue: 'stale',
    detail: 'newest datapoint 3 days old',
  }));
  return { snapshot: snapshot as MetricsSnapshot, quality };
}

function targetsOf(done: ScenarioDone): IndicatorKey[] {
  if (done.change.stage !== undefined) return [...INDICATOR_KEYS];
  if (done.change.servers !== undefined) return ['cpu', 'responseTimeP95', 'errorRate'];
  if (done.change.dbTier !== undefined) return ['dbStorage', 'dbConnections'];
  return (done.change.measures ?? []).flatMap((m) => PLAYBOOK_ANSWERS[m] ?? []);
}

function textOf(s: Scenario, done: ScenarioDone): string {
  const { change } = done;
  if (change.stage !== undefined) return `Move to stage ${change.stage}`;
  if (change.servers !== undefined) {
    const from = s.estate?.servers ?? 1;
    const added = change.servers - from;
    return `Add ${added} ${added === 1 ? 'server' : 'servers'} (${from} → ${change.servers})`;
  }
  if (change.dbTier !== undefined) return `Upgrade the database to ${change.dbTier}`;
  return done.key;
}

function changesUpTo(
  s: Scenario,
  at: Date,
  reviewed: Map<number, Review>,
  shiftMs: number,
): EstateChange[] {
  return (s.done ?? []).flatMap((done, n): EstateChange[] => {
    const when = new Date(NOW.getTime() - done.weeksAgo * WEEK_MS - HOUR_MS + shiftMs);
    if (when.getTime() > at.getTime()) return [];
    const targets = targetsOf(done);
    const then = reviewed.get(s.weeks.length - 1 - done.weeksAgo);
    const before: Partial<Record<IndicatorKey, number>> = {};
    for (const key of targets) {
      const value = then?.indicators.find((i) => i.key === key)?.value;
      if (typeof value === 'number') before[key] = value;
    }
    return [
      {
        id: `done-${n}`,
        at: when,
        userId: 'U1',
        actionKey: done.key,
        text: textOf(s, done),
        set: { ...done.change },
        configured: {
          stage: s.estate?.stage ?? null,
          servers: s.estate?.servers ?? null,
          dbTier: s.estate?.dbTier ?? null,
        },
        targets,
        before,
      },
    ];
  });
}

/**
 * Runs a scenario as the app would: each week reviewed in turn with the weeks before it as
 * history (each keeping the stage it was reviewed at), the estate from the config and the Done
 * changes made by then; returns the last week's review.
 */
export function runScenario(s: Scenario, shiftMs = 0): Review {
  const history: PastObservation[] = [];
  const reviewed = new Map<number, Review>();
  let last: Review | null = null;
  s.weeks.forEach((week, i) => {
    if (week === null) return;
    const at = observationAt(s, i, shiftMs);
    const { snapshot, quality } = snapshotOf(s, week, at);
    const isLast = i === s.weeks.length - 1;
    const decisions = new Map<string, DecisionState>(
      isLast ? (s.decisions ?? []).map((d) => [d.key, { kind: d.kind }]) : [],
    );
    const snoozed = isLast
      ? (s.decisions ?? []).filter((d) => d.kind === 'snooze').map((d) => d.key)
      : [];
    const result = review(snapshot, PLAN, {
      now: at,
      quality,
      ...(s.oneShot ? {} : { history: [...history] }),
      estate: {
        configured: { ...(s.estate ?? {}) },
        changes: changesUpTo(s, at, reviewed, shiftMs),
      },
      decisions,
      snoozedKeys: snoozed,
    });
    reviewed.set(i, result);
    history.push({
      periodStart: periodOf(at, 7).start,
      at,
      snapshot,
      quality,
      stage: result.stage.number,
    });
    last = result;
  });
  if (last === null) throw new Error(`scenario ${s.id} has no observation`);
  return last;
}

/** Everything a review says, as one text: what `says` and `neverSays` search. */
export function reviewText(r: Review): string {
  const recs = r.recommendations.flatMap((rec) => [
    rec.text,
    rec.impact,
    rec.costNote ?? '',
    formatCostChange(rec.monthlyCostChange),
    ...rec.reasons.map((x) => x.text),
    ...(rec.alternatives ?? []),
    ...(rec.includes ?? []).map((line) => `includes: ${line}`),
    ...(rec.relief ? [rec.relief.text, rec.relief.note] : []),
  ]);
  return [
    r.headline,
    ...r.indicators.map((i) => i.text),
    ...recs,
    ...r.forecasts.map((f) => f.text),
    ...r.dataQuality.notes,
    ...(r.outcomes ?? []),
    ...(r.cleared ?? []),
  ].join('\n');
}
