import { costChange, exactly } from './cost-change.js';
import { rangeSum } from './engine/ranges.js';
import type { Plan, Stage } from './plan/schema.js';
import type { CostReport, HelpdeskComparison, StageCost } from './projection-types.js';

/** A stage number, `next` (current + 1, capped at the last stage) or `current`. */
export type CostTarget = number | 'next' | 'current';

export interface CostOptions {
  currentStage: number;
  target: CostTarget;
  /** Agents for the helpdesk comparison; default: the target stage's largest team, else the plan's example. */
  agents?: number;
  /** What the team pays per month now (`infrastructure.monthlyCost`): the change is against it. */
  monthlyCost?: number;
}

/** A stage number that the plan does not have. The message lists the valid stages. */
export class UnknownStageError extends RangeError {
  readonly stage: unknown;
  readonly validStages: number[];

  constructor(stage: unknown, validStages: number[], options?: { cause?: unknown }) {
    super(
      `stage ${String(stage)} does not exist; valid stages: ${validStages.join(', ')}`,
      options,
    );
    this.name = 'UnknownStageError';
    this.stage = stage;
    this.validStages = validStages;
  }
}

/** An agent count that is not a whole number >= 1. */
export class InvalidAgentsError extends RangeError {
  constructor(agents: unknown, options?: { cause?: unknown }) {
    super(`agents must be a whole number >= 1 (got ${String(agents)})`, options);
    this.name = 'InvalidAgentsError';
  }
}

function findStage(plan: Plan, number: unknown): Stage {
  const stage = plan.stages.find((s) => s.number === number);
  if (!stage)
    throw new UnknownStageError(
      number,
      plan.stages.map((s) => s.number),
    );
  return stage;
}

function resolveTarget(plan: Plan, current: Stage, target: CostTarget): Stage {
  if (target === 'current') return current;
  if (target === 'next') return plan.stages.find((s) => s.number === current.number + 1) ?? current;
  return findStage(plan, target);
}

export function stageCost(stage: Stage): StageCost {
  return {
    stage: { number: stage.number, name: stage.name },
    components: stage.components.map((c) => ({ ...c, monthlyCost: { ...c.monthlyCost } })),
    componentTotal: rangeSum(stage.components.map((c) => c.monthlyCost)),
    totalCost: { ...stage.totalCost },
    plusWhatsAppFees: stage.plusWhatsAppFees,
  };
}

function helpdesk(plan: Plan, target: Stage, agents: number | undefined): HelpdeskComparison {
  if (agents !== undefined && (!Number.isInteger(agents) || agents < 1))
    throw new InvalidAgentsError(agents);
  const fromStage = target.teamSize.max;
  const [count, source]: [number, HelpdeskComparison['agentsSource']] =
    agents !== undefined
      ? [agents, 'argument']
      : fromStage !== null
        ? [fromStage, 'stage']
        : [plan.helpdesk.exampleAgents, 'example'];
  const monthly = count * plan.helpdesk.pricePerAgentMonthly;
  return {
    name: plan.helpdesk.name,
    agents: count,
    agentsSource: source,
    pricePerAgentMonthly: plan.helpdesk.pricePerAgentMonthly,
    monthly,
    savings: {
      min: target.totalCost.max === null ? null : monthly - target.totalCost.max,
      max: monthly - target.totalCost.min,
    },
  };
}

/**
 * The monthly cost of the current and target stages (components, component sum and the seed's
 * total), the change (the one cost convention of src/domain/cost-change.ts, against what the team
 * pays when it said), and the per-seat helpdesk comparison for the target stage.
 */
export function costReport(plan: Plan, options: CostOptions): CostReport {
  const current = findStage(plan, options.currentStage);
  const target = resolveTarget(plan, current, options.target);
  return {
    current: stageCost(current),
    target: stageCost(target),
    delta: costChange(
      options.monthlyCost === undefined ? current.totalCost : exactly(options.monthlyCost),
      target.totalCost,
    ),
    helpdesk: helpdesk(plan, target, options.agents),
  };
}
