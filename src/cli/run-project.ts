import type { ProjectCommand } from '../command/types.js';
import type { Plan } from '../domain/plan/schema.js';
import { project } from '../domain/projection.js';
import type { ProjectionRequest } from '../domain/projection-types.js';
import { loadRuntime } from './cli-runtime.js';
import { EXIT_CODES, type ExitCode } from './exit.js';
import { formatProjection } from './format-project.js';
import type { CliIo } from './io.js';
import { projectJson } from './json-shapes.js';

/**
 * Resolve the command's defaults: growth from the argument, else history (when a store exists),
 * else the plan default; months from the argument, else the plan default.
 */
function projectionRequest(
  command: ProjectCommand,
  plan: Plan,
  historyGrowthPercent: number | null = null,
): ProjectionRequest {
  const months = command.months ?? plan.growth.defaultMonths;
  if (command.growthPercent !== null) {
    return {
      volume: command.volume,
      monthlyGrowthPercent: command.growthPercent,
      months,
      growthSource: 'argument',
    };
  }
  if (historyGrowthPercent !== null) {
    return {
      volume: command.volume,
      monthlyGrowthPercent: historyGrowthPercent,
      months,
      growthSource: 'history',
    };
  }
  return {
    volume: command.volume,
    monthlyGrowthPercent: plan.growth.defaultMonthlyPercent,
    months,
    growthSource: 'plan',
  };
}

/** `project <volume> [growth] [months] [--json]`. The CLI has no history yet: growth defaults to the plan's. */
export async function runProject(command: ProjectCommand, io: CliIo): Promise<ExitCode> {
  const { config } = await loadRuntime(io);
  const projection = project(projectionRequest(command, config.plan), config.plan);
  if (command.json) {
    io.stdout(`${JSON.stringify(projectJson(projection), null, 2)}\n`);
    return EXIT_CODES.ok;
  }
  io.stdout(formatProjection(projection, config.plan));
  return EXIT_CODES.ok;
}
