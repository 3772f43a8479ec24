import type { MetricCatalog } from '../catalog/catalog.js';
import type { MetricQuality, MetricsSnapshot } from '../metrics.js';
import { periodOf, type ReviewPeriod } from '../period.js';
import type { IndicatorKey, Plan, Stage } from '../plan/schema.js';
import type { Confirmation, Indicator } from '../review-types.js';
import { type Assessment, assess } from './assess.js';
import { judge, type PeriodSignal, unchecked } from './confirmation.js';
import type { InfrastructureInput } from './infrastructure.js';
import { periodX, type SeriesPoint } from './series.js';
import { isBreach } from './thresholds.js';
import type { MetricTrigger } from './triggers.js';

/** What a team's metrics were in an earlier review period (one per period). */
export interface PastObservation {
  periodStart: Date;
  /** When the metrics were observed. */
  at: Date;
  snapshot: MetricsSnapshot;
  quality: readonly MetricQuality[];
}

export interface JudgedPeriod {
  index: number;
  at: Date;
  assessment: Assessment;
}

/**
 * The earlier periods' observations inside the lookback window, judged by today's plan: one per
 * period (the latest wins if a caller passes two), oldest first. Observations of the current
 * period or later are ignored: the current snapshot is the current period's observation.
 */
export function judgePast(
  plan: Plan,
  period: ReviewPeriod,
  history: readonly PastObservation[],
  input: InfrastructureInput,
  catalog?: MetricCatalog,
): JudgedPeriod[] {
  const interval = plan.review.intervalDays;
  const oldest = period.index - plan.forecast.lookbackPeriods;
  const byIndex = new Map<number, PastObservation>();
  for (const obs of history) {
    const index = periodOf(obs.periodStart, interval).index;
    if (index >= period.index || index < oldest) continue;
    const seen = byIndex.get(index);
    if (!seen || seen.at.getTime() < obs.at.getTime()) byIndex.set(index, obs);
  }
  return [...byIndex.entries()]
    .toSorted(([a], [b]) => a - b)
    .map(([index, obs]) => ({
      index,
      at: obs.at,
      assessment: assess(plan, obs.snapshot, obs.quality, input, catalog),
    }));
}

function indicatorIn(a: Assessment, key: IndicatorKey): Indicator | undefined {
  return a.built.find((b) => b.indicator.key === key)?.indicator;
}

function indicatorSignal(i: Indicator | undefined): PeriodSignal {
  if (!i || i.status === 'unknown') return 'none';
  if (i.status === 'critical') return 'critical';
  return isBreach(i.status) ? 'breach' : 'clear';
}

/** A stage trigger is judged on its indicator's value in every period, whatever that period's stage. */
function triggerSignal(i: Indicator | undefined, trigger: MetricTrigger): PeriodSignal {
  if (!i || i.status === 'unknown' || i.value === null) return 'none';
  if (!(i.value > trigger.above)) return 'clear';
  return i.status === 'critical' ? 'critical' : 'breach';
}

/** One signal per period of the window, oldest first, ending with the current period. */
function window(
  past: readonly JudgedPeriod[],
  period: ReviewPeriod,
  lookback: number,
  signal: (a: Assessment) => PeriodSignal,
  current: PeriodSignal,
): PeriodSignal[] {
  const byIndex = new Map(past.map((p) => [p.index, p.assessment]));
  const out: PeriodSignal[] = [];
  for (let index = period.index - lookback; index < period.index; index += 1) {
    const a = byIndex.get(index);
    out.push(a ? signal(a) : 'none');
  }
  out.push(current);
  return out;
}

/**
 * Confirmation of every indicator and of the current stage's metric triggers, keyed
 * `indicator:<key>` and `trigger:<key>`. Without history (undefined) every breach acts unchecked.
 */
export function confirmAll(
  plan: Plan,
  period: ReviewPeriod,
  current: Assessment,
  past: readonly JudgedPeriod[] | undefined,
): Map<string, Confirmation | null> {
  const lookback = plan.forecast.lookbackPeriods;
  const confirm = (now: PeriodSignal, signal: (a: Assessment) => PeriodSignal) => {
    if (past !== undefined) return judge(plan, window(past, period, lookback, signal, now));
    return now === 'breach' || now === 'critical' ? unchecked(plan, now === 'critical') : null;
  };
  const out = new Map<string, Confirmation | null>();
  for (const { indicator } of current.built) {
    const key = indicator.key;
    out.set(
      `indicator:${key}`,
      confirm(indicatorSignal(indicator), (a) => indicatorSignal(indicatorIn(a, key))),
    );
  }
  for (const trigger of metricTriggers(current.stage)) {
    const signal = (a: Assessment) => triggerSignal(indicatorIn(a, trigger.indicator), trigger);
    out.set(`trigger:${trigger.key}`, confirm(signal(current), signal));
  }
  return out;
}

function metricTriggers(stage: Stage): MetricTrigger[] {
  return stage.triggers.filter((t): t is MetricTrigger => t.kind === 'metric');
}

/**
 * The indicator's value per review period, x in weeks from the current period (earlier periods
 * negative, from the periods' indices, never from the observations' times), ending with the
 * current value at 0.
 */
export function seriesOf(
  past: readonly JudgedPeriod[],
  current: Indicator,
  period: Pick<ReviewPeriod, 'index'>,
  intervalDays: number,
): SeriesPoint[] {
  const points = past.flatMap((p) => {
    const value = indicatorIn(p.assessment, current.key)?.value;
    if (value === null || value === undefined) return [];
    return [{ x: periodX(p.index, period.index, intervalDays), value }];
  });
  return current.value === null ? points : [...points, { x: 0, value: current.value }];
}

/** The latest earlier period, for deltas. */
export function previousOf(past: readonly JudgedPeriod[]): JudgedPeriod | null {
  return past.at(-1) ?? null;
}

export { indicatorIn };
