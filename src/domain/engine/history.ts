import type { MetricCatalog } from '../catalog/catalog.js';
import type { EstateChange } from '../estate-types.js';
import type { MetricQuality, MetricsSnapshot } from '../metrics.js';
import { periodOf, type ReviewPeriod } from '../period.js';
import type { IndicatorKey, Plan, Stage } from '../plan/schema.js';
import type { Indicator } from '../review-types.js';
import {
  type Assessment,
  type JudgedAt,
  judgeReadings,
  periodEvidence,
  readSnapshot,
} from './assess.js';
import { type Judgement, judge, type PeriodSignal, unchecked } from './confirmation.js';
import { periodX, type SeriesPoint } from './series.js';
import { isBreach } from './thresholds.js';
import type { MetricTrigger } from './triggers.js';

/** The worst reading of each metric in any run of a period (higher is worse for every metric). */
export type Peaks = Partial<Record<keyof MetricsSnapshot, number>>;

/** What a team's metrics were in an earlier review period (one per period). */
export interface PastObservation {
  periodStart: Date;
  /** When the metrics were observed. */
  at: Date;
  snapshot: MetricsSnapshot;
  quality: readonly MetricQuality[];
  /** The worst readings of the period's runs (a critical one stands). Absent: the snapshot. */
  peaks?: Peaks;
  /** The stage the period was reviewed at. Absent on observations stored before it was kept. */
  stage?: number;
}

export interface JudgedPeriod {
  index: number;
  key: string;
  at: Date;
  /** The period's last readings: deltas and forecasts. */
  assessment: Assessment;
  /** The period's evidence: its last readings, a critical reading of any run standing. */
  evidence: Assessment;
  /** The stage the period was reviewed at, when known. */
  stage: number | null;
}

/** The snapshot with the worst readings of its period in place of the last ones. */
export function worstOf(snapshot: MetricsSnapshot, peaks: Peaks | undefined): MetricsSnapshot {
  if (peaks === undefined) return snapshot;
  const out: MetricsSnapshot = { ...snapshot };
  for (const [key, value] of Object.entries(peaks) as [keyof MetricsSnapshot, number][]) {
    const now = out[key];
    if (typeof now !== 'number' || value > now) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

/**
 * The earlier periods' observations inside the lookback window, judged by today's plan at the
 * team's stage and tier: one per period (the latest wins if a caller passes two), oldest first.
 * Observations of the current period or later are ignored.
 */
export function judgePast(
  plan: Plan,
  period: ReviewPeriod,
  history: readonly PastObservation[],
  judgedAt: JudgedAt,
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
    .map(([index, obs]) => {
      const judgeAt = (snapshot: MetricsSnapshot) =>
        judgeReadings(
          plan,
          readSnapshot(plan, snapshot, obs.quality, obs.at, catalog),
          judgedAt,
          catalog,
        );
      const assessment = judgeAt(obs.snapshot);
      return {
        index,
        key: periodOf(obs.periodStart, interval).key,
        at: obs.at,
        assessment,
        evidence:
          obs.peaks === undefined
            ? assessment
            : periodEvidence(assessment, judgeAt(worstOf(obs.snapshot, obs.peaks)), judgedAt.stage),
        stage: obs.stage ?? null,
      };
    });
}

export function indicatorIn(a: Assessment, key: IndicatorKey): Indicator | undefined {
  return a.built.find((b) => b.indicator.key === key)?.indicator;
}

function indicatorSignal(i: Indicator | undefined): PeriodSignal {
  if (!i || i.status === 'unknown') return 'none';
  if (i.status === 'critical') return 'critical';
  return isBreach(i.status) ? 'breach' : 'clear';
}

/** A stage trigger is judged on its indicator's value in every period. */
function triggerSignal(i: Indicator | undefined, trigger: MetricTrigger): PeriodSignal {
  if (!i || i.status === 'unknown' || i.value === null) return 'none';
  if (!(i.value > trigger.above)) return 'clear';
  return i.status === 'critical' ? 'critical' : 'breach';
}

/**
 * Where the evidence of each indicator starts (docs/plan.md, "The estate"): after the latest
 * change that targeted it (a stage move targets all), and after the latest period reviewed at
 * another stage. Periods up to that index neither confirm nor hold; the current period always
 * counts.
 */
export function evidenceStarts(
  plan: Plan,
  period: ReviewPeriod,
  stage: Stage,
  changes: readonly EstateChange[],
  past: readonly JudgedPeriod[],
): (indicator: IndicatorKey) => number {
  const interval = plan.review.intervalDays;
  const otherStage = past.filter((p) => p.stage !== null && p.stage !== stage.number).at(-1);
  const stageStart = otherStage?.index ?? Number.NEGATIVE_INFINITY;
  const changeStarts = changes.map((c) => ({
    index: Math.min(periodOf(c.at, interval).index, period.index - 1),
    all: c.set.stage !== undefined,
    targets: new Set<IndicatorKey>(c.targets),
  }));
  return (indicator) =>
    changeStarts.reduce(
      (start, c) => (c.all || c.targets.has(indicator) ? Math.max(start, c.index) : start),
      stageStart,
    );
}

export interface EvidenceInput {
  plan: Plan;
  period: ReviewPeriod;
  stage: Stage;
  /** This period's evidence (its last readings, a critical one of any run standing). */
  current: Assessment;
  /** Undefined: no history was read (one-shot). */
  past: readonly JudgedPeriod[] | undefined;
  startOf: (indicator: IndicatorKey) => number;
}

/** The last known reading of an indicator in the evidence window, for "last reading 96%". */
export interface LastReading {
  value: number;
  status: Indicator['status'];
  periodKey: string;
}

export interface SignalEvidence {
  judgement: Judgement;
  /** The latest earlier period's reading of the indicator, when there is one in the window. */
  last: LastReading | null;
}

/** One signal per period of the window after `start`, oldest first, ending with now. */
function window(
  input: EvidenceInput,
  start: number,
  signal: (a: Assessment) => PeriodSignal,
): PeriodSignal[] {
  const byIndex = new Map((input.past ?? []).map((p) => [p.index, p.evidence]));
  const from = Math.max(start + 1, input.period.index - input.plan.forecast.lookbackPeriods);
  const out: PeriodSignal[] = [];
  for (let index = from; index < input.period.index; index += 1) {
    const a = byIndex.get(index);
    out.push(a ? signal(a) : 'none');
  }
  out.push(signal(input.current));
  return out;
}

function lastReading(input: EvidenceInput, start: number, key: IndicatorKey): LastReading | null {
  const earlier = (input.past ?? []).filter((p) => p.index > start).toReversed();
  for (const p of earlier) {
    const i = indicatorIn(p.evidence, key);
    if (i && i.value !== null && i.status !== 'unknown') {
      return { value: i.value, status: i.status, periodKey: p.key };
    }
  }
  return null;
}

function evidenceOf(
  input: EvidenceInput,
  key: IndicatorKey,
  signal: (a: Assessment) => PeriodSignal,
): SignalEvidence {
  const start = input.startOf(key);
  if (input.past === undefined) {
    const now = signal(input.current);
    const confirmation =
      now === 'breach' || now === 'critical' ? unchecked(input.plan, now === 'critical') : null;
    return { judgement: { confirmation, clearedNow: false }, last: null };
  }
  return {
    judgement: judge(input.plan, window(input, start, signal)),
    last: lastReading(input, start, key),
  };
}

/**
 * The evidence of every indicator and of the current stage's metric triggers, keyed
 * `indicator:<key>` and `trigger:<key>`: how each is judged over its window, and its last earlier
 * reading. Without history every breach is unchecked.
 */
export function judgeEvidence(input: EvidenceInput): Map<string, SignalEvidence> {
  const out = new Map<string, SignalEvidence>();
  for (const { indicator } of input.current.built) {
    const key = indicator.key;
    out.set(
      `indicator:${key}`,
      evidenceOf(input, key, (a) => indicatorSignal(indicatorIn(a, key))),
    );
  }
  for (const trigger of metricTriggers(input.stage)) {
    out.set(
      `trigger:${trigger.key}`,
      evidenceOf(input, trigger.indicator, (a) =>
        triggerSignal(indicatorIn(a, trigger.indicator), trigger),
      ),
    );
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
