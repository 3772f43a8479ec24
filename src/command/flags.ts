import { closest, fail, ok, type Step, showToken } from './tokenize.js';
import type { CommandName, Surface } from './types.js';

const FLAG_NAMES = ['json', 'metrics', 'save', 'now', 'channel', 'team', 'agents', 'help'] as const;
export type FlagName = (typeof FLAG_NAMES)[number];

interface FlagSpec {
  /** What the value must be, for flags that take one; null for switches. */
  value: string | null;
  surfaces: readonly Surface[];
  /** The commands that accept the flag; null = every command. */
  commands: readonly CommandName[] | null;
}

const FLAGS = {
  json: {
    value: null,
    surfaces: ['cli'],
    commands: ['status', 'project', 'cost', 'history', 'plan', 'subscriptions'],
  },
  metrics: {
    value: 'a file path, or - for stdin',
    surfaces: ['cli'],
    commands: ['status', 'cost'],
  },
  save: { value: null, surfaces: ['cli'], commands: ['status'] },
  now: { value: null, surfaces: ['cli'], commands: ['digest'] },
  channel: { value: 'a channel id, e.g. C0123456789', surfaces: ['cli'], commands: ['digest'] },
  team: {
    value: 'a team id, e.g. T0123ABCD or local',
    surfaces: ['cli'],
    commands: ['status', 'history', 'subscriptions'],
  },
  agents: { value: 'a number of agents, e.g. 50', surfaces: ['cli'], commands: ['cost'] },
  help: { value: null, surfaces: ['slack', 'cli'], commands: null },
} as const satisfies Record<FlagName, FlagSpec>;

// A Map, so that `--constructor` or `--__proto__` find nothing.
const FLAG_LOOKUP = new Map<string, FlagName>(FLAG_NAMES.map((name) => [name, name]));

export interface SplitArgs {
  flags: Map<FlagName, string | true>;
  positionals: string[];
}

/** A token is a flag when it starts with `--`, or is `-h`. `-5%` and `-` are positionals. */
export function isFlagLike(token: string): boolean {
  return (
    token.startsWith('--') || (token.startsWith('-') && token.length > 1 && !/^-[\d.]/.test(token))
  );
}

/** Separate flags from positional arguments, checking each flag against the command and surface. */
export function splitArgs(
  command: CommandName,
  tokens: readonly string[],
  surface: Surface,
): Step<SplitArgs> {
  const flags = new Map<FlagName, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    if (/^[\u2013\u2014]/.test(token)) {
      return fail(
        `${showToken(token)} starts with a long dash; type options with two hyphens (--)`,
      );
    }
    if (!isFlagLike(token)) {
      positionals.push(token);
      continue;
    }
    const parsed = parseFlagToken(token);
    const name = parsed.name === null ? null : (FLAG_LOOKUP.get(parsed.name) ?? null);
    const checked = checkFlag(name, token, command, surface);
    if (!checked.ok) {
      return checked;
    }
    const spec: FlagSpec = FLAGS[checked.value];
    if (spec.value === null) {
      if (parsed.inline !== null) {
        return fail(`${showToken(token)}: --${checked.value} takes no value`);
      }
      flags.set(checked.value, true);
      continue;
    }
    if (flags.has(checked.value)) {
      return fail(`--${checked.value} is given twice`);
    }
    const next = tokens[i + 1];
    const value = parsed.inline ?? (next !== undefined && !next.startsWith('--') ? next : null);
    if (value === null || value === '') {
      return fail(`--${checked.value} needs a value: ${spec.value}`);
    }
    if (parsed.inline === null) {
      i++;
    }
    flags.set(checked.value, value);
  }
  return ok({ flags, positionals });
}

function parseFlagToken(token: string): { name: string | null; inline: string | null } {
  if (token === '-h') {
    return { name: 'help', inline: null };
  }
  if (!token.startsWith('--')) {
    return { name: null, inline: null };
  }
  const body = token.slice(2);
  const eq = body.indexOf('=');
  if (eq === -1) {
    return { name: body.toLowerCase(), inline: null };
  }
  return { name: body.slice(0, eq).toLowerCase(), inline: body.slice(eq + 1) };
}

function checkFlag(
  name: FlagName | null,
  token: string,
  command: CommandName,
  surface: Surface,
): Step<FlagName> {
  const shown = showToken(token);
  if (name === null) {
    const guess = token.startsWith('--')
      ? closest(token.slice(2).split('=')[0] ?? '', FLAG_NAMES)
      : null;
    const hint = guess === null ? '' : `; did you mean \`--${guess}\`?`;
    return fail(`${shown} is not an option${hint}`);
  }
  const spec: FlagSpec = FLAGS[name];
  if (!spec.surfaces.includes(surface)) {
    return fail(`${shown} only works in the command-line tool (scale-review)`);
  }
  if (spec.commands !== null && !spec.commands.includes(command)) {
    return fail(`${shown} is not an option of ${command}`);
  }
  return ok(name);
}
