import {
  type CanvasRefusal,
  canvasText,
  type FakeCanvas,
  parseCanvasMarkdown,
} from './fake-slack-canvas-markdown.js';
import {
  channelProblem,
  fail,
  type Handler,
  type MethodContext,
  type MethodResult,
  str,
} from './fake-slack-workspace.js';

/**
 * Slack's canvas methods as the capacity plan uses them: `conversations.canvases.create` (one
 * canvas per channel), `canvases.edit` (ONE operation per call: insert_after, insert_before,
 * insert_at_start, insert_at_end, replace, delete, by `section_id`) and
 * `canvases.sections.lookup` (by `section_types` and `contains_text`). Each channel's canvas is
 * kept as blocks (fake-slack-canvas-markdown.ts) so tests read it back. Like Slack's API, an edit
 * cannot replace or delete a table or a divider. Refusals: canvases off for the workspace, the
 * plan's limit, a restricted action, a channel canvas that is not ours (and `missing_scope`
 * through the fake's token scopes).
 */

const OPERATIONS = new Set([
  'insert_after',
  'insert_before',
  'insert_at_start',
  'insert_at_end',
  'replace',
  'delete',
]);

function markdownOf(value: unknown): string | null {
  const doc = value as { type?: unknown; markdown?: unknown } | undefined;
  return doc?.type === 'markdown' && typeof doc.markdown === 'string' ? doc.markdown : null;
}

function refusalError(ctx: MethodContext, creating: boolean): string | null {
  const refusal = ctx.ws.canvases.refusal;
  if (refusal === 'disabled') return 'canvas_disabled_user_team';
  if (refusal === 'tier' && creating) return 'team_tier_cannot_create_channel_canvases';
  if (refusal === 'restricted') return 'restricted_action';
  return null;
}

function create(ctx: MethodContext, args: Record<string, unknown>): MethodResult {
  const channel = str(args.channel_id);
  const problem = refusalError(ctx, true) ?? channelProblem(ctx.ws, channel);
  if (problem) return fail(problem);
  const markdown = args.document_content === undefined ? '' : markdownOf(args.document_content);
  if (markdown === null) return fail('invalid_arguments');
  if (ctx.ws.canvases.byChannel.has(channel as string))
    return fail('channel_canvas_already_exists');
  const canvas = addCanvas(ctx, channel as string, markdown, {
    ours: true,
    title: str(args.title),
  });
  return { ok: true, canvas_id: canvas.id };
}

export function addCanvas(
  ctx: Pick<MethodContext, 'ws' | 'nextId'>,
  channel: string,
  markdown: string,
  options: { ours: boolean; title?: string | undefined },
): FakeCanvas {
  const canvas: FakeCanvas = {
    id: ctx.nextId('F'),
    channel,
    title: options.title ?? null,
    blocks: parseCanvasMarkdown(markdown, () => sectionId(ctx)),
    ours: options.ours,
    edits: [],
  };
  ctx.ws.canvases.byId.set(canvas.id, canvas);
  ctx.ws.canvases.byChannel.set(channel, canvas.id);
  return canvas;
}

function sectionId(ctx: Pick<MethodContext, 'nextId'>): string {
  return `temp:C:${ctx.nextId('S')}`;
}

function canvasFor(ctx: MethodContext, args: Record<string, unknown>): FakeCanvas | string {
  const problem = refusalError(ctx, false);
  if (problem) return problem;
  const canvas = ctx.ws.canvases.byId.get(str(args.canvas_id) ?? '');
  if (!canvas) return 'canvas_not_found';
  return canvas;
}

type Change = { operation?: unknown; section_id?: unknown; document_content?: unknown };

function apply(ctx: MethodContext, canvas: FakeCanvas, change: Change): string | null {
  const operation = String(change.operation);
  if (!OPERATIONS.has(operation)) return 'invalid_arguments';
  const id = str(change.section_id) ?? null;
  const markdown =
    change.document_content === undefined ? null : markdownOf(change.document_content);
  const at = id === null ? -1 : canvas.blocks.findIndex((b) => b.id === id);
  const needsSection = operation !== 'insert_at_start' && operation !== 'insert_at_end';
  if (needsSection && operation !== 'replace' && id === null) return 'invalid_arguments';
  if (id !== null && at < 0) return 'canvas_editing_failed';
  if (operation !== 'delete' && markdown === null) return 'invalid_arguments';
  const target = canvas.blocks[at];
  const fixed = target?.type === 'table' || target?.type === 'divider';
  if ((operation === 'replace' || operation === 'delete') && fixed) return 'canvas_editing_failed';
  const added = markdown === null ? [] : parseCanvasMarkdown(markdown, () => sectionId(ctx));
  const { blocks } = canvas;
  if (operation === 'insert_at_start') blocks.unshift(...added);
  else if (operation === 'insert_at_end') blocks.push(...added);
  else if (operation === 'insert_before') blocks.splice(at, 0, ...added);
  else if (operation === 'insert_after') blocks.splice(at + 1, 0, ...added);
  else if (operation === 'delete') blocks.splice(at, 1);
  else if (id === null) canvas.blocks = added;
  else blocks.splice(at, 1, ...added);
  canvas.edits.push({ operation, sectionId: id, markdown });
  return null;
}

function edit(ctx: MethodContext, args: Record<string, unknown>): MethodResult {
  const canvas = canvasFor(ctx, args);
  if (typeof canvas === 'string') return fail(canvas);
  if (!canvas.ours) return fail('restricted_action');
  const changes = args.changes;
  // Slack applies one operation per call.
  if (!Array.isArray(changes) || changes.length !== 1) return fail('invalid_arguments');
  const problem = apply(ctx, canvas, changes[0] as Change);
  return problem ? fail(problem) : { ok: true };
}

const HEADINGS = { h1: ['h1'], h2: ['h2'], h3: ['h3'], any_header: ['h1', 'h2', 'h3'] } as const;

function lookup(ctx: MethodContext, args: Record<string, unknown>): MethodResult {
  const canvas = canvasFor(ctx, args);
  if (typeof canvas === 'string') return fail(canvas);
  const criteria = (args.criteria ?? {}) as { section_types?: unknown; contains_text?: unknown };
  const types = Array.isArray(criteria.section_types) ? criteria.section_types.map(String) : null;
  const text = typeof criteria.contains_text === 'string' ? criteria.contains_text : null;
  if (types === null && text === null) return fail('invalid_arguments');
  const allowed = new Set<string>(
    (types ?? []).flatMap((t) => (t in HEADINGS ? HEADINGS[t as keyof typeof HEADINGS] : [])),
  );
  const sections = canvas.blocks.filter(
    (b) =>
      (types === null || allowed.has(b.type)) &&
      (text === null || b.text.toLowerCase().includes(text.toLowerCase())),
  );
  return { ok: true, sections: sections.map((b) => ({ id: b.id })) };
}

export const CANVAS_METHODS: Readonly<Record<string, Handler>> = {
  'conversations.canvases.create': create,
  'canvases.edit': edit,
  'canvases.sections.lookup': lookup,
};

export const CANVAS_SCOPES: Readonly<Record<string, string>> = {
  'conversations.canvases.create': 'canvases:write',
  'canvases.edit': 'canvases:write',
  'canvases.sections.lookup': 'canvases:read',
};

/** What tests read and set: each channel's canvas, and the workspace's refusal. */
export class FakeCanvases {
  constructor(private readonly ctx: () => Pick<MethodContext, 'ws' | 'nextId'>) {}

  /** The channel's canvas, or null. */
  of(channel: string): FakeCanvas | null {
    const { ws } = this.ctx();
    const id = ws.canvases.byChannel.get(channel);
    return id === undefined ? null : (ws.canvases.byId.get(id) ?? null);
  }

  /** The channel canvas's Markdown (its blocks, blank lines between), or null. */
  markdown(channel: string): string | null {
    const canvas = this.of(channel);
    return canvas ? canvasText(canvas.blocks) : null;
  }

  /** Refuse canvases from now on (null: stop refusing). */
  refuse(how: CanvasRefusal | null): void {
    this.ctx().ws.canvases.refusal = how;
  }

  /** A canvas a person (or another app) put in the channel: not the bot's to edit. */
  addForeign(channel: string, markdown: string): FakeCanvas {
    return addCanvas(this.ctx(), channel, markdown, { ours: false, title: 'Team notes' });
  }

  /** Someone deletes the channel's canvas. */
  delete(channel: string): void {
    const { ws } = this.ctx();
    const id = ws.canvases.byChannel.get(channel);
    if (id === undefined) return;
    ws.canvases.byChannel.delete(channel);
    ws.canvases.byId.delete(id);
  }
}
