/**
 * How the fake Slack checks the blocks of a message or a view, written from Slack's references
 * (docs.slack.dev/reference/block-kit/blocks, .../table-block, .../data-visualization-block), not
 * from the app's blocks/limits.ts: a second reading of the same pages, so that a block Slack would
 * refuse fails the tests even if the app's own limits were wrong. Checked: the block count, and
 * every limit of the table and the chart (data visualization) blocks. A workspace can also refuse
 * those two outright (`refuseNative`), as a Slack that does not know them answers `invalid_blocks`.
 */

export type BlockSurface = 'message' | 'view';

interface Check {
  surface: BlockSurface;
  /** 50 in a message, 100 in a modal or the Home tab. */
  maxBlocks: number;
  /** Refuse every table and chart (`invalid_blocks`, "unsupported type"). */
  refuseNative: boolean;
}

/** A refusal: the error code Slack answers and what its `errors` detail says. */
export interface BlocksRefusal {
  error: 'invalid_blocks';
  detail: string;
}

const NATIVE = new Set(['table', 'data_visualization']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, max: number) =>
  typeof v === 'string' && v.length >= 1 && v.length <= max;

function cellText(cell: unknown): string | null {
  if (!isObj(cell)) return null;
  if (cell.type === 'raw_text' || cell.type === 'raw_number') {
    return typeof cell.text === 'string' ? cell.text : null;
  }
  if (cell.type !== 'rich_text') return null;
  // A rich text cell's text: every "text" string in its elements.
  const texts = JSON.stringify(cell.elements ?? []).matchAll(/"text":("(?:[^"\\]|\\.)*")/g);
  return [...texts].map((m) => JSON.parse(m[1] ?? '""') as string).join('');
}

function tableProblem(b: Obj): string | null {
  const rows = b.rows;
  if (!Array.isArray(rows) || rows.length < 1 || rows.length > 100) return 'rows: 1 to 100';
  let chars = 0;
  for (const row of rows) {
    if (!Array.isArray(row) || row.length < 1 || row.length > 20) return 'cells per row: 1 to 20';
    for (const cell of row) {
      const text = cellText(cell);
      if (text === null || text.length < 1) return 'a cell must have text';
      chars += text.length;
    }
  }
  if (chars > 10_000) return 'at most 10000 characters across the cells';
  const settings = b.column_settings;
  if (settings !== undefined && (!Array.isArray(settings) || settings.length > 20)) {
    return 'column_settings: at most 20';
  }
  return null;
}

function pointsProblem(data: unknown, labels: readonly string[] | null): string | null {
  if (!Array.isArray(data) || data.length < 1) return 'at least one point';
  for (const [i, p] of data.entries()) {
    if (!isObj(p) || !isText(p.label, 20)) return 'point labels: 1 to 20 characters';
    if (typeof p.value !== 'number' || !Number.isFinite(p.value)) return 'point values: numbers';
    if (labels === null && !(p.value > 0)) return 'segment values: above 0';
    if (labels !== null && p.label !== labels[i]) return 'one point per category, in order';
  }
  if (labels !== null && data.length !== labels.length) return 'one point per category';
  return null;
}

function chartProblem(b: Obj): string | null {
  if (!isText(b.title, 50)) return 'title: 1 to 50 characters';
  const c = b.chart;
  if (!isObj(c)) return 'chart is required';
  if (c.type === 'pie') {
    if (!Array.isArray(c.segments) || c.segments.length > 6) return 'segments: 1 to 6';
    return pointsProblem(c.segments, null);
  }
  if (c.type !== 'line' && c.type !== 'bar' && c.type !== 'area') return 'unknown chart type';
  const axis = c.axis_config;
  if (!isObj(axis) || !Array.isArray(axis.categories)) return 'axis_config.categories is required';
  const categories = axis.categories;
  if (categories.length < 1 || categories.length > 20) return 'categories: 1 to 20';
  if (!categories.every((x) => isText(x, 20))) return 'category labels: 1 to 20 characters';
  for (const label of ['x_label', 'y_label']) {
    if (axis[label] !== undefined && !isText(axis[label], 50)) return `${label}: up to 50`;
  }
  const series = c.series;
  if (!Array.isArray(series) || series.length < 1 || series.length > 6) return 'series: 1 to 6';
  const names = new Set<unknown>();
  for (const s of series) {
    if (!isObj(s) || !isText(s.name, 20)) return 'series names: 1 to 20 characters';
    if (names.has(s.name)) return 'series names must be unique';
    names.add(s.name);
    const problem = pointsProblem(s.data, categories as string[]);
    if (problem) return problem;
  }
  return null;
}

/** What Slack would say of these blocks: null when it takes them. */
export function checkBlocks(blocks: unknown, check: Check): BlocksRefusal | null {
  const refuse = (detail: string): BlocksRefusal => ({ error: 'invalid_blocks', detail });
  if (!Array.isArray(blocks)) return refuse('blocks must be an array');
  if (blocks.length > check.maxBlocks) return refuse(`no more than ${check.maxBlocks} blocks`);
  let tables = 0;
  let charts = 0;
  for (const [i, b] of blocks.entries()) {
    if (!isObj(b) || typeof b.type !== 'string') return refuse(`block ${i}: a type is required`);
    if (!NATIVE.has(b.type)) continue;
    if (check.refuseNative || check.surface !== 'message') {
      return refuse(`unsupported type: ${b.type} [json-pointer:/blocks/${i}/type]`);
    }
    const problem = b.type === 'table' ? tableProblem(b) : chartProblem(b);
    if (problem) return refuse(`${problem} [json-pointer:/blocks/${i}]`);
    if (b.type === 'table') tables += 1;
    else charts += 1;
  }
  if (tables > 1) return refuse('only one table per message');
  if (charts > 2) return refuse('at most 2 data_visualization blocks per message');
  return null;
}

/** The blocks of a JSON body (a response_url post), if any. */
export function blocksOf(body: Buffer): unknown {
  try {
    return (JSON.parse(body.toString('utf8')) as { blocks?: unknown }).blocks;
  } catch {
    return undefined;
  }
}
