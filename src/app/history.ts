import type { HistoryDecision, HistoryEntry, HistoryViewModel } from '../../blocks/index.js';
import { AUTOMATIC_DECISION_USER, type DecisionRecord, type ReviewRecord } from '../store/ports.js';
import type { AppDeps } from './deps.js';

function textOf(record: ReviewRecord, key: string): string {
  return record.review.recommendations.find((r) => r.key === key)?.text ?? key;
}

function toHistoryDecision(
  d: DecisionRecord,
  record: ReviewRecord,
  active: ReadonlySet<string>,
): HistoryDecision {
  return {
    kind: d.kind,
    recommendationKey: d.recommendationKey,
    recommendationText: textOf(record, d.recommendationKey),
    userId: d.automatic || d.userId === AUTOMATIC_DECISION_USER ? null : d.userId,
    at: d.at,
    ...(d.snoozeUntil ? { snoozeUntil: d.snoozeUntil } : {}),
    ...(d.reason ? { reason: d.reason } : {}),
    ...(d.kind === 'snooze' && active.has(d.id) ? { canUnsnooze: true } : {}),
  };
}

/** `/scale history [n]`: the latest reviews with the decisions taken on them. */
export async function runHistory(
  deps: AppDeps,
  input: { teamId: string; limit: number },
): Promise<HistoryViewModel> {
  const now = deps.clock();
  const records = await deps.store.reviews.latest({ teamId: input.teamId, limit: input.limit });
  const decisions = await deps.store.decisions.listForReviews(records.map((r) => r.id));
  const snoozeKeys = [
    ...new Set(decisions.filter((d) => d.kind === 'snooze').map((d) => d.recommendationKey)),
  ];
  const actives = await Promise.all(
    snoozeKeys.map((key) => deps.store.decisions.active(input.teamId, key, now)),
  );
  const activeIds = new Set(actives.flatMap((d) => (d?.kind === 'snooze' ? [d.id] : [])));
  const entries: HistoryEntry[] = records.map((record) => ({
    reviewId: record.id,
    createdAt: record.createdAt,
    headline: record.review.headline,
    stage: { number: record.review.stage.number, name: record.review.stage.name },
    decisions: decisions
      .filter((d) => d.reviewId === record.id)
      .map((d) => toHistoryDecision(d, record, activeIds)),
  }));
  return { entries };
}
