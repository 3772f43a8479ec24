import {
  COMPONENT_KIND_LABELS,
  formatCostChange,
  formatMoney,
  formatMoneyRange,
} from '../src/domain/format.js';
import type { CostReport, HelpdeskComparison, StageCost } from '../src/domain/projection-types.js';
import {
  context,
  fallbackText,
  fieldSections,
  header,
  type MessagePayload,
  moreLine,
  section,
} from './elements.js';
import { composeBlocks } from './layout.js';
import { type Budget, budgetFor, fitItems, SLACK_LIMITS } from './limits.js';
import type { SlackBlock } from './native-types.js';
import { escapeMrkdwn } from './text.js';
import { validateBlocks } from './validate.js';

const KIND_LABEL = COMPONENT_KIND_LABELS;

const AGENTS_SOURCE: Record<HelpdeskComparison['agentsSource'], string> = {
  argument: 'as given',
  stage: "the stage's team size",
  example: "the plan's example",
};

const stageName = (s: StageCost) => `Stage ${s.stage.number} · ${escapeMrkdwn(s.stage.name)}`;
const monthly = (r: { min: number; max: number | null }) => `${formatMoneyRange(r)}/month`;

function componentField(c: StageCost['components'][number]): string {
  const price = c.usagePrice ? escapeMrkdwn(c.usagePrice) : monthly(c.monthlyCost);
  const alt = c.alternative ? `\n_or ${escapeMrkdwn(c.alternative)}_` : '';
  return `*${KIND_LABEL[c.kind]}*\n${escapeMrkdwn(c.name)}: ${price}${alt}`;
}

function savingsText(h: HelpdeskComparison): string {
  const { min, max } = h.savings;
  if (min !== null && min >= 0) return `you save ${formatMoneyRange({ min, max })}/month`;
  if (min === null && max >= 0) return `you save up to ${formatMoney(max)}/month`;
  if (max <= 0)
    return `the stack costs ${formatMoneyRange({ min: -max, max: min === null ? null : -min })}/month more`;
  return `the difference is ${formatMoney(min ?? 0)} to ${formatMoney(max)}/month`;
}

function helpdeskText(h: HelpdeskComparison): string {
  return (
    `:scales: *vs ${escapeMrkdwn(h.name)}*: ${h.agents} agents (${AGENTS_SOURCE[h.agentsSource]}) × ` +
    `${formatMoney(h.pricePerAgentMonthly)} = ${formatMoney(h.monthly)}/month; ${savingsText(h)}.`
  );
}

function totalsBlock(report: CostReport): SlackBlock {
  const { current, target } = report;
  if (current.stage.number === target.stage.number) {
    return section(`*${stageName(target)}*: ${monthly(target.totalCost)}`);
  }
  return {
    type: 'section',
    fields: [
      { type: 'mrkdwn', text: `*Now · ${stageName(current)}*\n${monthly(current.totalCost)}` },
      { type: 'mrkdwn', text: `*${stageName(target)}*\n${monthly(target.totalCost)}` },
      { type: 'mrkdwn', text: `*Change*\n${formatCostChange(report.delta)}` },
    ],
  };
}

function notes(target: StageCost): string[] {
  const out: string[] = [];
  if (target.plusWhatsAppFees) out.push('Plus WhatsApp conversation fees (usage-priced).');
  const sum = target.componentTotal;
  if (sum.min !== target.totalCost.min || sum.max !== target.totalCost.max) {
    out.push(
      `Components add up to ${monthly(sum)}; the plan states ${monthly(target.totalCost)} for the stage.`,
    );
  }
  return out;
}

/** `/scale cost`: the stage's components, the change against now and the per-seat comparison. */
export function buildCost(report: CostReport): MessagePayload {
  const { current, target } = report;
  const extra = notes(target);
  const head: SlackBlock[] = [
    header(`:moneybag: Cost · Stage ${target.stage.number} · ${target.stage.name}`),
    totalsBlock(report),
  ];
  const tail: SlackBlock[] = [
    ...(extra.length > 0 ? [context(extra)] : []),
    section(helpdeskText(report.helpdesk)),
  ];
  const fields = target.components.map(componentField);
  const sections = fieldSections(fields);
  const components = (budget: Budget) =>
    fitItems(
      sections,
      (s) => [s],
      budget,
      (n) => {
        const left = fields.length - (sections.length - n) * SLACK_LIMITS.fields;
        return moreLine(left, left === 1 ? 'component' : 'components');
      },
    );
  const blocks = composeBlocks(head, [components], tail, budgetFor('message'));
  validateBlocks(blocks, 'message');
  const now = `Stage ${current.stage.number} ${formatMoneyRange(current.totalCost)}/month`;
  const text =
    current.stage.number === target.stage.number
      ? `Cost: ${now}`
      : `Cost: ${now} → Stage ${target.stage.number} ${formatMoneyRange(target.totalCost)}/month (${formatCostChange(report.delta)})`;
  return {
    text: fallbackText(text),
    blocks,
  };
}
