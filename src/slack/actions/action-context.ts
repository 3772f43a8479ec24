import type { WebClient } from '@slack/web-api';
import type { Tenant } from '../../tenancy/tenants.js';
import type { Respond } from '../response-url.js';
import type { SlackDeps } from '../slack-deps.js';
import type { Interaction } from './interaction.js';

/** A click, validated, with the ways to answer it. `respond` is absent for App Home clicks. */
export interface ActionContext {
  deps: SlackDeps;
  /** Whose click it is: its use cases' deps (src/tenancy/). */
  tenant: Tenant;
  interaction: Interaction;
  respond: Respond | undefined;
  client: WebClient;
}

export function metaOf(ctx: ActionContext): Record<string, unknown> {
  const i = ctx.interaction;
  return { teamId: i.teamId, userId: i.userId, actionId: i.actionId, surface: i.surface.kind };
}
