import { type BlockSurface, checkBlocks } from './fake-slack-blocks.js';
import { truthy } from './fake-slack-body.js';
import { CANVAS_METHODS } from './fake-slack-canvases.js';
import { FILE_METHODS } from './fake-slack-files.js';
import {
  channelProblem,
  fail,
  type Handler,
  kindOf,
  type MethodContext,
  type MethodResult,
  READ_SCOPE_OF,
  type StoredEphemeral,
  type StoredMessage,
  str,
  type Workspace,
} from './fake-slack-workspace.js';

/**
 * The Web API methods the fake Slack implements over a workspace's messages, views and files
 * (auth.test, apps.connections.open and token checks: fake-slack-auth.ts). Answers follow the
 * shapes in Slack's method reference (only the fields the app reads, plus identifiers).
 */

/** `invalid_blocks` when Slack would refuse these blocks (fake-slack-blocks.ts), else null. */
export function blocksProblem(
  ws: Workspace,
  blocks: unknown,
  surface: BlockSurface = 'message',
): string | null {
  if (blocks === undefined) return null;
  const refusal = checkBlocks(blocks, {
    surface,
    maxBlocks: surface === 'message' ? 50 : 100,
    refuseNative: ws.refuseNativeBlocks,
  });
  if (refusal === null) return null;
  ws.blockRefusals.push(refusal.detail);
  return refusal.error;
}

/** The files of a message as Slack shows them: id, name, title and type. */
function filesView(ctx: MethodContext, files: { id: string }[]): MethodResult[] {
  return files.map(({ id }) => {
    const f = ctx.ws.files.get(id);
    return f ? { id, name: f.filename, title: f.title, mimetype: mimetypeOf(f.filename) } : { id };
  });
}

function mimetypeOf(filename: string): string {
  return filename.endsWith('.png') ? 'image/png' : 'application/octet-stream';
}

function messageView(ctx: MethodContext, m: StoredMessage, withMetadata: boolean): MethodResult {
  const out: MethodResult = {
    type: 'message',
    user: m.user,
    bot_id: m.bot_id,
    ts: m.ts,
    text: m.text ?? '',
  };
  if (m.blocks !== undefined) out.blocks = m.blocks;
  if (m.thread_ts !== undefined) out.thread_ts = m.thread_ts;
  if (m.files !== undefined) out.files = filesView(ctx, m.files);
  if (withMetadata && m.metadata !== undefined) out.metadata = m.metadata;
  return out;
}

function tzOffsetSeconds(tz: string, at: number): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60);
}

function postMessage(ctx: MethodContext, args: Record<string, unknown>): MethodResult {
  const channel = str(args.channel);
  const problem = channelProblem(ctx.ws, channel) ?? blocksProblem(ctx.ws, args.blocks);
  if (problem) return fail(problem);
  if (str(args.text) === undefined && args.blocks === undefined) return fail('no_text');
  const m: StoredMessage = {
    channel: channel as string,
    ts: ctx.nextTs(),
    user: ctx.ws.botUserId,
    bot_id: ctx.ws.botId,
    edits: 0,
  };
  if (typeof args.text === 'string') m.text = args.text;
  if (args.blocks !== undefined) m.blocks = args.blocks;
  if (args.metadata !== undefined) m.metadata = args.metadata;
  if (str(args.thread_ts)) m.thread_ts = args.thread_ts as string;
  ctx.ws.messages.push(m);
  return { ok: true, channel: m.channel, ts: m.ts, message: messageView(ctx, m, true) };
}

function update(ctx: MethodContext, args: Record<string, unknown>): MethodResult {
  const m = ctx.ws.messages.find((x) => x.channel === args.channel && x.ts === args.ts);
  if (!m) return fail(channelProblem(ctx.ws, str(args.channel)) ?? 'message_not_found');
  const problem = blocksProblem(ctx.ws, args.blocks);
  if (problem) return fail(problem);
  if (typeof args.text === 'string') m.text = args.text;
  if (args.blocks !== undefined) m.blocks = args.blocks;
  if (args.metadata !== undefined) m.metadata = args.metadata;
  m.edits += 1;
  return {
    ok: true,
    channel: m.channel,
    ts: m.ts,
    text: m.text ?? '',
    message: messageView(ctx, m, true),
  };
}

function postEphemeral(ctx: MethodContext, args: Record<string, unknown>): MethodResult {
  const channel = str(args.channel);
  const user = str(args.user);
  const problem = channelProblem(ctx.ws, channel) ?? blocksProblem(ctx.ws, args.blocks);
  if (problem) return fail(problem);
  if (!user) return fail('user_not_found');
  const e: StoredEphemeral = { channel: channel as string, user, message_ts: ctx.nextTs() };
  if (typeof args.text === 'string') e.text = args.text;
  if (args.blocks !== undefined) e.blocks = args.blocks;
  ctx.ws.ephemerals.push(e);
  return { ok: true, message_ts: e.message_ts };
}

function viewsPublish(ctx: MethodContext, args: Record<string, unknown>): MethodResult {
  const user = str(args.user_id);
  const view = args.view as { type?: string; blocks?: unknown } | undefined;
  if (!user) return fail('invalid_arguments');
  if (view?.type !== 'home' || blocksProblem(ctx.ws, view.blocks ?? [], 'view'))
    return fail('invalid_arguments');
  ctx.ws.views.set(user, view);
  return {
    ok: true,
    view: {
      id: ctx.nextId('V'),
      team_id: ctx.ws.teamId,
      app_id: ctx.ws.appId,
      hash: ctx.nextTs(),
      ...view,
    },
  };
}

function usersInfo(ctx: MethodContext, args: Record<string, unknown>): MethodResult {
  const id = str(args.user);
  if (!id) return fail('user_not_found');
  const u = ctx.ws.users.get(id) ?? {};
  const tz = u.tz ?? ctx.ws.defaultTz;
  const label = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'long' })
    .formatToParts(ctx.now)
    .find((p) => p.type === 'timeZoneName')?.value;
  return {
    ok: true,
    user: {
      id,
      team_id: ctx.ws.teamId,
      name: u.name ?? id.toLowerCase(),
      real_name: u.realName ?? u.name ?? id,
      deleted: false,
      is_bot: false,
      is_admin: u.isAdmin ?? u.isOwner ?? false,
      is_owner: u.isOwner ?? false,
      is_primary_owner: false,
      tz,
      tz_label: label ?? tz,
      tz_offset: tzOffsetSeconds(tz, ctx.now),
    },
  };
}

/**
 * conversations.info as Slack answers a bot: the scope for the kind of conversation
 * (`missing_scope` with `needed` and `provided` without it), `channel_not_found` for a private
 * channel, DM or group DM the bot is not in, and the channel's kind and the bot's membership.
 */
function conversationsInfo(ctx: MethodContext, args: Record<string, unknown>): MethodResult {
  const id = str(args.channel);
  const c = id ? ctx.ws.channels.get(id) : undefined;
  if (!id || (!c && ctx.ws.knownChannelsOnly)) return fail('channel_not_found');
  const kind = kindOf(c);
  const needed = READ_SCOPE_OF[kind];
  if (ctx.scopes !== undefined && !ctx.scopes.includes(needed)) {
    return { ok: false, error: 'missing_scope', needed, provided: ctx.scopes.join(',') };
  }
  const member = c?.isMember ?? true;
  if (!member && kind !== 'public') return fail('channel_not_found');
  const common = {
    id,
    created: 1764000000,
    is_archived: c?.isArchived ?? false,
    is_channel: kind === 'public' || kind === 'private',
    is_group: false,
    is_im: kind === 'im',
    is_mpim: kind === 'mpim',
    is_private: kind !== 'public',
  };
  if (kind === 'im') return { ok: true, channel: { ...common, user: 'U1ANA', is_open: true } };
  return {
    ok: true,
    channel: { ...common, name: c?.name ?? id.toLowerCase(), is_member: member },
  };
}

function history(ctx: MethodContext, args: Record<string, unknown>): MethodResult {
  const channel = str(args.channel);
  if (!channel || (ctx.ws.knownChannelsOnly && !ctx.ws.channels.has(channel)))
    return fail('channel_not_found');
  const max = ctx.historyPageMax ?? 999;
  const limit = Math.min(Number(args.limit ?? 100) || 100, max);
  const oldest = Number(args.oldest ?? 0);
  const latest = args.latest === undefined ? Number.POSITIVE_INFINITY : Number(args.latest);
  const inclusive = truthy(args.inclusive);
  const all = ctx.ws.messages
    .filter((m) => m.channel === channel && (m.thread_ts === undefined || m.thread_ts === m.ts))
    .filter((m) => {
      const ts = Number(m.ts);
      return inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest;
    })
    .reverse();
  const start = Number(str(args.cursor) ?? 0);
  const page = all.slice(start, start + limit);
  const hasMore = start + limit < all.length;
  return {
    ok: true,
    messages: page.map((m) => messageView(ctx, m, truthy(args.include_all_metadata))),
    has_more: hasMore,
    response_metadata: { next_cursor: hasMore ? String(start + limit) : '' },
  };
}

/** conversations.replies: the parent message and its replies, oldest first (one page). */
function replies(ctx: MethodContext, args: Record<string, unknown>): MethodResult {
  const channel = str(args.channel);
  const ts = str(args.ts);
  if (!channel || (ctx.ws.knownChannelsOnly && !ctx.ws.channels.has(channel)))
    return fail('channel_not_found');
  const parent = ctx.ws.messages.find((m) => m.channel === channel && m.ts === ts);
  if (!ts || !parent) return fail('thread_not_found');
  const thread = ctx.ws.messages.filter(
    (m) => m.channel === channel && (m === parent || m.thread_ts === ts),
  );
  const max = ctx.historyPageMax ?? 1000;
  const limit = Math.min(Number(args.limit ?? 1000) || 1000, max);
  return {
    ok: true,
    messages: thread
      .slice(0, limit)
      .map((m) => messageView(ctx, m, truthy(args.include_all_metadata))),
    has_more: thread.length > limit,
    response_metadata: { next_cursor: '' },
  };
}

interface ModalLike {
  type?: string;
  blocks?: unknown;
}

function viewOf(ctx: MethodContext, id: string, view: ModalLike): MethodResult {
  return { id, team_id: ctx.ws.teamId, app_id: ctx.ws.appId, hash: ctx.nextTs(), ...view };
}

/** views.open: a modal, opened for a trigger_id (any non-empty one). */
function viewsOpen(ctx: MethodContext, args: Record<string, unknown>): MethodResult {
  const view = args.view as ModalLike | undefined;
  if (!str(args.trigger_id)) return fail('invalid_trigger_id');
  if (view?.type !== 'modal' || blocksProblem(ctx.ws, view.blocks ?? [], 'view'))
    return fail('invalid_arguments');
  const id = ctx.nextId('V');
  ctx.ws.modals.set(id, view);
  return { ok: true, view: viewOf(ctx, id, view) };
}

/** views.update: replaces an open modal (by view_id). */
function viewsUpdate(ctx: MethodContext, args: Record<string, unknown>): MethodResult {
  const id = str(args.view_id);
  const view = args.view as ModalLike | undefined;
  if (!id || !ctx.ws.modals.has(id)) return fail('not_found');
  if (view?.type !== 'modal' || blocksProblem(ctx.ws, view.blocks ?? [], 'view'))
    return fail('invalid_arguments');
  ctx.ws.modals.set(id, view);
  return { ok: true, view: viewOf(ctx, id, view) };
}

export const METHODS: Readonly<Record<string, Handler>> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.postEphemeral': postEphemeral,
  'views.publish': viewsPublish,
  'users.info': usersInfo,
  'conversations.info': conversationsInfo,
  'conversations.history': history,
  'conversations.replies': replies,
  'views.open': viewsOpen,
  'views.update': viewsUpdate,
  ...FILE_METHODS,
  ...CANVAS_METHODS,
};
