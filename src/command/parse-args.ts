import type { SplitArgs } from './flags.js';
import { buildSubscribe } from './parse-subscribe.js';
import { fail, ok, type Step, showToken } from './tokenize.js';
import {
  COMMAND_NAMES,
  type Command,
  type CommandName,
  type CostTargetArg,
  type MetricsInput,
  type Surface,
} from './types.js';
import {
  AGENTS_RANGE,
  HISTORY_DEFAULT,
  HISTORY_RANGE,
  parseCostTarget,
  parseCount,
  parseGrowth,
  parseMonths,
  parseTeamId,
  parseVolume,
} from './values.js';

const COMMAND_LOOKUP = new Map<string, CommandName>(COMMAND_NAMES.map((name) => [name, name]));

export function toCommandName(token: string): CommandName | null {
  return COMMAND_LOOKUP.get(token.toLowerCase()) ?? null;
}

/** Turn a command's flags and positionals into a typed command. */
export function buildCommand(name: CommandName, args: SplitArgs, surface: Surface): Step<Command> {
  const { flags, positionals } = args;
  const json = flags.get('json') === true;
  switch (name) {
    case 'status':
      return statusTeam(args, buildStatus(args, surface));
    case 'project':
      return buildProject(positionals, json);
    case 'cost':
      return buildCost(args);
    case 'history':
      return withTeam(args, buildHistory(positionals, json));
    case 'subscribe':
      return buildSubscribe(positionals);
    case 'unsubscribe':
      return noArguments(name, positionals, { kind: 'unsubscribe' });
    case 'help':
      return buildHelp(positionals);
    case 'plan':
      return noArguments(name, positionals, { kind: 'plan', json });
    case 'digest':
      return buildDigest(args);
    case 'subscriptions':
      return withTeam(args, noArguments(name, positionals, { kind: 'subscriptions', json }));
  }
}

/** Adds CLI `--team T` to a built command (only present when given). */
function withTeam(args: SplitArgs, built: Step<Command>): Step<Command> {
  const team = args.flags.get('team');
  if (!built.ok || typeof team !== 'string') {
    return built;
  }
  const parsed = parseTeamId(team);
  return parsed.ok ? ok({ ...built.value, team: parsed.value }) : parsed;
}

function noArguments(name: CommandName, positionals: string[], command: Command): Step<Command> {
  const [first] = positionals;
  if (first !== undefined) {
    return fail(`${name} takes no arguments; ${showToken(first)} is unexpected`);
  }
  return ok(command);
}

function metricsInput(value: string | true | undefined): MetricsInput {
  if (typeof value !== 'string') {
    return null;
  }
  return value === '-' ? { kind: 'stdin' } : { kind: 'file', path: value };
}

function buildStatus({ flags, positionals }: SplitArgs, surface: Surface): Step<Command> {
  let isPublic = false;
  for (const token of positionals) {
    if (token.toLowerCase() !== 'public') {
      const hint = surface === 'slack' ? '; the only word it takes is `public`' : '';
      return fail(`status takes no arguments; ${showToken(token)} is unexpected${hint}`);
    }
    if (surface === 'cli') {
      return fail('`public` only works in Slack (/scale status public)');
    }
    isPublic = true;
  }
  return ok({
    kind: 'status',
    metrics: metricsInput(flags.get('metrics')),
    save: flags.get('save') === true,
    public: isPublic,
    json: flags.get('json') === true,
  });
}

/** `--team` names the team a saved review belongs to, so it needs `--save`. */
function statusTeam(args: SplitArgs, built: Step<Command>): Step<Command> {
  if (built.ok && args.flags.has('team') && args.flags.get('save') !== true) {
    return fail('--team needs --save (it names the team the review is saved for)');
  }
  return withTeam(args, built);
}

function buildProject(positionals: string[], json: boolean): Step<Command> {
  const [volumeToken, growthToken, monthsToken, extra] = positionals;
  if (volumeToken === undefined) {
    return fail('project needs a volume, e.g. project 2k 30% 3');
  }
  if (extra !== undefined) {
    return fail(
      `${showToken(extra)} is one argument too many: project takes <volume> [growth] [months]`,
    );
  }
  const volume = parseVolume(volumeToken);
  if (!volume.ok) {
    return volume;
  }
  const growth = growthToken === undefined ? ok(null) : parseGrowth(growthToken);
  if (!growth.ok) {
    return growth;
  }
  const months = monthsToken === undefined ? ok(null) : parseMonths(monthsToken);
  if (!months.ok) {
    return months;
  }
  return ok({
    kind: 'project',
    volume: volume.value,
    growthPercent: growth.value,
    months: months.value,
    json,
  });
}

function buildCost({ flags, positionals }: SplitArgs): Step<Command> {
  let target: CostTargetArg | null = null;
  const agentsFlag = flags.get('agents');
  let agents: number | null = null;
  if (typeof agentsFlag === 'string') {
    const parsed = parseCount(agentsFlag, 'a number of agents', AGENTS_RANGE);
    if (!parsed.ok) {
      return parsed;
    }
    agents = parsed.value;
  }
  for (let i = 0; i < positionals.length; i++) {
    const token = positionals[i] ?? '';
    const lower = token.toLowerCase();
    if (lower === 'agents' || lower === 'agent') {
      const next = positionals[i + 1];
      if (next === undefined) {
        return fail('agents needs a number, e.g. cost next agents 50');
      }
      if (agents !== null) {
        return fail('the number of agents is given twice');
      }
      const parsed = parseCount(next, 'a number of agents', AGENTS_RANGE);
      if (!parsed.ok) {
        return parsed;
      }
      agents = parsed.value;
      i++;
      continue;
    }
    if (target !== null) {
      return fail(
        `${showToken(token)} is unexpected: cost takes one stage (a number, next or current)`,
      );
    }
    // "stage 3" as two words.
    const joined =
      lower === 'stage' && positionals[i + 1] !== undefined ? `stage${positionals[++i]}` : token;
    const parsed = parseCostTarget(joined);
    if (!parsed.ok) {
      return parsed;
    }
    target = parsed.value;
  }
  return ok({
    kind: 'cost',
    target: target ?? 'next',
    agents,
    metrics: metricsInput(flags.get('metrics')),
    json: flags.get('json') === true,
  });
}

function buildHistory(positionals: string[], json: boolean): Step<Command> {
  const [countToken, extra] = positionals;
  if (extra !== undefined) {
    return fail(`${showToken(extra)} is one argument too many: history takes [n]`);
  }
  if (countToken === undefined) {
    return ok({ kind: 'history', count: HISTORY_DEFAULT, json });
  }
  const count = parseCount(countToken, 'a number of reviews', HISTORY_RANGE);
  return count.ok ? ok({ kind: 'history', count: count.value, json }) : count;
}

function buildHelp(positionals: string[]): Step<Command> {
  const [topicToken, extra] = positionals;
  if (extra !== undefined) {
    return fail(`${showToken(extra)} is unexpected: help takes one command name`);
  }
  if (topicToken === undefined) {
    return ok({ kind: 'help', topic: null });
  }
  const topic = toCommandName(topicToken);
  if (topic === null) {
    return fail(`${showToken(topicToken)} is not a command; try \`help\``);
  }
  return ok({ kind: 'help', topic });
}

function buildDigest({ flags, positionals }: SplitArgs): Step<Command> {
  const [first] = positionals;
  if (first !== undefined) {
    return fail(`digest takes no arguments; ${showToken(first)} is unexpected`);
  }
  if (flags.get('now') !== true) {
    return fail('digest needs --now (scheduled digests run inside the bot)');
  }
  const channel = flags.get('channel');
  if (typeof channel === 'string' && !/^[CGD][A-Z0-9]{6,20}$/.test(channel)) {
    return fail(`${showToken(channel)} is not a Slack channel id; use the id, e.g. C0123456789`);
  }
  return ok({ kind: 'digest', now: true, channel: typeof channel === 'string' ? channel : null });
}
