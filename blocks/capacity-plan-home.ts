import {
  type CapacityPlanViewModel,
  PLAN_SECTIONS,
  type PlanStyle,
  planSectionLines,
} from './capacity-plan-model.js';
import { fitLines } from './layout.js';
import type { Budget } from './limits.js';
import type { SlackBlock } from './native-types.js';
import { escapeMrkdwn, mention, slackDate } from './text.js';

/**
 * The capacity plan in the App Home: the same view model and lines as the channel canvas
 * (blocks/capacity-plan.ts), in Block Kit's mrkdwn, one list per part of the plan, each packed
 * into as few sections as its lines need and cut with "…and N more" when the Home runs out.
 */

const HOME_STYLE: PlanStyle = {
  escape: escapeMrkdwn,
  mention,
  date: (date) => slackDate(date, 'date'),
  bold: (text) => `*${text}*`,
};

const NOUNS = {
  stage: 'lines',
  actions: 'actions',
  forecasts: 'forecasts',
  weeks: 'weeks',
  decisions: 'decisions',
} as const;

/** The plan's parts as App Home lists (for composeBlocks), headed "*Capacity plan* · <part>". */
export function capacityPlanHomeLists(
  vm: CapacityPlanViewModel,
): ((budget: Budget) => SlackBlock[])[] {
  const lines = planSectionLines(vm, HOME_STYLE);
  return PLAN_SECTIONS.map(({ key, heading }) => {
    const title = key === 'stage' ? `*Capacity plan* · ${heading}` : `*${heading}*`;
    return (budget: Budget) =>
      fitLines([title, ...lines[key].map((l) => `• ${l}`)], budget, NOUNS[key]);
  });
}
