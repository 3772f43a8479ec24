import type { KnownBlock } from '@slack/types';
import { formatNumber, formatPercent, formatVolumeShort } from '../src/domain/format.js';
import type { GrowthSource, Projection } from '../src/domain/projection-types.js';
import {
  context,
  fallbackText,
  header,
  type MessagePayload,
  moreLine,
  section,
} from './elements.js';
import { composeBlocks, fitLines } from './layout.js';
import { type Budget, budgetFor, fitItems, packLines, SLACK_LIMITS } from './limits.js';
import { escapeMrkdwn } from './text.js';
import { validateBlocks } from './validate.js';

const GROWTH_SOURCE: Record<GrowthSource, string> = {
  argument: 'as given',
  history: 'observed in past reviews',
  plan: "the plan's default",
};

const FENCE = '```';

/** The month-by-month table as code blocks (monospace), split across sections when long. */
function projectionTableSections(projection: Projection): KnownBlock[] {
  const rows = projection.rows.map(
    (r) =>
      `${String(r.month).padStart(5)}  ${formatNumber(r.volume).padStart(13)}  ${String(r.stage).padStart(5)}`,
  );
  const head = `${'Month'.padStart(5)}  ${'Conversations'.padStart(13)}  ${'Stage'.padStart(5)}`;
  const room = SLACK_LIMITS.sectionText - 2 * FENCE.length - 2;
  return packLines(rows, room - head.length - 1).map((chunk) =>
    section(`${FENCE}\n${head}\n${chunk}${FENCE}`),
  );
}

function tableList(projection: Projection) {
  return (budget: Budget): KnownBlock[] =>
    fitItems(
      projectionTableSections(projection),
      (s) => [s],
      budget,
      (n) => moreLine(n, n === 1 ? 'part of the table' : 'parts of the table'),
    );
}

/** "Capped at 36 months, the plan's horizon (`plan.growth.maxMonths`); you asked for 120: …" */
function cappedText(projection: Projection): string | null {
  if (projection.cappedFrom === null) return null;
  const { months } = projection.request;
  return `:warning: Capped at ${months} months, the plan's horizon (\`plan.growth.maxMonths\`); you asked for ${projection.cappedFrom}. Compound growth further out is no forecast.`;
}

/** `/scale project`: the projection table, the month each stage is crossed, and the action. */
export function buildProjection(projection: Projection): MessagePayload {
  const { request: req, currentStage: cur, projectedStage: next } = projection;
  const growth = `${formatPercent(req.monthlyGrowthPercent)}/month`;
  const title = `:chart_with_upwards_trend: Projection · ${req.months} months at ${growth}`;
  const summary =
    `From *${formatNumber(req.volume)}* to *${formatNumber(projection.projectedVolume)}* conversations/month: ` +
    `Stage ${cur.number} · ${escapeMrkdwn(cur.name)} → Stage ${next.number} · ${escapeMrkdwn(next.name)}`;
  const milestones = projection.crossings.map(
    (c) =>
      `• Month ${c.month}: ${escapeMrkdwn(c.text)} (at ${formatVolumeShort(c.atConversations)})`,
  );

  const capped = cappedText(projection);
  const head: KnownBlock[] = [
    header(title),
    context([`Growth ${growth}, ${GROWTH_SOURCE[req.growthSource]}`]),
    ...(capped === null ? [] : [context([capped])]),
    section(summary),
  ];
  const tail: KnownBlock[] = [section(`*Action:* ${escapeMrkdwn(projection.action)}`)];
  const blocks = composeBlocks(
    head,
    [
      (b) =>
        milestones.length > 0
          ? fitLines(['*Milestones*', ...milestones], b, 'milestones')
          : [section(`*Milestones*\nNo stage change within ${req.months} months.`)],
      tableList(projection),
    ],
    tail,
    budgetFor('message'),
  );
  validateBlocks(blocks, 'message');
  return {
    text: fallbackText(
      `Projection: ${formatNumber(req.volume)} → ${formatNumber(projection.projectedVolume)} conversations/month ` +
        `in ${req.months} months${projection.cappedFrom === null ? '' : ` (capped from ${projection.cappedFrom})`} (Stage ${cur.number} → Stage ${next.number}). Action: ${escapeMrkdwn(projection.action)}`,
    ),
    blocks,
  };
}
