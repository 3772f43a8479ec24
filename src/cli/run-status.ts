import type { StatusCommand } from '../command/types.js';
import { review } from '../domain/review.js';
import { CliInputError, EXIT_CODES, type ExitCode } from './exit.js';
import { formatStatus } from './format-status.js';
import type { CliIo } from './io.js';
import { statusJson } from './json-shapes.js';
import { loadConfig, loadMetrics, NO_METRICS_SOURCE } from './load-context.js';

/** `status [--metrics FILE|-] [--json]`: review the metrics against the plan and print the panel. */
export async function runStatus(command: StatusCommand, io: CliIo): Promise<ExitCode> {
  if (command.save) {
    throw new CliInputError('--save needs the review store, which is not available yet');
  }
  const config = await loadConfig(io);
  const metrics = await loadMetrics(command.metrics, config, io);
  if (metrics === null) {
    throw new CliInputError(NO_METRICS_SOURCE);
  }
  const now = io.now();
  const result = review(metrics.snapshot, config.plan, { now, quality: metrics.quality });
  if (command.json) {
    io.stdout(`${JSON.stringify(statusJson(result), null, 2)}\n`);
    return EXIT_CODES.ok;
  }
  io.stdout(formatStatus(result, now, metrics.description));
  return EXIT_CODES.ok;
}
