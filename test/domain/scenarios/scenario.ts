/**
 * The advice scenario suite (issue 20): situations a capacity planner would try, each with the
 * advice expected, written before the engine that gives it. The runner (scenarios.test.ts) turns a
 * scenario into weekly observations, an estate and decisions, reviews the last week, and checks the
 * expectation. Expectations say what a planner would sign: the headline's kind, the actions with
 * their severity (and where it matters their text or cost), what must be said, and what must not.
 */
import type { MetricsSnapshot } from '../../../src/domain/metrics.js';

export const ADVICE_CLASSES = [
  'easy',
  'missing',
  'stage',
  'beyond',
  'symptom',
  'oneShot',
  'forecast',
  'double',
  'impossible',
  'fragile',
  'cost',
  'headroom',
  'down',
  'outcome',
  'states',
] as const;
export type AdviceClass = (typeof ADVICE_CLASSES)[number];

/** A week's metrics on top of the stage's quiet base; `null` removes a metric from the snapshot. */
export type WeekChanges = { [K in keyof MetricsSnapshot]?: MetricsSnapshot[K] | null } & {
  /** Metrics the source reported stale that week. */
  stale?: (keyof MetricsSnapshot)[];
};

export interface ScenarioEstate {
  stage?: number;
  servers?: number;
  dbTier?: string;
  measures?: string[];
  /** What the team pays per month now, when it told us. */
  monthlyCost?: number;
}

export interface ScenarioDone {
  /** The Done click, this many weeks before now (0: earlier this week). */
  weeksAgo: number;
  /** The action marked done. */
  key: string;
  /** What it changed. */
  change: ScenarioEstate;
}

export interface ScenarioDecision {
  kind: 'ack' | 'snooze';
  key: string;
  /** For snoozes: days from now until the snooze ends. */
  untilDays?: number;
}

export type Severity = 'watch' | 'plan' | 'act' | 'critical';

export interface ExpectedAction {
  /** The recommendation key, or a pattern for it. */
  key: string | RegExp;
  severity?: Severity;
  /** Pattern on the recommendation's text. */
  text?: RegExp;
  /** The monthly cost change; null bounds are open. */
  cost?: { min: number | null; max: number | null };
  /** The action carries a decision date. */
  decideBy?: boolean;
  state?: 'open' | 'acknowledged' | 'snoozed' | 'done';
}

export interface Expectation {
  /** Pattern on the headline. */
  headline: RegExp;
  /** Actions that must be recommended. */
  actions?: ExpectedAction[];
  /** `actions` is the whole list. */
  only?: boolean;
  /** Recommendation keys (or patterns) that must not be recommended. */
  absent?: (string | RegExp)[];
  /** Patterns that must appear somewhere in what the review says. */
  says?: RegExp[];
  /** Patterns that must appear nowhere in what the review says. */
  neverSays?: RegExp[];
  /** The stage the review is judged at. */
  stage?: number;
  /** Indicator statuses. */
  status?: Record<string, 'ok' | 'approaching' | 'over' | 'critical' | 'unknown'>;
  /** The same review at `now` plus this many seconds (the same period) says exactly the same. */
  stableAcrossSeconds?: number;
  /** The stage move's cost equals the cost report's delta to the next stage. */
  costAgreesWithReport?: boolean;
}

export interface Scenario {
  id: string;
  klass: AdviceClass;
  title: string;
  /** The stage whose quiet volume and database size the weeks start from. */
  base: 1 | 2 | 3 | 4;
  /**
   * One entry per week, oldest first, ending with this week. `null`: no observation that week.
   * A single entry reviews this week alone; with `oneShot` no history is read at all.
   */
  weeks: (WeekChanges | null)[];
  oneShot?: boolean;
  /** The week entries' observation times: minutes after the week's Monday 00:00 UTC. */
  atMinutes?: number[];
  /** `infrastructure:` in the config. */
  estate?: ScenarioEstate;
  done?: ScenarioDone[];
  decisions?: ScenarioDecision[];
  /** capturedAt of this week's snapshot, relative to now, in days (negative: earlier). */
  capturedDaysFromNow?: number;
  expect: Expectation;
}

/** A quiet panel: every indicator well under its thresholds at any stage. */
export const QUIET: MetricsSnapshot = {
  cpuPercent: 45,
  memoryPercent: 55,
  dbConnections: 40,
  dbMaxConnections: 100,
  responseTimeP95Ms: 300,
  errorRatePercent: 0.2,
};

const GB = 1024;

/** A volume and a database size well inside each stage, firing no trigger. */
export const STAGE_BASE: Record<1 | 2 | 3 | 4, MetricsSnapshot> = {
  1: { conversationsPerMonth: 300, dbSizeMb: 150 },
  2: { conversationsPerMonth: 3000, dbSizeMb: 3 * GB },
  3: { conversationsPerMonth: 8000, dbSizeMb: 10 * GB },
  4: { conversationsPerMonth: 30_000, dbSizeMb: 200 * GB },
};

export { GB };
