import { type SlackBlock, tableTextLength } from './native-types.js';

/**
 * Slack's Block Kit limits, encoded once and enforced by every builder.
 * Display text that is too long is truncated visibly ("…"); lists that do not fit end with an
 * "…and N more" line; ids and values that cannot fit are programming errors and throw.
 * Sources: https://docs.slack.dev/reference/block-kit/blocks (and the element pages);
 * the ~12k total is a margin under the undocumented `msg_blocks_too_long` (~13.2k, bolt-js#2509).
 */
export const SLACK_LIMITS = {
  messageBlocks: 50,
  homeBlocks: 100,
  modalBlocks: 100,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  optionText: 75,
  optionValue: 75,
  selectOptions: 100,
  overflowOptions: 5,
  placeholderText: 150,
  /** Modals: the title, submit and close texts. */
  modalTitle: 24,
  modalButton: 24,
  /** Input blocks: the label and the hint; a plain_text_input's value. */
  inputLabel: 2000,
  inputHint: 2000,
  inputValue: 3000,
  /** A view's private_metadata. */
  privateMetadata: 3000,
  /** Total characters of text in one message's blocks. */
  messageTextBudget: 12_000,
  /** Top-level fallback `text` (notifications); Slack truncates far later, we keep it short. */
  fallbackText: 3000,
  /**
   * The data visualization block (docs.slack.dev/reference/block-kit/blocks/data-visualization-block,
   * changelog 2026-06-16): a title of at most 50 characters; 1-20 categories on the x axis, each
   * series one point per category (point labels = the categories); category labels, point labels,
   * series names and pie segment labels at most 20 characters; axis titles at most 50.
   */
  chartTitle: 50,
  chartCategories: 20,
  chartLabel: 20,
  chartAxisLabel: 50,
  /**
   * Series per line, bar or area chart, and segments per pie. The copies of the reference disagree:
   * ours and the typed SDKs built from it (slack-messaging) say "min 1, max 6", others (vercel/chat's
   * limits, some notes) allow 12. We take the stricter, 6, so a chart passes either reading.
   */
  chartSeries: 6,
  /**
   * At most 2 charts in one message: not in the reference's field table, but Slack refuses a third
   * with `invalid_blocks` (vercel/chat#696 found it so; the platform notes report the same limit).
   */
  chartsPerMessage: 2,
  /**
   * The table block (docs.slack.dev/reference/block-kit/blocks/table-block): at most 100 rows of at
   * most 20 cells, at most 20 column settings, messages only, one table per message (a second is
   * refused: vercel/chat#194, openclaw#57717), and at most 10,000 characters across all cells
   * (getnao/nao#1178, which cites the reference).
   */
  tableRows: 100,
  tableCells: 20,
  tableColumnSettings: 20,
  tablesPerMessage: 1,
  tableText: 10_000,
} as const;

export const SURFACES = ['message', 'home'] as const;
export type Surface = (typeof SURFACES)[number];

export function maxBlocks(surface: Surface): number {
  return surface === 'home' ? SLACK_LIMITS.homeBlocks : SLACK_LIMITS.messageBlocks;
}

/** A block payload that breaks a Slack limit the builders should have prevented: a bug. */
export class BlockLimitError extends Error {
  override readonly name = 'BlockLimitError';
}

export const ELLIPSIS = '…';

/**
 * Cuts `text` to at most `max` characters, ending with `marker` when cut (never in the middle of a
 * surrogate pair). Text that fits is returned unchanged.
 */
export function truncate(text: string, max: number, marker: string = ELLIPSIS): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - marker.length);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}${marker}`;
}

/** The marker appended to long section text, so the cut is visible to the reader. */
export const TRUNCATED_MARKER = `${ELLIPSIS} (truncated)`;

/** Throws when an id or value is too long: ids carry references, and a cut reference is wrong data. */
export function assertFits(what: string, value: string, max: number): string {
  if (value.length > max) {
    throw new BlockLimitError(`${what} is ${value.length} characters; Slack allows ${max}`);
  }
  return value;
}

/** Packs lines into chunks of at most `max` characters (joined by newlines); a longer line is cut. */
export function packLines(
  lines: readonly string[],
  max: number = SLACK_LIMITS.sectionText,
): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = truncate(raw, max, TRUNCATED_MARKER);
    if (current === '') {
      current = line;
    } else if (current.length + 1 + line.length <= max) {
      current = `${current}\n${line}`;
    } else {
      chunks.push(current);
      current = line;
    }
  }
  if (current !== '') chunks.push(current);
  return chunks;
}

interface TextLike {
  text?: unknown;
}

function textOf(value: unknown): number {
  if (value && typeof value === 'object' && typeof (value as TextLike).text === 'string') {
    return ((value as TextLike).text as string).length;
  }
  return 0;
}

/** Characters of visible text in one block (the measure behind the message text budget). */
function blockTextLength(block: SlackBlock): number {
  switch (block.type) {
    case 'section':
      return textOf(block.text) + (block.fields ?? []).reduce((n, f) => n + f.text.length, 0);
    case 'header':
      return block.text.text.length;
    case 'context':
      return block.elements.reduce((n, e) => n + textOf(e), 0);
    case 'actions':
      return block.elements.reduce((n, e) => n + textOf(e) + textOf(elementPlaceholder(e)), 0);
    case 'table':
      return tableTextLength(block);
    default:
      return 0;
  }
}

export function textLength(blocks: readonly SlackBlock[]): number {
  return blocks.reduce((n, b) => n + blockTextLength(b), 0);
}

function elementPlaceholder(element: object): unknown {
  return 'placeholder' in element ? element.placeholder : undefined;
}

export interface Budget {
  blocks: number;
  chars: number;
}

export function budgetFor(surface: Surface): Budget {
  return {
    blocks: maxBlocks(surface),
    chars: surface === 'message' ? SLACK_LIMITS.messageTextBudget : Number.POSITIVE_INFINITY,
  };
}

/** The budget left after `blocks` are spent. */
export function spend(budget: Budget, blocks: readonly SlackBlock[]): Budget {
  return { blocks: budget.blocks - blocks.length, chars: budget.chars - textLength(blocks) };
}

/**
 * Renders as many items as fit in `budget`, in order; when some do not fit, the result ends with
 * `more(n)` (one block, e.g. "…and 12 more") so the cut is visible. Room for that line is kept
 * back while items remain. Throws when not even the "more" line fits: the caller reserved too little.
 */
export function fitItems<T>(
  items: readonly T[],
  render: (item: T, index: number) => SlackBlock[],
  budget: Budget,
  more: (remaining: number) => SlackBlock,
): SlackBlock[] {
  const out: SlackBlock[] = [];
  let used: Budget = { blocks: 0, chars: 0 };
  let taken = 0;
  for (const [index, item] of items.entries()) {
    const rendered = render(item, index);
    const isLast = index === items.length - 1;
    const reserve = isLast ? [] : [more(items.length - index - 1)];
    const cost = {
      blocks: rendered.length + reserve.length,
      chars: textLength([...rendered, ...reserve]),
    };
    if (used.blocks + cost.blocks > budget.blocks || used.chars + cost.chars > budget.chars) break;
    out.push(...rendered);
    used = { blocks: used.blocks + rendered.length, chars: used.chars + textLength(rendered) };
    taken += 1;
  }
  if (taken === items.length) return out;
  const moreBlock = more(items.length - taken);
  if (used.blocks + 1 > budget.blocks || used.chars + blockTextLength(moreBlock) > budget.chars) {
    throw new BlockLimitError('no room left for the "…and N more" line: reserve budget for it');
  }
  return [...out, moreBlock];
}
