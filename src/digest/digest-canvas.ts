import type { CapacityPlanViewModel } from '../../blocks/capacity-plan-model.js';
import { loadCapacityPlan } from '../app/capacity-plan.js';
import { type CanvasOutcome, syncCapacityPlan } from '../canvas/sync-plan.js';
import type { Subscription } from '../store/ports.js';
import type { DigestDeps } from './digest-deps.js';
import type { TeamDigest } from './team-digest.js';

/** The team's plan, loaded once per tick for all its channels. */
const plans = new WeakMap<TeamDigest, Promise<CapacityPlanViewModel | null>>();

function teamPlan(deps: DigestDeps, team: TeamDigest): Promise<CapacityPlanViewModel | null> {
  let plan = plans.get(team);
  if (!plan) {
    plan = loadCapacityPlan(deps, team.observed.teamId, deps.clock());
    // A failed read may be retried by the next channel of the team.
    plan.catch(() => plans.delete(team));
    plans.set(team, plan);
  }
  return plan;
}

/**
 * After a channel's digest is posted and recorded: its capacity plan canvas, created with the
 * first digest and edited in place after the next ones (src/canvas/sync-plan.ts). It runs once
 * the run is marked sent, so it can neither post the digest twice nor fail it: it never throws,
 * and a canvas that fails is written at the next digest or click. The subscriber is told of a
 * refusal by the digest's own (paced) DM.
 */
export async function updatePlanCanvas(
  deps: DigestDeps,
  subscription: Subscription,
  team: TeamDigest,
): Promise<CanvasOutcome | null> {
  const { canvas } = deps;
  if (!canvas) return null;
  const canvasDeps = {
    ...deps,
    canvas,
    tell: (userId: string, text: string) => deps.poster.dm(userId, text),
  };
  return syncCapacityPlan(canvasDeps, subscription, 'digest', () => teamPlan(deps, team));
}
