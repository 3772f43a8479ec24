import type { CostChange } from '../cost-change.js';
import type { LeadDays } from '../plan/schema.js';
import type { Sizing } from '../review-types.js';

/** What kind of move an action is: it leads the headline with its own verb. */
export const ACTION_CATEGORIES = ['capacity', 'optimise', 'investigate', 'saving'] as const;
export type ActionCategory = (typeof ACTION_CATEGORIES)[number];

/** An action as the plan and the numbers make it concrete, before reasons are attached. */
export interface ActionDraft {
  key: string;
  action: string;
  text: string;
  impact: string;
  monthlyCostChange: CostChange | null;
  costNote?: string;
  sizing?: Sizing;
  /** How much the draft asks for: when several reasons draft the same action, the largest wins. */
  weight?: number;
  leadDays: LeadDays;
  category: ActionCategory;
}
