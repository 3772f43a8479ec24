import type { ScalingIndicatorsViewModel } from '../../blocks/index.js';
import { sourceFailureReasons } from '../digest/degraded.js';
import { upgradeStoredReview } from '../domain/legacy-review.js';
import { periodOf } from '../domain/period.js';
import type { Review } from '../domain/review-types.js';
import { MetricsNotConfiguredError } from '../metrics/errors.js';
import type { MetricsResult } from '../metrics/port.js';
import type {
  DecisionRecord,
  MessageView,
  ReviewRecord,
  ReviewSourceKind,
} from '../store/ports.js';
import type { AppDeps } from './deps.js';
import { observe, recordReview, toDecisionMap } from './review-service.js';

/** "Week 49, 2026" from a period key "2026-W49"; other keys are shown as they are. */
export function weekLabelOf(periodKey: string): string {
  const match = /^(\d{4})-W(\d{2})$/.exec(periodKey);
  if (!match) return `Period ${periodKey}`;
  return `Week ${Number(match[2])}, ${match[1]}`;
}

export function conversationsOf(review: Review): number | null {
  return review.indicators.find((i) => i.key === 'conversations')?.value ?? null;
}

/** Fetches metrics (the source caches them), or explains why there are none. */
export async function fetchMetrics(
  deps: Pick<AppDeps, 'metrics' | 'metricsProblem'>,
  now: Date,
): Promise<MetricsResult> {
  if (!deps.metrics) {
    throw (
      deps.metricsProblem ??
      new MetricsNotConfiguredError(
        'no metrics source',
        'configure `metrics:` in scale-review.yml (CloudWatch, a file or a URL)',
      )
    );
  }
  return deps.metrics.fetch({ now });
}

/** The view of a stored record, as its message showed it, with the live decision state. */
export function viewOfRecord(
  record: ReviewRecord,
  decisions: ScalingIndicatorsViewModel['decisions'],
): ScalingIndicatorsViewModel {
  const reviewed = upgradeStoredReview(record.review);
  const view: MessageView = record.view ?? {
    kind: 'status',
    weekLabel: weekLabelOf(reviewed.period.key),
    sourceLine: record.source.detail ?? record.source.kind,
  };
  return {
    reviewId: record.id,
    review: reviewed,
    weekLabel: view.weekLabel,
    conversationsThisMonth: conversationsOf(reviewed),
    sourceLine: view.sourceLine,
    decisions,
    ...(view.carriedForward ? { carriedForward: view.carriedForward } : {}),
    ...(view.projection ? { projection: view.projection } : {}),
    ...(view.delayed ? { delayed: view.delayed } : {}),
    ...(view.degraded ? { degraded: view.degraded } : {}),
  };
}

export interface StatusInput {
  teamId: string;
  channelId: string | null;
  /** How the stored review names its source (default the source's kind; the CLI's --metrics: `cli`). */
  sourceKind?: ReviewSourceKind;
}

/** A status answer, with what it rests on (for the shared answers of status-answers.ts). */
export interface ComputedStatus {
  view: ScalingIndicatorsViewModel;
  /** The metrics cache's version of the numbers (absent: not cacheable). */
  metricsVersion: string | undefined;
  /** When the answer stops being right by itself: the period's end or the first snooze to expire. */
  validUntil: Date;
  /** The numbers it was computed from (the CLI prints where exactly they came from). */
  metrics: MetricsResult;
}

/** The first moment the review changes without new metrics or decisions. */
function validUntilOf(periodEnd: Date, decisions: ReadonlyMap<string, DecisionRecord>): Date {
  let until = periodEnd.getTime();
  for (const d of decisions.values()) {
    if (d.kind === 'snooze' && d.snoozeUntil) until = Math.min(until, d.snoozeUntil.getTime());
  }
  return new Date(until);
}

/**
 * `/scale status`: the team's review of this period (its observation updated with the current
 * metrics), recorded as what the message shows, ready to render. A repeat with the same metrics
 * and decisions reads the same record and writes nothing.
 */
export async function computeStatus(deps: AppDeps, input: StatusInput): Promise<ComputedStatus> {
  const now = deps.clock();
  const metrics = await fetchMetrics(deps, now);
  const observed = await observe(deps, {
    teamId: input.teamId,
    now,
    metrics,
    sourceKind: input.sourceKind ?? metrics.source.kind,
  });
  // One of several sources failed: its metrics are unknown, the answer says which (degraded).
  const failed = sourceFailureReasons(metrics);
  const view: MessageView = {
    kind: 'status',
    weekLabel: weekLabelOf(observed.review.period.key),
    sourceLine: metrics.source.description,
    ...(failed.length > 0 ? { degraded: failed } : {}),
  };
  const reviewId = await recordReview(deps, observed, { channelId: input.channelId, view, now });
  deps.logger.debug(
    {
      reviewId,
      apiCalls: metrics.source.apiCalls,
      metricsRequested: metrics.source.metricsRequested,
    },
    'status review computed',
  );
  const periodEnd = periodOf(now, deps.plan.review.intervalDays).end;
  return {
    view: {
      reviewId,
      review: observed.review,
      weekLabel: view.weekLabel,
      conversationsThisMonth: conversationsOf(observed.review),
      sourceLine: view.sourceLine,
      decisions: toDecisionMap(observed.decisions),
      ...(view.degraded ? { degraded: view.degraded } : {}),
    },
    metricsVersion: metrics.version,
    validUntil: validUntilOf(periodEnd, observed.decisions),
    metrics,
  };
}

/** `/scale status` for the CLI and tests: the view of computeStatus. */
export async function runStatus(
  deps: AppDeps,
  input: StatusInput,
): Promise<ScalingIndicatorsViewModel> {
  return (await computeStatus(deps, input)).view;
}
