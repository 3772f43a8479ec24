import type { CostChange } from '../src/domain/cost-change.js';
import { formatCostChange, formatVolumeRange } from '../src/domain/format.js';
import type {
  ActionState,
  DbTierRef,
  EstateFacts,
  Forecast,
  Indicator,
  ServerCountRef,
  Severity,
} from '../src/domain/review-types.js';
import { forecastLines } from './forecasts.js';
import { SEVERITY_EMOJI } from './recommendations.js';
import { formatCount } from './text.js';

/**
 * The capacity plan of a team (issue 22): what it runs, its open actions and who holds them, its
 * forecasts, its last eight weeks and its decisions. One view model, assembled by
 * src/app/capacity-plan.ts, rendered twice: as the channel canvas's Markdown
 * (blocks/capacity-plan.ts) and as App Home sections (blocks/capacity-plan-home.ts).
 */

export interface PlanStage {
  number: number;
  name: string;
  conversationsPerMonth: { min: number; max: number | null };
  conversationsThisMonth: number | null;
  /** How the review took the stage; null for reviews stored before the estate was kept. */
  source: EstateFacts['stage']['source'] | null;
  note: string | null;
}

export interface PlanEstate {
  servers: Pick<ServerCountRef, 'count' | 'max' | 'source' | 'note'>;
  /** null: a hosted database plan without a tier (stages 1–2). */
  database: Pick<DbTierRef, 'name' | 'storageGb' | 'source' | 'note'> | null;
  /** The measures in place, by their playbook titles. */
  measures: readonly string[];
  /** What the team says it pays per month; null when it did not say. */
  monthlyCost: number | null;
}

/** An action of the latest review with the team's word on it now. */
export interface PlanAction {
  key: string;
  text: string;
  severity: Severity;
  state: ActionState;
  /** Who acknowledged, snoozed or marked it done, and when; null while open. */
  owner: { userId: string; at: Date } | null;
  snoozeUntil: Date | null;
  decideBy: Date | null;
  overdue: boolean;
  cost: CostChange | null;
  costNote: string | null;
}

/** One review period of the last eight, newest first. */
export interface PlanWeek {
  /** "Week 50, 2026" */
  label: string;
  /** false: no observation that period (no review ran). */
  observed: boolean;
  stage: number | null;
  /** The headline of the period's latest message, when one was kept. */
  headline: string | null;
  /** Key readings ("CPU 72%"), said when there is no headline. */
  readings: readonly string[];
}

export interface PlanDecision {
  at: Date;
  userId: string;
  kind: 'ack' | 'snooze' | 'unsnooze' | 'done';
  /** What it was about: the action's text, as shown. */
  action: string;
  snoozeUntil: Date | null;
  /** Taken by Scale Review itself (a snooze ended because things got worse). */
  automatic: boolean;
}

export interface CapacityPlanViewModel {
  /** The latest review's period: "Week 50, 2026". */
  weekLabel: string;
  stage: PlanStage;
  estate: PlanEstate;
  actions: readonly PlanAction[];
  forecasts: readonly Forecast[];
  /** The latest review's indicators (the forecasts' labels). */
  indicators: readonly Indicator[];
  /** The plan's `forecast.minObservations`: when forecasts start (null: not said). */
  forecastMinReviews: number | null;
  weeks: readonly PlanWeek[];
  /** Newest first. */
  decisions: readonly PlanDecision[];
}

export const PLAN_SECTIONS = [
  { key: 'stage', heading: 'Stage and estate' },
  { key: 'actions', heading: 'Open actions' },
  { key: 'forecasts', heading: 'Forecasts' },
  { key: 'weeks', heading: 'Last eight weeks' },
  { key: 'decisions', heading: 'Decisions log' },
] as const;
export type PlanSectionKey = (typeof PLAN_SECTIONS)[number]['key'];

/** How a surface writes text: the canvas's Markdown, or Block Kit's mrkdwn. */
export interface PlanStyle {
  escape(text: string): string;
  mention(userId: string): string;
  date(date: Date): string;
  bold(text: string): string;
}

const STAGE_SOURCES = {
  done: 'set by a change marked done',
  configured: 'configured (infrastructure.stage)',
  carried: 'carried from earlier reviews',
  volume: "from this month's volume",
  storage: 'from the database size',
  default: 'assumed',
} as const satisfies Record<EstateFacts['stage']['source'], string>;

function stageLines(vm: CapacityPlanViewModel, s: PlanStyle): string[] {
  const { stage, estate } = vm;
  const volume =
    stage.conversationsThisMonth === null
      ? 'conversations this month: unknown'
      : `${formatCount(stage.conversationsThisMonth)} conversations this month`;
  const range = `${formatVolumeRange(stage.conversationsPerMonth)} conversations/month`;
  const how = stage.source === null ? '' : `, ${STAGE_SOURCES[stage.source]}`;
  const note = stage.note ? ` (${s.escape(stage.note)})` : '';
  const { servers, database } = estate;
  const max =
    servers.max !== null && servers.max !== servers.count ? ` of up to ${servers.max}` : '';
  const db =
    database === null
      ? "the stage's hosted database plan"
      : `${s.escape(database.name)}, ${formatCount(database.storageGb)} GB (${s.escape(database.note)})`;
  const cost =
    estate.monthlyCost === null
      ? "not stated (the stage's total is assumed)"
      : `$${formatCount(estate.monthlyCost)}`;
  return [
    `${s.bold(s.escape(`Stage ${stage.number} · ${stage.name}`))} (${range})${how}${note} · ${volume}`,
    `Servers: ${servers.count}${max} (${s.escape(servers.note)})`,
    `Database: ${db}`,
    `Measures in place: ${estate.measures.length === 0 ? 'none recorded' : estate.measures.map(s.escape).join(', ')}`,
    `Monthly cost: ${cost}`,
  ];
}

function stateText(action: PlanAction, s: PlanStyle): string {
  const who = action.owner ? s.mention(action.owner.userId) : '';
  const on = action.owner ? ` on ${s.date(action.owner.at)}` : '';
  switch (action.state) {
    case 'open':
      return 'open';
    case 'acknowledged':
      return `acknowledged by ${who}${on}`;
    case 'done':
      return `done by ${who}${on}`;
    case 'snoozed': {
      const until = action.snoozeUntil ? ` until ${s.date(action.snoozeUntil)}` : '';
      return `snoozed by ${who}${until}`;
    }
  }
}

function actionLine(action: PlanAction, s: PlanStyle): string {
  const parts = [`${SEVERITY_EMOJI[action.severity]} ${s.bold(s.escape(action.text))}`];
  parts.push(stateText(action, s));
  if (action.overdue) parts.push('decide now');
  else if (action.decideBy) parts.push(`decide by ${s.date(action.decideBy)}`);
  const cost = formatCostChange(action.cost);
  parts.push(s.escape(action.costNote ? `${cost} (${action.costNote})` : cost));
  return parts.join(' · ');
}

function weekLine(week: PlanWeek, s: PlanStyle): string {
  const label = s.escape(week.label);
  if (!week.observed) return `${label} · no review`;
  const stage = week.stage === null ? '' : ` · Stage ${week.stage}`;
  const said =
    week.headline ?? (week.readings.length > 0 ? week.readings.join(', ') : 'no readings');
  return `${label}${stage} · ${s.escape(said)}`;
}

function decisionLine(d: PlanDecision, s: PlanStyle): string {
  const who = d.automatic ? 'Scale Review' : s.mention(d.userId);
  const action = s.bold(s.escape(d.action));
  const until = d.snoozeUntil ? ` until ${s.date(d.snoozeUntil)}` : '';
  const did = {
    ack: `acknowledged ${action}`,
    snooze: `snoozed ${action}${until}`,
    unsnooze: `un-snoozed ${action}${d.automatic ? ' (it got worse)' : ''}`,
    done: `marked ${action} done`,
  }[d.kind];
  return `${s.date(d.at)} · ${who} ${did}`;
}

/** The lines of each section of the plan, in the surface's style (no heading, no bullets). */
export function planSectionLines(
  vm: CapacityPlanViewModel,
  style: PlanStyle,
): Record<PlanSectionKey, string[]> {
  const forecasts = forecastLines(vm.forecasts, vm.indicators, vm.forecastMinReviews, style.escape);
  return {
    stage: stageLines(vm, style),
    actions:
      vm.actions.length === 0 ? ['No open actions.'] : vm.actions.map((a) => actionLine(a, style)),
    forecasts: forecasts.length === 0 ? ['No forecast yet.'] : forecasts,
    weeks: vm.weeks.length === 0 ? ['No review yet.'] : vm.weeks.map((w) => weekLine(w, style)),
    decisions:
      vm.decisions.length === 0
        ? ['No decision yet.']
        : vm.decisions.map((d) => decisionLine(d, style)),
  };
}
