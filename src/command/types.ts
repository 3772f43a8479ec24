import type { WeeklySchedule } from '../domain/schedule.js';

/** The surfaces that share the command grammar. */
export const SURFACES = ['slack', 'cli'] as const;
export type Surface = (typeof SURFACES)[number];

export const COMMAND_NAMES = [
  'status',
  'project',
  'cost',
  'history',
  'subscribe',
  'unsubscribe',
  'subscriptions',
  'help',
  'plan',
  'digest',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** Which surface accepts which command. */
const COMMAND_SURFACES = {
  status: ['slack', 'cli'],
  project: ['slack', 'cli'],
  cost: ['slack', 'cli'],
  history: ['slack', 'cli'],
  subscribe: ['slack'],
  unsubscribe: ['slack'],
  help: ['slack', 'cli'],
  plan: ['cli'],
  digest: ['cli'],
  subscriptions: ['slack', 'cli'],
} as const satisfies Record<CommandName, readonly Surface[]>;

/** Whether `surface` accepts the command `name`. */
export function acceptsSurface(name: CommandName, surface: Surface): boolean {
  const surfaces: readonly Surface[] = COMMAND_SURFACES[name];
  return surfaces.includes(surface);
}

export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface TimeOfDay {
  hour: number;
  minute: number;
}

/** Where `status` reads its metrics: a JSON file, stdin (`-`), or the configured source. */
export type MetricsInput = { kind: 'file'; path: string } | { kind: 'stdin' } | null;

/** Cost target: a stage number, the stage after the current one, or the current stage. */
export type CostTargetArg = number | 'next' | 'current';

export interface StatusCommand {
  kind: 'status';
  /** CLI `--metrics FILE|-`; null = the configured metrics source. */
  metrics: MetricsInput;
  /** CLI `--save`: store the review. */
  save: boolean;
  /** CLI `--team T` (with `--save`): the team the review is saved for; absent = the CLI's default. */
  team?: string;
  /** Slack `public`: post to the channel instead of an ephemeral reply. */
  public: boolean;
  json: boolean;
}

export interface ProjectCommand {
  kind: 'project';
  /** Conversations per month now. */
  volume: number;
  /** Monthly growth in percent; null = from history when known, else the plan default. */
  growthPercent: number | null;
  /** Horizon in months; null = the plan default (3). */
  months: number | null;
  json: boolean;
}

export interface CostCommand {
  kind: 'cost';
  /** Defaults to `next`. */
  target: CostTargetArg;
  /** Agents for the helpdesk comparison; null = the plan's example. */
  agents: number | null;
  /** CLI `--metrics FILE|-`: where the current stage comes from; null = configured source or stage 1. */
  metrics: MetricsInput;
  json: boolean;
}

export interface HistoryCommand {
  kind: 'history';
  /** How many reviews, 1..50 (default 5). */
  count: number;
  json: boolean;
  /** CLI `--team T`: the team whose stored records are used; absent = the CLI's default team. */
  team?: string;
}

export interface SubscribeCommand {
  kind: 'subscribe';
  /** Day and local time; null = the default (Monday 09:00, `DEFAULT_SCHEDULE`). */
  schedule: WeeklySchedule | null;
  /** IANA time zone; null = the user's Slack time zone. */
  timezone: string | null;
}

export interface UnsubscribeCommand {
  kind: 'unsubscribe';
}

export interface HelpCommand {
  kind: 'help';
  topic: CommandName | null;
}

export interface PlanCommand {
  kind: 'plan';
  json: boolean;
}

export interface DigestCommand {
  kind: 'digest';
  /** Always true: the only digest the CLI runs is an immediate one. */
  now: true;
  /** Slack channel id; null = every subscribed channel due. */
  channel: string | null;
}

export interface SubscriptionsCommand {
  kind: 'subscriptions';
  json: boolean;
  /** CLI `--team T`: only this team's subscriptions; absent = every team. */
  team?: string;
}

export type Command =
  | StatusCommand
  | ProjectCommand
  | CostCommand
  | HistoryCommand
  | SubscribeCommand
  | UnsubscribeCommand
  | HelpCommand
  | PlanCommand
  | DigestCommand
  | SubscriptionsCommand;

export interface CommandError {
  /** One line naming the problem, e.g. "`2x` is not a volume; try 2000 or 2k". */
  message: string;
  /** Usage of the command concerned (or the general usage), ready to print. */
  usage: string;
  /** The command the error concerns, when known. */
  topic: CommandName | null;
}

export type ParseResult = { ok: true; command: Command } | { ok: false; error: CommandError };
