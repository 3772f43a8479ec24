import type { HistoryDecision, HistoryEntry, HistoryViewModel } from '../../blocks/index.js';
import { periodOf } from '../domain/period.js';
import { AUTOMATIC_DECISION_USER, type DecisionRecord, type ReviewRecord } from '../store/ports.js';
import type { AppDeps } from './deps.js';
import { recentPeriods } from './recent-periods.js';
import { shownReview } from './review-message.js';

/** Decisions read for the history: the team's latest ones. */
const DECISION_LIMIT = 500;

function textOf(records: ReadonlyMap<string, ReviewRecord>, d: DecisionRecord): string {
  const record = records.get(d.reviewId);
  const rec = record
    ? shownReview(record).recommendations.find((r) => r.key === d.recommendationKey)
    : undefined;
  return rec?.text ?? d.recommendationKey;
}

function toHistoryDecision(
  d: DecisionRecord,
  records: ReadonlyMap<string, ReviewRecord>,
  active: ReadonlySet<string>,
): HistoryDecision {
  return {
    kind: d.kind,
    recommendationKey: d.recommendationKey,
    recommendationText: textOf(records, d),
    userId: d.automatic || d.userId === AUTOMATIC_DECISION_USER ? null : d.userId,
    at: d.at,
    ...(d.snoozeUntil ? { snoozeUntil: d.snoozeUntil } : {}),
    ...(d.reason ? { reason: d.reason } : {}),
    ...(d.kind === 'snooze' && active.has(d.id) ? { canUnsnooze: true } : {}),
  };
}

/**
 * `/scale history [n]`: the latest n review periods (one entry per period, however many
 * commands ran in it), each with its review and the decisions taken during it.
 */
export async function runHistory(
  deps: AppDeps,
  input: { teamId: string; limit: number },
): Promise<HistoryViewModel> {
  const now = deps.clock();
  const interval = deps.plan.review.intervalDays;
  const periods = await recentPeriods(deps, input.teamId, now, input.limit, input.limit * 2);
  const shown = new Set(periods.map((p) => p.observation.periodKey));
  const periodKey = (d: DecisionRecord) => periodOf(d.at, interval).key;
  const decisions = (await deps.store.decisions.listRecent(input.teamId, DECISION_LIMIT)).filter(
    (d) => shown.has(periodKey(d)),
  );
  const recordIds = new Set(decisions.map((d) => d.reviewId));
  for (const p of periods) if (p.record) recordIds.delete(p.record.id);
  const extra = await Promise.all([...recordIds].map((id) => deps.store.reviews.get(id)));
  const records = new Map<string, ReviewRecord>();
  for (const r of [...periods.flatMap((p) => (p.record ? [p.record] : [])), ...extra]) {
    if (r && r.teamId === input.teamId) records.set(r.id, r);
  }
  const snoozeKeys = [
    ...new Set(decisions.filter((d) => d.kind === 'snooze').map((d) => d.recommendationKey)),
  ];
  const actives = await Promise.all(
    snoozeKeys.map((key) => deps.store.decisions.active(input.teamId, key, now)),
  );
  const activeIds = new Set(actives.flatMap((d) => (d?.kind === 'snooze' ? [d.id] : [])));
  const entries: HistoryEntry[] = periods.flatMap(({ observation, record }): HistoryEntry[] => {
    if (!record) return [];
    const reviewed = shownReview(record);
    return [
      {
        reviewId: record.id,
        createdAt: observation.at,
        headline: reviewed.headline,
        stage: { number: reviewed.stage.number, name: reviewed.stage.name },
        decisions: decisions
          .filter((d) => periodKey(d) === observation.periodKey)
          .map((d) => toHistoryDecision(d, records, activeIds)),
      },
    ];
  });
  return { entries };
}
