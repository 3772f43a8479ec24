import { stringify } from 'yaml';
import { parseCommand } from '../command/parse-command.js';
import type { Command, PlanCommand } from '../command/types.js';
import { helpText, usageFor } from '../command/usage.js';
import { loadRuntime } from './cli-runtime.js';
import { CliInputError, EXIT_CODES, type ExitCode, reportError, reportUsageError } from './exit.js';
import type { CliIo } from './io.js';
import { runCost } from './run-cost.js';
import { runDigestNow } from './run-digest-now.js';
import { runHistoryCommand } from './run-history.js';
import { runProject } from './run-project.js';
import { runStatus } from './run-status.js';
import { runSubscriptions } from './run-subscriptions.js';

export type { CliIo } from './io.js';

/**
 * The CLI: parse argv with the shared grammar, run the command, print to the injected writers.
 * Returns the exit code: 0 done; 2 bad input (one line plus usage on stderr) or a setup to fix
 * (store locked, metrics or Slack not configured: one line with the fix); 1 a service failed at
 * run time (store, metrics, Slack; a digest channel that failed) or an internal error.
 * Never throws.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const parsed = parseCommand(argv, 'cli');
  if (!parsed.ok) {
    return reportUsageError(io.stderr, parsed.error.message, parsed.error.usage);
  }
  const { command } = parsed;
  try {
    return await dispatch(command, io);
  } catch (error) {
    const topic = command.kind === 'help' ? null : command.kind;
    return reportError(io.stderr, error, usageFor(topic, 'cli'));
  }
}

function dispatch(command: Command, io: CliIo): Promise<ExitCode> {
  switch (command.kind) {
    case 'status':
      return runStatus(command, io);
    case 'project':
      return runProject(command, io);
    case 'cost':
      return runCost(command, io);
    case 'plan':
      return runPlan(command, io);
    case 'help':
      io.stdout(`${helpText(command.topic, 'cli')}\n`);
      return Promise.resolve(EXIT_CODES.ok);
    case 'history':
      return runHistoryCommand(command, io);
    case 'subscriptions':
      return runSubscriptions(command, io);
    case 'digest':
      return runDigestNow(command, io);
    case 'subscribe':
    case 'unsubscribe':
      // The parser refuses Slack-only commands on the CLI surface; kept for exhaustiveness.
      return Promise.reject(new CliInputError(`${command.kind} works in Slack only`));
  }
}

/** `plan [--json]`: the effective plan (defaults plus the config file's overrides). */
async function runPlan(command: PlanCommand, io: CliIo): Promise<ExitCode> {
  const { config } = await loadRuntime(io);
  const source = config.path === null ? 'defaults (no config file)' : `defaults + ${config.path}`;
  if (command.json) {
    io.stdout(`${JSON.stringify(config.plan, null, 2)}\n`);
    return EXIT_CODES.ok;
  }
  io.stdout(`# Effective scaling plan: ${source}\n${stringify(config.plan, { lineWidth: 0 })}`);
  return EXIT_CODES.ok;
}
