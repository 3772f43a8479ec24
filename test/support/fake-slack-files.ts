import { parseMultipart } from './fake-slack-body.js';
import {
  channelProblem,
  fail,
  type Handler,
  type MethodContext,
  type MethodResult,
  type StoredFile,
  type StoredMessage,
  str,
  type Workspace,
} from './fake-slack-workspace.js';

/**
 * The files.uploadV2 flow as @slack/web-api drives it: files.getUploadURLExternal, a POST of the
 * bytes to the returned URL, files.completeUploadExternal, then files.info (shares appear only
 * after `fileSharesVisibleAfterInfoCalls` calls, as Slack finishes uploads asynchronously).
 */

function getUploadUrl(ctx: MethodContext, args: Record<string, unknown>): MethodResult {
  const filename = str(args.filename);
  const length = Number(args.length);
  if (!filename || !Number.isInteger(length) || length < 0) return fail('invalid_arguments');
  const id = ctx.nextId('F');
  const file: StoredFile = {
    id,
    filename,
    title: filename,
    length,
    data: null,
    completed: false,
    shares: [],
    infoCalls: 0,
  };
  if (str(args.alt_text)) file.altText = args.alt_text as string;
  ctx.ws.files.set(id, file);
  return { ok: true, upload_url: `${ctx.baseUrl}/upload/${id}`, file_id: id };
}

function completeUpload(ctx: MethodContext, args: Record<string, unknown>): MethodResult {
  const list = Array.isArray(args.files) ? (args.files as { id?: string; title?: string }[]) : [];
  const files = list.map((f) => (f.id ? ctx.ws.files.get(f.id) : undefined));
  if (list.length === 0 || files.some((f) => !f || f.data === null)) return fail('file_not_found');
  const channel = str(args.channel_id);
  if (channel) {
    const problem = channelProblem(ctx.ws, channel);
    if (problem) return fail(problem);
  }
  const threadTs = str(args.thread_ts);
  const ready = files as StoredFile[];
  ready.forEach((f, i) => {
    f.completed = true;
    f.title = list[i]?.title ?? f.title;
  });
  if (channel) {
    const m: StoredMessage = {
      channel,
      ts: ctx.nextTs(),
      user: ctx.ws.botUserId,
      bot_id: ctx.ws.botId,
      edits: 0,
    };
    m.files = ready.map((f) => ({ id: f.id }));
    if (threadTs) m.thread_ts = threadTs;
    if (typeof args.initial_comment === 'string') m.text = args.initial_comment;
    ctx.ws.messages.push(m);
    for (const f of ready) f.shares.push({ channel, ts: m.ts, ...(threadTs ? { threadTs } : {}) });
  }
  return { ok: true, files: ready.map((f) => ({ id: f.id, title: f.title })) };
}

function filesInfo(ctx: MethodContext, args: Record<string, unknown>): MethodResult {
  const f = ctx.ws.files.get(str(args.file) ?? '');
  if (!f?.completed) return fail('file_not_found');
  f.infoCalls += 1;
  const visible = f.infoCalls >= ctx.ws.fileSharesVisibleAfterInfoCalls ? f.shares : [];
  const shares: Record<string, { ts: string; thread_ts?: string }[]> = {};
  for (const s of visible)
    shares[s.channel] = [
      ...(shares[s.channel] ?? []),
      { ts: s.ts, ...(s.threadTs ? { thread_ts: s.threadTs } : {}) },
    ];
  return {
    ok: true,
    file: {
      id: f.id,
      name: f.filename,
      title: f.title,
      size: f.data?.length ?? 0,
      mimetype: f.filename.endsWith('.png') ? 'image/png' : 'application/octet-stream',
      url_private: `${ctx.baseUrl}/files/${f.id}`,
      shares: visible.length === 0 ? {} : { public: shares },
      channels: [...new Set(visible.map((s) => s.channel))],
    },
  };
}

/** Stores the bytes POSTed to an upload URL (multipart as @slack/web-api sends it, or raw). */
export function receiveUpload(
  ws: Workspace,
  fileId: string,
  body: Buffer,
  contentType: string,
): StoredFile | null {
  const file = ws.files.get(fileId);
  if (!file) return null;
  const parts = contentType.toLowerCase().startsWith('multipart/')
    ? parseMultipart(body, contentType)
    : [];
  const data = parts.find((p) => p.filename !== undefined)?.data ?? parts[0]?.data ?? body;
  file.data = Buffer.from(data);
  return file;
}

export const FILE_METHODS: Readonly<Record<string, Handler>> = {
  'files.getUploadURLExternal': getUploadUrl,
  'files.completeUploadExternal': completeUpload,
  'files.info': filesInfo,
};
