import { acceptsSurface, COMMAND_NAMES, type CommandName, type Surface } from './types.js';

/** A line of a command's details: for both surfaces, or for one (`{ cli: '--save …' }`). */
type Detail = string | { readonly slack: string } | { readonly cli: string };

/** The one place where each command's usage lives. The CLI help and the Slack help both render it. */
interface CommandDoc {
  /** Arguments after the command name, per surface. */
  args: { slack: string; cli: string };
  summary: string;
  /** Each surface shows its own lines: no CLI flag in `/scale help`, no Slack word in the CLI's. */
  details: readonly Detail[];
  example: string;
}

export const COMMAND_DOCS = {
  status: {
    args: { slack: '[public]', cli: '[--metrics FILE|-] [--save [--team T]] [--json]' },
    summary: 'the current Scaling Indicators, stage and recommendation',
    details: [
      { slack: 'The command alone, with no text, is the same as `status`.' },
      { slack: '`public` posts the answer to the channel instead of only to you.' },
      {
        slack:
          'The review is stored: Acknowledge and Snooze are recorded on it, and `history` lists it.',
      },
      { cli: 'No command is the same as `status`.' },
      { cli: '`--metrics FILE` reads a metrics snapshot JSON file; `-` reads it from stdin.' },
      { cli: '  Without it, the metrics source configured in scale-review.yml is used.' },
      { cli: '`--save` stores the review in the configured store and prints its id;' },
      { cli: '  `--team T` names the team it is saved for (default: local).' },
    ],
    example: 'status',
  },
  project: {
    args: { slack: '<volume> [growth] [months]', cli: '<volume> [growth] [months] [--json]' },
    summary: 'project conversations/month with compound monthly growth',
    details: [
      'volume: conversations per month now, e.g. 2000, 2,000, 2k or 2.5K.',
      'growth: monthly growth, 30% or 30 (both 30%/month; 0 and negative allowed, above -100%).',
      {
        slack:
          "  Default: the growth observed in this workspace's reviews when known, else the plan default (20%/month).",
      },
      {
        cli: '  Default: the plan default (20%/month); the command line does not read the history.',
      },
      "months: the horizon, 1 to 120 (default 3); capped at the plan's growth.maxMonths (36 by default).",
    ],
    example: 'project 2k 30% 3',
  },
  cost: {
    args: {
      slack: '[stage|next|current] [agents N]',
      cli: '[stage|next|current] [--agents N] [--metrics FILE|-] [--json]',
    },
    summary: 'monthly cost of a stage, the change from now, and the per-seat helpdesk comparison',
    details: [
      'stage: a stage number (1-4 in the default plan), `next` (default) or `current`.',
      "agents N: agents for the helpdesk comparison (default: the target stage's largest team,",
      '  else the plan example of 50).',
      { slack: "The current stage is the latest review's (stage 1 before the first review)." },
      {
        cli: 'The current stage comes from `--metrics` (else the configured source); without metrics it is stage 1.',
      },
    ],
    example: 'cost next agents 50',
  },
  history: {
    args: { slack: '[n]', cli: '[n] [--team T] [--json]' },
    summary: 'the latest reviews with their decisions',
    details: [
      'n: how many reviews, 1 to 50 (default 5).',
      { slack: 'A snooze still in force gets an Un-snooze button.' },
      {
        cli: '--team T: the team whose reviews are listed (default: local, the team of status --save).',
      },
    ],
    example: 'history 10',
  },
  subscribe: {
    args: { slack: '[day time] [timezone]', cli: '[day time] [timezone]' },
    summary: 'post the weekly digest in this channel (default Monday 09:00, your Slack time zone)',
    details: [
      'day: monday..sunday or mon..sun.',
      'time: 09:00, 9:00, 9am or 5:30pm.',
      'timezone: an IANA name such as Europe/Paris or America/New_York.',
      'Scale Review must be in the channel: `/invite @Scale Review` first (not in a DM).',
    ],
    example: 'subscribe mon 9am Europe/Paris',
  },
  unsubscribe: {
    args: { slack: '', cli: '' },
    summary: "stop this channel's weekly digest",
    details: [],
    example: 'unsubscribe',
  },
  subscriptions: {
    args: { slack: '', cli: '[--team T] [--json]' },
    summary: 'list the digest subscriptions, their next run and their last result',
    details: [
      {
        slack:
          "This channel's weekly digest, then the other channels of the workspace: who subscribed and when, the next run, the last result.",
      },
      { cli: '--team T: only the subscriptions of this Slack team id (default: every team).' },
    ],
    example: 'subscriptions',
  },
  help: {
    args: { slack: '[command]', cli: '[command]' },
    summary: 'this help, or the details of one command',
    details: [],
    example: 'help project',
  },
  plan: {
    args: { slack: '', cli: '[--json]' },
    summary: 'print the effective scaling plan (defaults plus scale-review.yml), as YAML or JSON',
    details: [],
    example: 'plan --json',
  },
  digest: {
    args: { slack: '', cli: '--now [--channel C]' },
    summary: 'run the weekly digest now, through the same exactly-once path',
    details: [
      'Without --channel: every subscription that is due now (the bot does this every minute).',
      '--channel C: this channel id (e.g. C0123456789) now, due or not; a period already sent is skipped.',
      'Needs SLACK_BOT_TOKEN (xoxb-...); the store and metrics are the ones the bot uses.',
    ],
    example: 'digest --now --channel C0123456789',
  },
} as const satisfies Record<CommandName, CommandDoc>;

const SURFACE_PREFIX = { slack: '/scale', cli: 'scale-review' } as const satisfies Record<
  Surface,
  string
>;

/** The details of one command as a surface shows them. */
export function detailsFor(name: CommandName, surface: Surface): string[] {
  const details: readonly Detail[] = COMMAND_DOCS[name].details;
  return details.flatMap((d) => {
    if (typeof d === 'string') return [d];
    return surface in d ? [(d as Record<Surface, string>)[surface]] : [];
  });
}

export function commandsFor(surface: Surface): CommandName[] {
  return COMMAND_NAMES.filter((name) => acceptsSurface(name, surface));
}

/**
 * "/scale project <volume> [growth] [months]". `prefix` replaces the surface's own (Slack: the
 * slash command as the user typed it, when a workspace renamed `/scale` in its manifest).
 */
export function commandSynopsis(
  name: CommandName,
  surface: Surface,
  prefix: string = SURFACE_PREFIX[surface],
): string {
  const args = COMMAND_DOCS[name].args[surface];
  return [prefix, name, args].filter((part) => part !== '').join(' ');
}

/** The usage printed after an error about one command (or about no command in particular). */
export function usageFor(
  name: CommandName | null,
  surface: Surface,
  prefix: string = SURFACE_PREFIX[surface],
): string {
  if (name === null) {
    const lines = commandsFor(surface).map((n) => `  ${commandSynopsis(n, surface, prefix)}`);
    return ['Usage:', ...lines].join('\n');
  }
  return `Usage: ${commandSynopsis(name, surface, prefix)}  (more: ${prefix} help ${name})`;
}

/** The full help: every command with its summary, or one command with its details and example. */
export function helpText(topic: CommandName | null, surface: Surface): string {
  const prefix = SURFACE_PREFIX[surface];
  if (topic === null) {
    const lines = commandsFor(surface).map(
      (n) => `  ${commandSynopsis(n, surface)}\n      ${COMMAND_DOCS[n].summary}`,
    );
    return [
      'Scale Review: the weekly scaling review.',
      '',
      'Commands:',
      ...lines,
      '',
      `Details of one command: ${prefix} help <command>`,
    ].join('\n');
  }
  const doc: CommandDoc = COMMAND_DOCS[topic];
  return [
    `${commandSynopsis(topic, surface)}`,
    `  ${doc.summary}`,
    ...detailsFor(topic, surface).map((line) => `  ${line}`),
    `Example: ${prefix} ${doc.example}`,
  ].join('\n');
}
