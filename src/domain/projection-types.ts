import type { CostChange } from './cost-change.js';
import type { Component, Range } from './plan/schema.js';

export type GrowthSource = 'argument' | 'history' | 'plan';

export interface ProjectionRequest {
  /** Conversations per month now. */
  volume: number;
  /** Compound monthly growth in percent (30 means 30%/month). May be 0 or negative. */
  monthlyGrowthPercent: number;
  months: number;
  growthSource: GrowthSource;
}

export interface ProjectionRow {
  month: number;
  /** Unrounded volume × (1+g)^month. */
  volume: number;
  stage: number;
}

export interface ProjectionCrossing {
  /** First month (1-based) at which the projected volume is above `atConversations`. */
  month: number;
  kind: 'stage' | 'trigger' | 'prepare';
  stage: number;
  atConversations: number;
  text: string;
}

/** What the projection chart draws: the months and the plan's stage boundaries. */
export interface ProjectionChartData {
  /** Month 0 is now; conversations per month. */
  rows: { month: number; volume: number }[];
  /** Conversations per month at which each stage after the first starts. */
  boundaries: { stage: number; atConversations: number }[];
}

export interface Projection {
  /** What was projected: `months` capped at the plan's `growth.maxMonths`. */
  request: ProjectionRequest;
  /** The months asked for when they were more than the plan's `growth.maxMonths`, else null. */
  cappedFrom: number | null;
  rows: ProjectionRow[];
  /** Volume at the horizon, rounded to a whole conversation. */
  projectedVolume: number;
  currentStage: { number: number; name: string };
  projectedStage: { number: number; name: string };
  crossings: ProjectionCrossing[];
  /** The plan's infrastructure action for the horizon: "Current OK", "Upgrade DB soon", ... */
  action: string;
  /** Where each stage after the first starts (the plan's), for the chart. */
  stageBoundaries: ProjectionChartData['boundaries'];
}

export interface StageCost {
  stage: { number: number; name: string };
  components: Component[];
  /** Sum of the component ranges (usage-priced components count 0). */
  componentTotal: Range;
  /** The total the seed states for the stage. */
  totalCost: Range;
  plusWhatsAppFees: boolean;
}

export interface HelpdeskComparison {
  name: string;
  agents: number;
  agentsSource: 'argument' | 'stage' | 'example';
  pricePerAgentMonthly: number;
  monthly: number;
  /** Helpdesk monthly minus the target stage's total range (positive = Scale Review's stack is cheaper). */
  savings: { min: number | null; max: number };
}

export interface CostReport {
  current: StageCost;
  target: StageCost;
  /** target.totalCost - current.totalCost, bound by bound (max null when either is open-ended). */
  /** What the move changes per month (src/domain/cost-change.ts: open ends stay open). */
  delta: CostChange;
  helpdesk: HelpdeskComparison;
}
