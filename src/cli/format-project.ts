import { formatNumber, formatPercent } from '../domain/format.js';
import type { Plan } from '../domain/plan/schema.js';
import type { GrowthSource, Projection, ProjectionCrossing } from '../domain/projection-types.js';

const GROWTH_SOURCE_TEXT = {
  argument: '',
  history: ' (observed in history)',
  plan: ' (plan default; give a growth rate to change it)',
} as const satisfies Record<GrowthSource, string>;

const MONTH_WIDTH = 5;
const VOLUME_WIDTH = 19;

/** The projection as text: the month-by-month table, the crossings and the action. */
export function formatProjection(projection: Projection, plan: Plan): string {
  const { request } = projection;
  const lines = [
    `Projection: ${formatNumber(request.volume, 2)} conversations/month`,
    `Growth: ${formatPercent(request.monthlyGrowthPercent)}/month${GROWTH_SOURCE_TEXT[request.growthSource]}, over ${plural(request.months, 'month')}`,
    ...(projection.cappedFrom === null
      ? []
      : [
          `Capped at ${request.months} months, the plan's horizon (plan.growth.maxMonths); ${projection.cappedFrom} were asked for. Compound growth further out is no forecast.`,
        ]),
    '',
    `${'Month'.padStart(MONTH_WIDTH)}  ${'Conversations/month'.padStart(VOLUME_WIDTH)}  Stage`,
    ...projection.rows.map(
      (row) =>
        `${String(row.month).padStart(MONTH_WIDTH)}  ${formatNumber(row.volume).padStart(VOLUME_WIDTH)}  ${row.stage} ${stageName(plan, row.stage)}`,
    ),
    '',
  ];
  if (projection.crossings.length > 0) {
    lines.push('Crossings:', ...projection.crossings.map((c) => `  ${crossingText(c, plan)}`), '');
  } else {
    lines.push('Crossings: none within the horizon', '');
  }
  lines.push(
    `In ${plural(request.months, 'month')}: ${formatNumber(projection.projectedVolume)}/mo — ${projection.action}`,
  );
  return `${lines.join('\n')}\n`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function stageName(plan: Plan, number: number): string {
  return plan.stages.find((s) => s.number === number)?.name ?? '';
}

function crossingText(crossing: ProjectionCrossing, plan: Plan): string {
  const at = `${formatNumber(crossing.atConversations)}/month`;
  const month = `Month ${crossing.month}`;
  switch (crossing.kind) {
    case 'stage':
      return `${month}: above ${at}, stage ${crossing.stage} (${stageName(plan, crossing.stage)}): ${crossing.text}`;
    case 'trigger':
      return `${month}: stage ${crossing.stage} trigger ${crossing.text} (${at})`;
    case 'prepare':
      return `${month}: ${crossing.text} (prepare for stage ${crossing.stage} at ${at})`;
  }
}
