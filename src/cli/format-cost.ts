import {
  COMPONENT_KIND_LABELS,
  formatCostChange,
  formatMoney,
  formatMoneyRange,
  formatNumber,
} from '../domain/format.js';
import type { CostReport, HelpdeskComparison, StageCost } from '../domain/projection-types.js';

const KIND_LABEL = COMPONENT_KIND_LABELS;

const LABEL_WIDTH = 14;
const NAME_WIDTH = 40;

/**
 * The cost report as text: both stages' breakdowns, the change and the helpdesk comparison.
 * `metricsSource` names where the current stage came from; null = no metrics (first stage).
 */
export function formatCost(report: CostReport, metricsSource: string | null): string {
  const same = report.current.stage.number === report.target.stage.number;
  const { number, name } = report.current.stage;
  const basis =
    metricsSource === null ? 'no metrics given; pass --metrics FILE to use yours' : metricsSource;
  const lines = [`Current stage: ${number} ${name} (${basis})`, ''];
  lines.push(...stageLines(report.current));
  if (!same) {
    lines.push('', ...stageLines(report.target), '');
    lines.push(`Change: ${formatCostChange(report.delta)}`);
  } else {
    lines.push('', 'Change: none (this is the current stage)');
  }
  lines.push(helpdeskLine(report.helpdesk, report.target));
  return `${lines.join('\n')}\n`;
}

function stageLines(cost: StageCost): string[] {
  const fees = cost.plusWhatsAppFees ? ' + WhatsApp fees' : '';
  const header = `Stage ${cost.stage.number}: ${cost.stage.name} — ${formatMoneyRange(cost.totalCost)}/month${fees}`;
  const rows = cost.components.map((c) => {
    const name = c.alternative === undefined ? c.name : `${c.name} (or ${c.alternative})`;
    const price = c.usagePrice === undefined ? formatMoneyRange(c.monthlyCost) : c.usagePrice;
    return `  ${KIND_LABEL[c.kind].padEnd(LABEL_WIDTH)}${name.padEnd(NAME_WIDTH)} ${price}`;
  });
  return [header, ...rows];
}

function helpdeskLine(helpdesk: HelpdeskComparison, target: StageCost): string {
  const seats = `${formatMoney(helpdesk.pricePerAgentMonthly)}/agent × ${formatNumber(helpdesk.agents)} agents = ${formatMoney(helpdesk.monthly)}/month`;
  return `${helpdesk.name}: ${seats}; stage ${target.stage.number} ${savingsText(helpdesk.savings)}`;
}

function savingsText(savings: { min: number | null; max: number }): string {
  if (savings.min === null) {
    return savings.max >= 0
      ? `saves up to ${formatMoney(savings.max)}/month`
      : `costs at least ${formatMoney(-savings.max)}/month more`;
  }
  if (savings.min >= 0)
    return `saves ${formatMoneyRange({ min: savings.min, max: savings.max })}/month`;
  if (savings.max <= 0) {
    return `costs ${formatMoneyRange({ min: -savings.max, max: -savings.min })}/month more`;
  }
  return `costs between ${formatMoney(-savings.min)} more and ${formatMoney(savings.max)} less per month`;
}
