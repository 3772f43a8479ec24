import type { Plan, Stage } from '../plan/schema.js';
import type { StageRef } from '../review-types.js';

/**
 * The stage whose conversation range holds `conversations`. Ranges are (min, max]: exactly 1,000
 * is stage 1 and 1,001 is stage 2; 0 (and anything below the first range) is stage 1; the last
 * stage is open-ended.
 */
export function stageForConversations(plan: Plan, conversations: number): Stage {
  const found = plan.stages.find(
    (stage) =>
      stage.conversationsPerMonth.max === null || conversations <= stage.conversationsPerMonth.max,
  );
  return found ?? lastStage(plan);
}

/** The smallest stage whose database storage limit holds `dbSizeMb` (the last stage when none does). */
export function stageForDbSize(plan: Plan, dbSizeMb: number): Stage {
  return plan.stages.find((stage) => dbSizeMb <= stage.dbStorageLimitMb) ?? lastStage(plan);
}

export function firstStage(plan: Plan): Stage {
  const first = plan.stages[0];
  if (!first) throw new Error('the plan has no stages');
  return first;
}

export function lastStage(plan: Plan): Stage {
  const last = plan.stages[plan.stages.length - 1];
  if (!last) throw new Error('the plan has no stages');
  return last;
}

/** The stage after `stage`, or null when `stage` is the last one. */
export function nextStage(plan: Plan, stage: Stage): Stage | null {
  return plan.stages.find((s) => s.number === stage.number + 1) ?? null;
}

export interface StageInputs {
  /** Usable conversations/month (null when missing, invalid or stale). */
  conversations: number | null;
  /** Usable database size in MB (null when missing, invalid or stale). */
  dbSizeMb: number | null;
}

export interface StageResolution {
  stage: Stage;
  basis: StageRef['basis'];
  note?: string;
}

/**
 * The current stage of a review: by conversations/month; when unknown, by database size; when
 * both are unknown, stage 1 with basis `default` and a data-quality note.
 */
export function resolveStage(plan: Plan, inputs: StageInputs): StageResolution {
  if (inputs.conversations !== null) {
    return { stage: stageForConversations(plan, inputs.conversations), basis: 'conversations' };
  }
  if (inputs.dbSizeMb !== null) {
    return {
      stage: stageForDbSize(plan, inputs.dbSizeMb),
      basis: 'dbStorage',
      note: 'conversations/month unknown: stage estimated from the database size',
    };
  }
  return {
    stage: firstStage(plan),
    basis: 'default',
    note: 'conversations/month and database size unknown: stage 1 assumed',
  };
}

export function stageRef(stage: Stage, basis: StageRef['basis']): StageRef {
  return {
    number: stage.number,
    name: stage.name,
    conversationsPerMonth: { ...stage.conversationsPerMonth },
    basis,
  };
}
