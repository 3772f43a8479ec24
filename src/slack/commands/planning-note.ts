import type { PlanningContext } from '../../app/planning.js';

/** Says so when history could not be read and the answer falls back to the plan's defaults. */
export function planningNote(context: PlanningContext): string | null {
  if (context.historyProblem === null) return null;
  return ':warning: The review history is unavailable right now, so this uses the plan defaults (stage 1, default growth).';
}
