import type { ProjectionChartData } from './projection-types.js';

/**
 * A review as its message shows it: what a posted message showed besides the review itself, and
 * the decision states it shows on the recommendations. The store persists `MessageView` with each
 * review record (src/store/ports/reviews.ts), the Block Kit builders (blocks/) render these types,
 * and src/app/review-message.ts puts a stored record and the live decisions together. Pure.
 */

export const DECISION_STATE_KINDS = ['ack', 'snooze', 'done'] as const;

/** The latest decision on a recommendation, as a message shows it. */
export interface DecisionState {
  kind: (typeof DECISION_STATE_KINDS)[number];
  userId: string;
  at: Date;
  /** Set for snoozes. A snooze passed here is shown as active: pass null once it has expired. */
  snoozeUntil?: Date;
}

/** Latest decision per recommendation key; a missing key means no decision. */
export type DecisionMap = Readonly<Record<string, DecisionState | null | undefined>>;

/** A decision from an earlier review, carried into this one with the indicator's value now. */
export interface CarriedForwardDecision {
  /** What the decision was about: "CPU" or the recommendation's text. */
  label: string;
  decision: DecisionState;
  /** The situation now, preformatted: "now 78%, +6 pts". */
  current: string;
  /** Set when a snooze ended early because things got worse: "CPU is now over 80%". */
  reopenedBecause?: string;
}

export const GROWTH_SOURCES = ['observed', 'configured'] as const;

/**
 * "At 30%/month, the growth observed in past reviews, Stage 3 · Growth is reached in about 4
 * months ($150-250/month)." `configured` is the plan's default growth (configured or not).
 */
export interface ProjectionLine {
  monthlyGrowthPercent: number;
  growthSource: (typeof GROWTH_SOURCES)[number];
  horizonMonths: number;
  nextStage: {
    number: number;
    name: string;
    inMonths: number;
    monthlyCost: { min: number; max: number | null };
  } | null;
  /** The months and stage boundaries of the projection chart (absent on older records). */
  chart?: ProjectionChartData;
}

export const MESSAGE_KINDS = ['status', 'digest'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/**
 * What a posted message showed besides its review and the live decision state, so that a click
 * re-renders exactly the message it was made on (a digest keeps its digest-only lines).
 */
export interface MessageView {
  kind: MessageKind;
  /** "Week 49, 2026": the period the message was keyed by. */
  weekLabel: string;
  /** Channel-safe description of where the metrics came from. */
  sourceLine: string;
  carriedForward?: CarriedForwardDecision[];
  projection?: ProjectionLine;
  delayed?: { scheduledFor: Date };
  degraded?: string[];
  /** A digest's channel's next digest (its footer names it, not the plan's review cadence). */
  nextDigestAt?: Date;
}

/** Which recommendation of which review an interactive element is about (blocks/ids.ts encodes it). */
export interface RecommendationRef {
  reviewId: string;
  recommendationKey: string;
}

/** "Week 49, 2026" from a period key "2026-W49"; other keys are shown as they are. */
export function weekLabelOf(periodKey: string): string {
  const match = /^(\d{4})-W(\d{2})$/.exec(periodKey);
  if (!match) return `Period ${periodKey}`;
  return `Week ${Number(match[2])}, ${match[1]}`;
}
