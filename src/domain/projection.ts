import { compareMilestones, type Milestone, planMilestones } from './engine/milestones.js';
import { stageForConversations } from './engine/stage.js';
import type { Plan } from './plan/schema.js';
import type {
  Projection,
  ProjectionCrossing,
  ProjectionRequest,
  ProjectionRow,
} from './projection-types.js';

export { stageForConversations } from './engine/stage.js';

export const MAX_PROJECTION_MONTHS = 120;

/** A projection request outside its domain (negative volume, growth <= -100%, months not 1..120). */
export class ProjectionInputError extends RangeError {
  readonly field: 'volume' | 'monthlyGrowthPercent' | 'months';

  constructor(
    field: ProjectionInputError['field'],
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProjectionInputError';
    this.field = field;
  }
}

function validate(request: ProjectionRequest): void {
  const { volume, monthlyGrowthPercent: growth, months } = request;
  if (typeof volume !== 'number' || !Number.isFinite(volume) || volume < 0) {
    throw new ProjectionInputError(
      'volume',
      `volume must be a finite number >= 0 (got ${String(volume)})`,
    );
  }
  if (typeof growth !== 'number' || !Number.isFinite(growth) || growth <= -100) {
    throw new ProjectionInputError(
      'monthlyGrowthPercent',
      `monthly growth must be a finite percentage above -100 (got ${String(growth)})`,
    );
  }
  if (!Number.isInteger(months) || months < 1 || months > MAX_PROJECTION_MONTHS) {
    throw new ProjectionInputError(
      'months',
      `months must be a whole number from 1 to ${MAX_PROJECTION_MONTHS} (got ${String(months)})`,
    );
  }
}

function ref(plan: Plan, conversations: number): { number: number; name: string } {
  const stage = stageForConversations(plan, conversations);
  return { number: stage.number, name: stage.name };
}

/** First month (1-based) whose volume is above the milestone, when the start is at or below it. */
function firstMonthAbove(rows: readonly ProjectionRow[], milestone: Milestone): number | null {
  const [start] = rows;
  if (!start || start.volume > milestone.atConversations) return null;
  return rows.find((r) => r.month >= 1 && r.volume > milestone.atConversations)?.month ?? null;
}

/**
 * Compound monthly growth: volume × (1 + g/100)^month for months 0..N, N capped at the plan's
 * `growth.maxMonths` (`cappedFrom` keeps the months asked for; rows unrounded;
 * `projectedVolume` rounded). Each stage boundary, `prepare` milestone and conversations trigger
 * crossed within the horizon is listed with the first month it is exceeded. The action is that of
 * the highest stage or prepare milestone crossed, else `plan.growth.noChangeAction`.
 */
export function project(asked: ProjectionRequest, plan: Plan): Projection {
  validate(asked);
  const capped = asked.months > plan.growth.maxMonths;
  const request = capped ? { ...asked, months: plan.growth.maxMonths } : asked;
  const factor = 1 + request.monthlyGrowthPercent / 100;
  const rows: ProjectionRow[] = Array.from({ length: request.months + 1 }, (_, month) => {
    const volume = request.volume * factor ** month;
    return { month, volume, stage: stageForConversations(plan, volume).number };
  });
  const finalVolume = rows[rows.length - 1]?.volume ?? request.volume;

  const crossed = planMilestones(plan).flatMap((milestone) => {
    const month = firstMonthAbove(rows, milestone);
    return month === null ? [] : [{ milestone, month }];
  });
  const crossings: ProjectionCrossing[] = [...crossed]
    .sort((a, b) => a.month - b.month || compareMilestones(a.milestone, b.milestone))
    .map(({ milestone, month }) => ({
      month,
      kind: milestone.kind,
      stage: milestone.stage,
      atConversations: milestone.atConversations,
      text: milestone.text,
    }));
  const actionable = crossed
    .map((c) => c.milestone)
    .filter((m) => m.kind !== 'trigger')
    .sort(compareMilestones);
  const highest = actionable[actionable.length - 1];

  return {
    request: { ...request },
    cappedFrom: capped ? asked.months : null,
    rows,
    projectedVolume: Math.round(finalVolume),
    currentStage: ref(plan, request.volume),
    projectedStage: ref(plan, finalVolume),
    crossings,
    action: highest ? highest.text : plan.growth.noChangeAction,
    stageBoundaries: plan.stages.slice(1).map((stage) => ({
      stage: stage.number,
      atConversations: stage.conversationsPerMonth.min,
    })),
  };
}
