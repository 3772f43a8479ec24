import type { RawTextElement, TableBlock } from '@slack/types';
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
import type { SlackBlock } from './native-types.js';
import { projectionChart } from './projection-chart.js';
import { escapeMrkdwn } from './text.js';
import { validateBlocks } from './validate.js';

const GROWTH_SOURCE: Record<GrowthSource, string> = {
  argument: 'as given',
  history: 'observed in past reviews',
  plan: "the plan's default",
};

const FENCE = '```';

/** The month-by-month table as code blocks (monospace), split across sections when long. */
function projectionTableSections(projection: Projection): SlackBlock[] {
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
  return (budget: Budget): SlackBlock[] =>
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

/** The month-by-month table as a table block (native), within Slack's 100 rows. */
function projectionTable(projection: Projection): TableBlock {
  const cell = (text: string): RawTextElement => ({ type: 'raw_text', text });
  const { rows } = projection;
  return {
    type: 'table',
    column_settings: [{ align: 'right' }, { align: 'right' }, { align: 'right' }],
    rows: [
      ['Month', 'Conversations', 'Stage'].map(cell),
      ...rows.map((r) => [String(r.month), formatNumber(r.volume), String(r.stage)].map(cell)),
    ],
  };
}

function projectionBlocks(projection: Projection, native: boolean): SlackBlock[] {
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
  const head: SlackBlock[] = [
    header(title),
    context([`Growth ${growth}, ${GROWTH_SOURCE[req.growthSource]}`]),
    ...(capped === null ? [] : [context([capped])]),
    section(summary),
  ];
  const tail: SlackBlock[] = [section(`*Action:* ${escapeMrkdwn(projection.action)}`)];
  const chart = native
    ? projectionChart({ rows: projection.rows, boundaries: projection.stageBoundaries })
    : null;
  const blocks = composeBlocks(
    head,
    [
      (b) =>
        milestones.length > 0
          ? fitLines(['*Milestones*', ...milestones], b, 'milestones')
          : [section(`*Milestones*\nNo stage change within ${req.months} months.`)],
      ...(chart ? [() => [chart]] : []),
      // The table block holds 99 months; a longer projection keeps the monospace table.
      chart && projection.rows.length < SLACK_LIMITS.tableRows
        ? () => [projectionTable(projection)]
        : tableList(projection),
    ],
    tail,
    budgetFor('message'),
  );
  validateBlocks(blocks, 'message');
  return blocks;
}

/**
 * `/scale project`: the projection as a chart with the stage boundaries and a table block of the
 * months, the month each stage is crossed, and the action; `plain` is the same with the months as
 * monospace text, for when Slack refuses the native blocks.
 */
export function buildProjection(projection: Projection): MessagePayload {
  const { request: req, currentStage: cur, projectedStage: next } = projection;
  return {
    text: fallbackText(
      `Projection: ${formatNumber(req.volume)} → ${formatNumber(projection.projectedVolume)} conversations/month ` +
        `in ${req.months} months${projection.cappedFrom === null ? '' : ` (capped from ${projection.cappedFrom})`} (Stage ${cur.number} → Stage ${next.number}). Action: ${escapeMrkdwn(projection.action)}`,
    ),
    blocks: projectionBlocks(projection, true),
    plain: projectionBlocks(projection, false),
  };
}
