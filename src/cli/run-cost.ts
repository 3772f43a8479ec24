import type { CostCommand } from '../command/types.js';
import { costReport } from '../domain/cost.js';
import { review } from '../domain/review.js';
import { optionalMetrics } from './cli-metrics.js';
import { loadRuntime } from './cli-runtime.js';
import { EXIT_CODES, type ExitCode } from './exit.js';
import { formatCost } from './format-cost.js';
import type { CliIo } from './io.js';
import { costJson } from './json-shapes.js';

/**
 * `cost [stage|next|current] [--agents N] [--metrics FILE|-] [--json]`. The current stage comes from
 * the metrics when there are any (the review's stage), else it is the plan's first stage.
 */
export async function runCost(command: CostCommand, io: CliIo): Promise<ExitCode> {
  const runtime = await loadRuntime(io);
  const { config } = runtime;
  const metrics = await optionalMetrics(command.metrics, runtime, io);
  const firstStage = config.plan.stages[0]?.number ?? 1;
  const currentStage =
    metrics === null
      ? firstStage
      : review(metrics.snapshot, config.plan, { now: io.now(), quality: metrics.quality }).stage
          .number;
  const report = costReport(config.plan, {
    currentStage,
    target: command.target,
    ...(command.agents === null ? {} : { agents: command.agents }),
  });
  if (command.json) {
    const source = metrics === null ? 'default' : 'metrics';
    io.stdout(`${JSON.stringify(costJson(report, source), null, 2)}\n`);
    return EXIT_CODES.ok;
  }
  io.stdout(formatCost(report, metrics === null ? null : `from ${metrics.source.description}`));
  return EXIT_CODES.ok;
}
