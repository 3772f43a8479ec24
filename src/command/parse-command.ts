import { z } from 'zod';
import { isFlagLike, splitArgs } from './flags.js';
import { buildCommand, toCommandName } from './parse-args.js';
import { closest, showToken, tokenize } from './tokenize.js';
import {
  acceptsSurface,
  COMMAND_NAMES,
  type Command,
  type CommandName,
  type ParseResult,
  SURFACES,
  type Surface,
} from './types.js';
import { usageFor } from './usage.js';
import { parseVolume } from './values.js';

// The boundary: Slack payloads and argv arrive untyped at run time, whatever TypeScript says.
const inputSchema = z.union([z.string(), z.array(z.string())]);
const surfaceSchema = z.enum(SURFACES);

function failure(topic: CommandName | null, surface: Surface, message: string): ParseResult {
  return { ok: false, error: { message, usage: usageFor(topic, surface), topic } };
}

const success = (command: Command): ParseResult => ({ ok: true, command });

/**
 * Parse command text (Slack: "project 2k 30% 3") or argv (CLI: ["project", "2k", "30%", "3"]) into a
 * typed command, or an error that names the offending token and carries the command's usage.
 * Never throws: whatever the input, the answer is a result.
 */
export function parseCommand(input: string | readonly string[], surface: Surface): ParseResult {
  try {
    return parseCommandStrict(input, surface);
  } catch (error) {
    // A bug in a value parser must not take down a Slack handler; report it as a parse failure
    // with the reason, so it is visible and can be fixed (the fuzz test asserts this never happens).
    const reason = error instanceof Error ? error.message : describeThrown(error);
    return failure(null, 'cli', `could not read this command (internal error: ${reason})`);
  }
}

/** Whatever was thrown, as text: String() itself throws for an object whose toString is not a function. */
function describeThrown(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** The parser without its safety net; exported for the property tests. */
export function parseCommandStrict(input: unknown, surface: unknown): ParseResult {
  const checkedSurface = surfaceSchema.safeParse(surface);
  if (!checkedSurface.success) {
    return failure(null, 'cli', 'unknown surface: expected slack or cli');
  }
  const where = checkedSurface.data;
  const checkedInput = inputSchema.safeParse(input);
  if (!checkedInput.success) {
    return failure(null, where, 'the command must be text');
  }
  const tokens = tokenize(checkedInput.data, where);
  if (!tokens.ok) {
    return failure(null, where, tokens.message);
  }
  const [first] = tokens.value;
  if (first === undefined) {
    return success(defaultStatus());
  }
  // Options without a command ("--metrics x.json", "--help") belong to the default command, status.
  const implicit = isFlagLike(first);
  const name = implicit ? 'status' : toCommandName(first);
  if (name === null) {
    return failure(null, where, unknownCommandMessage(first, where));
  }
  if (!acceptsSurface(name, where)) {
    return failure(null, where, wrongSurfaceMessage(name, where));
  }
  const args = splitArgs(name, implicit ? tokens.value : tokens.value.slice(1), where);
  if (!args.ok) {
    return failure(name, where, args.message);
  }
  if (args.value.flags.get('help') === true) {
    return success({ kind: 'help', topic: implicit ? null : name });
  }
  const command = buildCommand(name, args.value, where);
  return command.ok ? success(command.value) : failure(name, where, command.message);
}

function defaultStatus(): Command {
  return { kind: 'status', metrics: null, save: false, public: false, json: false };
}

function unknownCommandMessage(token: string, surface: Surface): string {
  const shown = showToken(token);
  if (parseVolume(token).ok) {
    return `${shown} is not a command; did you mean \`project ${token}\`?`;
  }
  const available = COMMAND_NAMES.filter((n) => acceptsSurface(n, surface));
  const guess = closest(token, available);
  const hint = guess === null ? '' : ` did you mean \`${guess}\`?`;
  return `${shown} is not a command;${hint} try \`help\``;
}

/** A command typed where it does not run: where it does (`npx scale-review`, README "CLI"). */
export function wrongSurfaceMessage(name: CommandName, surface: Surface): string {
  if (surface === 'slack') {
    return `\`${name}\` is a command-line command: run \`npx scale-review ${name}\` where Scale Review is installed`;
  }
  return `\`${name}\` works in Slack only: type \`/scale ${name}\` in a channel`;
}
