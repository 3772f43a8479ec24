import { leadText } from '../domain/engine/decision-dates.js';
import { formatCostChange, formatVolumeRange } from '../domain/format.js';
import type { Recommendation, Review, StageRef } from '../domain/review-types.js';
import { formatDay, relativeDays } from './format-dates.js';

export const PANEL_TITLE = 'Scaling Indicators';
export const PANEL_RULE = '━'.repeat(24);

const BASIS_TEXT = {
  conversations: 'from conversations/month',
  dbStorage: 'from database size',
  default: 'assumed, see data quality',
  done: 'marked done in Slack',
  configured: 'configured',
  carried: 'assumed from earlier reviews, see data quality',
} as const satisfies Record<StageRef['basis'], string>;

/**
 * The review as text, laid out like the seed's "Scaling Indicators" panel. `notes` are the
 * source's remarks on derived values ("dbMaxConnections 225: estimated from db.t3.small").
 */
export function formatStatus(
  review: Review,
  now: Date,
  sourceLine?: string,
  notes: readonly string[] = [],
): string {
  const lines = [PANEL_TITLE, PANEL_RULE];
  if (sourceLine !== undefined) {
    lines.push(sourceLine);
  }
  lines.push('', ...review.indicators.map((indicator) => indicator.text), '');
  lines.push(stageLine(review.stage));
  if (review.triggersFired.length > 0) {
    lines.push(`Triggers fired: ${review.triggersFired.map((t) => t.text).join('; ')}`);
  }
  lines.push(`Recommendation: ${review.headline}`);
  lines.push(...review.recommendations.flatMap(recommendationLines));
  for (const line of [...(review.outcomes ?? []), ...(review.cleared ?? [])]) lines.push(line);
  const next = new Date(review.nextReviewAt);
  lines.push(`Next review: ${relativeDays(now, next)} (${formatDay(next)})`);
  if (review.forecasts.length > 0) {
    lines.push('', 'Forecasts:', ...review.forecasts.map((f) => `  - ${f.text}`));
  }
  const quality = review.dataQuality.notes;
  if (quality.length > 0) {
    lines.push('', 'Data quality:', ...quality.map((note) => `  - ${note}`));
  }
  if (notes.length > 0) {
    lines.push('', 'Notes:', ...notes.map((note) => `  - ${note}`));
  }
  return `${lines.join('\n')}\n`;
}

function stageLine(stage: StageRef): string {
  const range = formatVolumeRange(stage.conversationsPerMonth);
  return `Stage ${stage.number}: ${stage.name} (${range} conversations/month; ${BASIS_TEXT[stage.basis]})`;
}

function recommendationLines(rec: Recommendation): string[] {
  const cost = formatCostChange(rec.monthlyCostChange);
  const lines = [`  • [${rec.severity}] ${rec.text}`];
  lines.push(`      ${rec.impact}; ${rec.costNote ? `${cost} (${rec.costNote})` : cost}`);
  const reasons = rec.reasons.length > 0 ? rec.reasons.map((r) => r.text) : [rec.reason ?? ''];
  for (const reason of reasons.filter((r) => r !== '')) lines.push(`      why: ${reason}`);
  if (rec.decideBy) {
    const by = rec.overdue ? 'decide now' : `decide by ${formatDay(new Date(rec.decideBy))}`;
    const lead = rec.leadDays ? ` (it takes ${leadText(rec.leadDays)})` : '';
    lines.push(`      ${by}${lead}`);
  }
  if (rec.relief) {
    lines.push(
      `      now: ${rec.relief.text}; ${formatCostChange(rec.relief.monthlyCostChange)} (${rec.relief.note})`,
    );
  }
  for (const line of rec.includes ?? []) lines.push(`      includes: ${line}`);
  if (rec.alternatives && rec.alternatives.length > 0) {
    lines.push(`      also consider: ${rec.alternatives.join('; ')}`);
  }
  return lines;
}
