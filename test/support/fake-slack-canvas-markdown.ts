/**
 * Canvas Markdown as the fake Slack keeps it: a list of blocks, each with its own section id, as
 * Slack's canvases are edited (a heading, a paragraph, a list item, a quote, a table, a divider:
 * one block each; docs/slack.md, "The capacity plan canvas"). A paragraph runs over lines until
 * a blank line or the start of another block; hard line breaks (a backslash or two spaces at the
 * end of a line) stay inside it.
 */

/** The fake's channel canvases (fake-slack-canvases.ts keeps and edits them). */
export interface FakeCanvas {
  id: string;
  channel: string;
  title: string | null;
  blocks: CanvasBlock[];
  /** false: a canvas a person or another app made (the bot did not create it). */
  ours: boolean;
  /** The edit operations applied, in order. */
  edits: { operation: string; sectionId: string | null; markdown: string | null }[];
}

export type CanvasRefusal = 'disabled' | 'tier' | 'restricted';

export interface CanvasState {
  byId: Map<string, FakeCanvas>;
  byChannel: Map<string, string>;
  refusal: CanvasRefusal | null;
}

export function createCanvasState(): CanvasState {
  return { byId: new Map(), byChannel: new Map(), refusal: null };
}

export type CanvasBlockType =
  | 'h1'
  | 'h2'
  | 'h3'
  | 'paragraph'
  | 'list_item'
  | 'quote'
  | 'table'
  | 'divider';

export interface CanvasBlock {
  id: string;
  type: CanvasBlockType;
  /** The Markdown this block was written from. */
  markdown: string;
  /** What a reader sees: formatting marks and escapes removed, mentions as `@U123`. */
  text: string;
}

const HEADING = /^(#{1,3})\s+(.*)$/;
const LIST_ITEM = /^\s*([-*+]|\d+[.)])\s+/;
const DIVIDER = /^\s*([-*_])(\s*\1){2,}\s*$/;

function startsBlock(line: string): boolean {
  return HEADING.test(line) || LIST_ITEM.test(line) || DIVIDER.test(line) || /^\s*[>|]/.test(line);
}

/** Plain text: `![](@U1)` -> `@U1`, escapes resolved, hard breaks as newlines, marks dropped. */
export function plainText(markdown: string): string {
  const mentions = markdown.replace(/!\[\]\(([@#][A-Z0-9]+)\)/g, '$1');
  let out = '';
  for (let i = 0; i < mentions.length; i++) {
    const c = mentions[i] as string;
    const next = mentions[i + 1];
    if (c === '\\' && next === '\n') continue;
    if (c === '\\' && next !== undefined && /[!-/:-@[-`{-~]/.test(next)) {
      out += next;
      i += 1;
    } else if (!'*_`~'.includes(c)) out += c;
  }
  return out
    .replace(/ {2,}\n/g, '\n')
    .replace(/^(#{1,3}|>)\s+/gm, '')
    .trim();
}

type Draft = Omit<CanvasBlock, 'id' | 'text'>;

function kindOf(line: string, open: Draft | null): CanvasBlockType | 'continue' {
  if (HEADING.test(line)) return `h${HEADING.exec(line)?.[1]?.length ?? 1}` as CanvasBlockType;
  if (DIVIDER.test(line)) return 'divider';
  if (LIST_ITEM.test(line)) return 'list_item';
  if (/^\s*\|/.test(line)) return open?.type === 'table' ? 'continue' : 'table';
  if (/^\s*>/.test(line)) return open?.type === 'quote' ? 'continue' : 'quote';
  return open?.type === 'paragraph' && !startsBlock(line) ? 'continue' : 'paragraph';
}

/** Splits Markdown into blocks (ids given by `nextId`). */
export function parseCanvasMarkdown(markdown: string, nextId: () => string): CanvasBlock[] {
  const drafts: Draft[] = [];
  let open: Draft | null = null;
  for (const line of markdown.split('\n')) {
    if (line.trim() === '') {
      open = null;
      continue;
    }
    const kind = kindOf(line, open);
    if (kind === 'continue' && open) {
      open.markdown = `${open.markdown}\n${line}`;
      continue;
    }
    const block: Draft = { type: kind === 'continue' ? 'paragraph' : kind, markdown: line };
    drafts.push(block);
    // Headings, list items and dividers are one line; paragraphs, quotes and tables go on.
    open = ['paragraph', 'quote', 'table'].includes(block.type) ? block : null;
  }
  return drafts.map((d) => ({ ...d, id: nextId(), text: plainText(d.markdown) }));
}

/** The canvas's Markdown again: its blocks separated by blank lines. */
export function canvasText(blocks: readonly CanvasBlock[]): string {
  return blocks.map((b) => b.markdown).join('\n\n');
}
