import type { App, RespondArguments } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { buildError, buildNoticeModal } from '../../blocks/index.js';
import type { Logger } from '../logging/logger.js';
import { tenantKeyOrNull } from '../tenancy/tenants.js';
import { ephemeral, safeRespond } from './reply.js';
import { createRespond } from './response-url.js';
import type { SlackDeps } from './slack-deps.js';

/**
 * Every payload Slack sends is acked, whatever its kind. Bolt acks events itself and our
 * listeners ack commands and clicks; anything no listener acked (a `view_submission` or
 * `view_closed`, a shortcut, a `block_suggestion`, a kind Bolt cannot even route) used to wait
 * for Bolt's 3-second timer: a 404 and an error-level line in HTTP mode, an envelope never acked
 * (so redelivered) in Socket Mode. Now it is acked as soon as the listeners are done, with an
 * explanation where Slack shows one, and its kind is logged once at `warn`.
 */

/** Distinct unhandled kinds logged at warn; more are logged at debug (a flood stays quiet). */
const MAX_WARNED_KINDS = 200;

/** A field of an unexpected shape reads as absent: the body as a whole is never refused here. */
const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

const bodySchema = z.looseObject({
  type: lenient(z.string()),
  command: lenient(z.string()),
  callback_id: lenient(z.string()),
  trigger_id: lenient(z.string()),
  response_url: z.unknown().optional(),
  channel: lenient(z.looseObject({ id: z.string() })),
  user: lenient(z.looseObject({ id: z.string() })),
  user_id: lenient(z.string()),
  team: lenient(z.looseObject({ id: z.string() })),
  enterprise: lenient(z.looseObject({ id: z.string() })),
  is_enterprise_install: lenient(z.boolean()),
  event: lenient(z.looseObject({ type: lenient(z.string()) })),
  name: z.unknown().optional(),
  actions: z.unknown().optional(),
  view: lenient(z.looseObject({ callback_id: lenient(z.string()) })),
  action_id: lenient(z.string()),
});
type Body = z.infer<typeof bodySchema>;

/** The `type`s Bolt routes by `type` alone (App.processEvent's getTypeAndConversation). */
const ROUTED_TYPES: ReadonlySet<string> = new Set([
  'block_suggestion',
  'dialog_submission',
  'shortcut',
  'message_action',
  'view_submission',
  'view_closed',
]);

/**
 * A payload that is not what Slack sends: no `type` at all, or a click (`block_actions`,
 * `interactive_message`) without its `actions`. It is refused (HTTP 400, receivers/body-guard.ts),
 * not acked. A `type` Bolt does not know (`dialog_cancellation`, `workflow_step_edit`…) is one
 * Slack can send: it is acked.
 */
function isMalformed(body: Body): boolean {
  if (body.event !== undefined || body.command !== undefined || body.name !== undefined) {
    return false;
  }
  if (body.actions !== undefined || (body.type !== undefined && ROUTED_TYPES.has(body.type))) {
    return false;
  }
  return (
    body.type === undefined || body.type === 'block_actions' || body.type === 'interactive_message'
  );
}

/** Thrown for a malformed payload: the receiver refuses it (400 over HTTP). */
class MalformedPayloadError extends Error {
  override readonly name = 'MalformedPayloadError';
}

/** What a payload is, for the log line: `view_submission`, `command /other`, `event reaction_added`. */
function kindOf(body: Body): { kind: string; id: string | null } {
  if (body.command !== undefined) return { kind: 'command', id: body.command };
  if (body.event !== undefined) return { kind: 'event', id: body.event.type ?? null };
  const id = body.action_id ?? body.view?.callback_id ?? body.callback_id ?? null;
  return { kind: body.type ?? 'unknown', id: id === '' ? null : id };
}

export const UNHANDLED_MESSAGES = {
  shortcut: (id: string | null) =>
    `Scale Review has no shortcut${id === null ? '' : ` \`${id}\``}: the app's settings and this version of Scale Review disagree. \`/scale help\` lists what it does.`,
  form: (id: string | null) =>
    `Scale Review does not handle this form${id === null ? '' : ` (\`${id}\`)`}, so nothing was saved: it may come from an older version of the app. Close it; \`/scale help\` lists what Scale Review does.`,
} as const;

/**
 * The ack's body: the only answer Slack shows for a form or an options request. (Commands are
 * answered by the command listener, whatever their name.)
 */
function ackBody(body: Body, id: string | null): unknown {
  if (body.type === 'view_submission') {
    return { response_action: 'update', view: buildNoticeModal(UNHANDLED_MESSAGES.form(id)) };
  }
  return body.type === 'block_suggestion' ? { options: [] } : undefined;
}

class WarnOnce {
  private readonly seen = new Set<string>();

  constructor(private readonly logger: Logger) {}

  log(kind: string, id: string | null): void {
    const key = `${kind} ${id ?? ''}`;
    if (this.seen.has(key)) return;
    if (this.seen.size >= MAX_WARNED_KINDS) {
      this.logger.debug({ kind, id }, 'unhandled Slack payload acked');
      return;
    }
    this.seen.add(key);
    this.logger.warn({ kind, id }, 'unhandled Slack payload acked');
  }
}

/**
 * Wraps `app.processEvent` (which both receivers call for every payload): after Bolt and the
 * listeners are done, a payload nobody acked is acked here, and an event no listener subscribes
 * to is logged. Register it once, after the listeners.
 */
export function ackEverything(app: App, deps: SlackDeps): void {
  const processEvent = app.processEvent.bind(app);
  const warned = new WarnOnce(deps.logger);
  app.processEvent = async (event) => {
    let acked = false;
    const ack = (response?: unknown) => {
      acked = true;
      return event.ack(response);
    };
    await processEvent({ ...event, ack });
    const parsed = bodySchema.safeParse(event.body);
    const body: Body = parsed.success ? parsed.data : {};
    const { kind, id } = kindOf(body);
    if (!acked && isMalformed(body)) {
      throw new MalformedPayloadError(
        `a payload Slack does not send (type ${body.type ?? 'none'})`,
      );
    }
    if (acked) {
      // Bolt acks every event before the listeners run: an event of a type we did not ask for.
      if (kind === 'event' && (id === null || !deps.registry.events.has(id))) warned.log(kind, id);
      return;
    }
    await ack(ackBody(body, id));
    warned.log(kind, id);
    explainAfterAck(deps, app.client, body, id);
  };
}

/** A shortcut is a click: it gets an answer, a modal (global) or an ephemeral message (on a message). */
function explainAfterAck(deps: SlackDeps, appClient: WebClient, body: Body, id: string | null) {
  if (body.type !== 'shortcut' && body.type !== 'message_action') return;
  const message = UNHANDLED_MESSAGES.shortcut(id);
  const meta = { kind: body.type, id };
  deps.answers.offer({
    kind: 'unhandled shortcut',
    meta,
    run: async () => {
      const client = (await tenantClient(deps, body)) ?? appClient;
      if (body.type === 'shortcut' && body.trigger_id !== undefined) {
        try {
          await client.views.open({ trigger_id: body.trigger_id, view: buildNoticeModal(message) });
        } catch (error) {
          deps.logger.warn({ ...meta, err: error }, 'views.open of a shortcut notice failed');
        }
        return;
      }
      await safeRespond(respondTo(deps, client, body, meta), notice(message), deps.logger, meta);
    },
  });
}

/**
 * An installable app's client for the workspace that sent the payload (Bolt's own client has no
 * token there: each request is authorized with its workspace's), or null with one workspace.
 */
async function tenantClient(deps: SlackDeps, body: Body): Promise<WebClient | null> {
  if (deps.clientForTenant === undefined) return null;
  const key = tenantKeyOrNull(deps.tenants, {
    teamId: body.team?.id,
    enterpriseId: body.enterprise?.id,
    isEnterpriseInstall: body.is_enterprise_install === true,
  });
  if (key === null) return null;
  try {
    return await deps.clientForTenant(key);
  } catch (error) {
    deps.logger.warn({ err: error, tenant: key }, 'no client for the workspace of a shortcut');
    return null;
  }
}

function notice(message: string): RespondArguments {
  return ephemeral(buildError({ message }));
}

function respondTo(deps: SlackDeps, client: WebClient, body: Body, meta: Record<string, unknown>) {
  const channelId = body.channel?.id;
  const userId = body.user?.id ?? body.user_id;
  return createRespond({
    responseUrl: body.response_url,
    policy: deps.responseUrls,
    fallback:
      channelId === undefined || userId === undefined ? null : { client, channelId, userId },
    logger: deps.logger,
    meta,
  });
}
