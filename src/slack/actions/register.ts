import type { App, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { afterPendingAcks } from '../after-ack.js';
import { ACTION_IDS, type ActionId } from '../ids.js';
import type { SlackDeps } from '../slack-deps.js';
import { handleAcknowledge } from './acknowledge.js';
import type { ActionContext } from './action-context.js';
import { readInteraction } from './interaction.js';
import { handleOpenHistory } from './open-history.js';
import { handleSnoozeFor } from './snooze-for.js';
import { handleSnoozeUntil } from './snooze-until.js';
import { handleUnknownAction } from './unknown-action.js';
import { handleUnsnooze } from './unsnooze.js';

type Handler = (ctx: ActionContext) => Promise<void>;

const HANDLERS = {
  [ACTION_IDS.acknowledge]: handleAcknowledge,
  [ACTION_IDS.snoozeFor]: handleSnoozeFor,
  [ACTION_IDS.snoozeUntilDate]: handleSnoozeUntil,
  [ACTION_IDS.unsnooze]: handleUnsnooze,
  [ACTION_IDS.openHistory]: handleOpenHistory,
} as const satisfies Record<ActionId, Handler>;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Matches every action_id except ours (Bolt runs every matching listener, so ours must not match). */
export function unknownActionPattern(): RegExp {
  const known = Object.keys(HANDLERS).map(escapeRegExp).join('|');
  return new RegExp(`^(?!(?:${known})$)`);
}

interface ActionArgs {
  ack: () => Promise<void>;
  body: unknown;
  action: unknown;
  respond?: RespondFn;
  client: WebClient;
}

function listener(deps: SlackDeps, handler: Handler) {
  return (args: ActionArgs) =>
    deps.tracker.track(async () => {
      await args.ack();
      await afterPendingAcks();
      const interaction = readInteraction(args.body, args.action);
      if (interaction === null) {
        deps.logger.warn({}, 'unreadable block_actions payload ignored');
        return;
      }
      await handler({ deps, interaction, respond: args.respond, client: args.client });
    });
}

/** Acknowledge, Snooze (select and date), Un-snooze and Full history; ack() first, then the work. */
export function registerActions(app: App, deps: SlackDeps): void {
  for (const [actionId, handler] of Object.entries(HANDLERS)) {
    deps.registry.actions.add(actionId);
    app.action(actionId, listener(deps, handler));
  }
  app.action(unknownActionPattern(), listener(deps, handleUnknownAction));
}
