import type { CapacityPlanViewModel } from '../../../blocks/capacity-plan-model.js';
import { loadCapacityPlan } from '../../app/capacity-plan.js';
import { createSlackCanvas } from '../../canvas/slack-canvas.js';
import { type CanvasDeps, syncCapacityPlan } from '../../canvas/sync-plan.js';
import { type ActionContext, metaOf } from './action-context.js';

/**
 * After a decision (Acknowledge, Snooze, Done, Un-snooze) is shown: the capacity plan canvases of
 * the team's subscribed channels take it too (their open actions and decisions log). Only
 * canvases the digest created are edited; the plan is loaded once, and only if one exists. Never
 * throws: a canvas that fails is written at the next click or digest (src/canvas/sync-plan.ts).
 */
export async function refreshPlanCanvases(ctx: ActionContext): Promise<void> {
  const { deps, interaction: i } = ctx;
  const app = ctx.tenant.app;
  try {
    const subscriptions = (await app.store.subscriptions.list(i.teamId)).filter((s) => s.active);
    if (subscriptions.length === 0) return;
    const canvasDeps: CanvasDeps = {
      ...app,
      canvas: createSlackCanvas(ctx.client),
      tell: async (userId, text) => {
        await ctx.client.chat.postMessage({ channel: userId, text });
      },
    };
    let plan: Promise<CapacityPlanViewModel | null> | null = null;
    const load = () => {
      plan ??= loadCapacityPlan(app, i.teamId, app.clock());
      return plan;
    };
    for (const subscription of subscriptions) {
      await syncCapacityPlan(canvasDeps, subscription, 'click', load);
    }
  } catch (error) {
    deps.logger.warn(
      { ...metaOf(ctx), err: error },
      'capacity plan canvases not updated after the decision; the next click or digest does it',
    );
  }
}
