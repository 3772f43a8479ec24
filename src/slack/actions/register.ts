import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { ACTION_IDS, type ActionId } from '../../../blocks/ids.js';
import { buildError } from '../../../blocks/index.js';
import { describeFailure } from '../../app/user-errors.js';
import { notQueuedReply } from '../ack.js';
import { ephemeral, logFailure } from '../reply.js';
import { createRespond } from '../response-url.js';
import type { SlackDeps } from '../slack-deps.js';
import { handleOpenSettings } from '../views/settings-open.js';
import { handleAcknowledge } from './acknowledge.js';
import type { ActionContext } from './action-context.js';
import { explainClick } from './explain-click.js';
import { readInteraction, replyTargetOf } from './interaction.js';
import { handleMarkDone } from './mark-done.js';
import { handleOpenHistory } from './open-history.js';
import { handleSnoozeFor } from './snooze-for.js';
import { handleSnoozeUntil } from './snooze-until.js';
import { handleUnknownAction } from './unknown-action.js';
import { handleUnsnooze } from './unsnooze.js';

type Handler = (ctx: ActionContext) => Promise<void>;

const HANDLERS = {
  [ACTION_IDS.acknowledge]: handleAcknowledge,
  [ACTION_IDS.done]: handleMarkDone,
  [ACTION_IDS.snoozeFor]: handleSnoozeFor,
  [ACTION_IDS.snoozeUntilDate]: handleSnoozeUntil,
  [ACTION_IDS.unsnooze]: handleUnsnooze,
  [ACTION_IDS.openHistory]: handleOpenHistory,
  [ACTION_IDS.openSettings]: handleOpenSettings,
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
  client: WebClient;
}

const responseUrlSchema = z.object({ response_url: z.unknown().optional() });

/** respond() for a click: its response_url when Slack's, else the Web API in its channel. */
function respondFor(deps: SlackDeps, args: ActionArgs, meta: Record<string, unknown>) {
  const target = replyTargetOf(args.body);
  const parsed = responseUrlSchema.safeParse(args.body);
  return createRespond({
    responseUrl: parsed.success ? parsed.data.response_url : undefined,
    policy: deps.responseUrls,
    fallback: target === null ? null : { client: args.client, ...target },
    logger: deps.logger,
    meta,
  });
}

async function answer(deps: SlackDeps, handler: Handler, args: ActionArgs): Promise<void> {
  const read = readInteraction(args.body, args.action);
  if (!read.ok) {
    deps.logger.warn({ problems: read.problems }, 'unreadable block_actions payload refused');
    const message = ephemeral(buildError({ message: read.message }));
    await explainClick(unanswered(deps, args, {}), message);
    return;
  }
  const { origin, ...clicked } = read.interaction;
  const meta = { teamId: clicked.teamId, userId: clicked.userId };
  const respond = respondFor(deps, args, meta);
  try {
    // The tenant key: the team, or the org of an org-wide install (src/tenancy/tenant-key.ts).
    const interaction = { ...clicked, teamId: deps.tenants.keyOf(origin) };
    const tenant = await deps.tenants.resolve(interaction.teamId);
    await handler({ deps, tenant, interaction, respond, client: args.client });
  } catch (error) {
    // Handlers answer their own failures; this is the last word if one did not.
    const failure = describeFailure(error);
    logFailure(deps.logger, error, failure, meta);
    const message = ephemeral(buildError({ message: failure.message }));
    const click = { body: args.body, client: args.client, respond, logger: deps.logger, meta };
    await explainClick(click, message);
  }
}

function unanswered(deps: SlackDeps, args: ActionArgs, meta: Record<string, unknown>) {
  const respond = respondFor(deps, args, meta);
  return { body: args.body, client: args.client, respond, logger: deps.logger, meta };
}

/**
 * The ack path of a click: ack (Slack shows nothing an action's ack carries), offer the answer to
 * the bounded queue; when it is full, the "busy" reply goes out at once instead.
 */
function listener(deps: SlackDeps, handler: Handler) {
  return async (args: ActionArgs) => {
    await args.ack();
    const offer = deps.answers.offer({
      kind: 'block_actions',
      meta: {},
      run: () => answer(deps, handler, args),
    });
    if (offer === 'queued') return;
    const meta = { offer };
    await deps.tracker.track(() =>
      explainClick(unanswered(deps, args, meta), notQueuedReply(offer)),
    );
  };
}

/** Acknowledge, Done, Snooze (select and date), Un-snooze, Full history and Settings; ack() first, then the work. */
export function registerActions(app: App, deps: SlackDeps): void {
  for (const [actionId, handler] of Object.entries(HANDLERS)) {
    deps.registry.actions.add(actionId);
    app.action(actionId, listener(deps, handler));
  }
  app.action(unknownActionPattern(), listener(deps, handleUnknownAction));
}
