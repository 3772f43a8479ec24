import { fail, ok, type Step, showToken } from './tokenize.js';

/** Largest volume accepted: a billion conversations a month is far beyond any stage of a plan. */
const MAX_VOLUME = 1_000_000_000;
/** Growth must stay above -100%/month (a total loss) and at most 1000%/month. */
const MIN_GROWTH_EXCLUSIVE = -100;
const MAX_GROWTH = 1000;
const MONTHS_RANGE = { min: 1, max: 120 } as const;
export const HISTORY_RANGE = { min: 1, max: 50 } as const;
export const HISTORY_DEFAULT = 5;
export const AGENTS_RANGE = { min: 1, max: 100_000 } as const;
const STAGE_RANGE = { min: 1, max: 20 } as const;

const SUFFIX = new Map([
  ['k', 1_000],
  ['m', 1_000_000],
]);
// 2000, 2,000, 2k, 2.5K, 1.2m, optionally followed by /mo or /month (as the seed writes "500/mo").
const VOLUME = /^(\d{1,3}(?:,\d{3})+|\d{1,12})(?:\.(\d{1,6}))?([km])?(?:\/mo(?:nth)?)?$/i;
// 30, 30%, -5%, +2.5%, optionally followed by /mo or /month.
const GROWTH = /^([+-]?)(\d{1,6}(?:\.\d{1,4})?)(%)?(?:\/mo(?:nth)?)?$/i;
const MONTHS = /^(\d{1,4})(?:mo|mos|month|months)?$/i;
const INTEGER = /^\d{1,9}$/;
const formatInt = (n: number) => n.toLocaleString('en-US');

/** Conversations per month: 2000, 2,000, 2k, 2.5K (also m/M for millions). */
export function parseVolume(token: string): Step<number> {
  const shown = showToken(token);
  if (/^-\d/.test(token)) {
    return fail(`${shown} is not a volume: it must not be negative; try 2000 or 2k`);
  }
  const match = VOLUME.exec(token);
  if (!match) {
    return fail(`${shown} is not a volume; try 2000 or 2k`);
  }
  const [, whole = '', fraction = '', suffix = ''] = match;
  const base = Number(`${whole.replace(/,/g, '')}.${fraction || '0'}`);
  const multiplier = SUFFIX.get(suffix.toLowerCase()) ?? 1;
  const value = Math.round(base * multiplier * 1_000_000) / 1_000_000;
  if (!Number.isFinite(value) || value > MAX_VOLUME) {
    return fail(`${shown} is too large a volume; the most is ${formatInt(MAX_VOLUME)}/month`);
  }
  return ok(value);
}

/** Monthly growth in percent: 30% and 30 both mean 30%/month; 0 and negatives above -100% allowed. */
export function parseGrowth(token: string): Step<number> {
  const shown = showToken(token);
  const match = GROWTH.exec(token);
  if (!match) {
    return fail(`${shown} is not a growth rate; try 30% (per month)`);
  }
  const [, sign = '', digits = ''] = match;
  const value = Number(`${sign === '-' ? '-' : ''}${digits}`);
  if (value <= MIN_GROWTH_EXCLUSIVE) {
    return fail(`${shown} is too low a growth rate; it must be above -100% per month`);
  }
  if (value > MAX_GROWTH) {
    return fail(`${shown} is too high a growth rate; the most is ${MAX_GROWTH}% per month`);
  }
  return ok(value === 0 ? 0 : value);
}

/** Projection horizon: a whole number of months, 1..120 (3, 3mo, 3months). */
export function parseMonths(token: string): Step<number> {
  const shown = showToken(token);
  const match = MONTHS.exec(token);
  if (!match) {
    return fail(`${shown} is not a number of months; try 3 (1 to ${MONTHS_RANGE.max})`);
  }
  return inRange(Number(match[1]), MONTHS_RANGE, `${shown} months is out of range`);
}

/** A whole number within a range, with messages naming the token and what it stands for. */
export function parseCount(
  token: string,
  what: string,
  range: { min: number; max: number },
): Step<number> {
  const shown = showToken(token);
  if (!INTEGER.test(token)) {
    return fail(
      `${shown} is not ${what}; give a whole number from ${range.min} to ${formatInt(range.max)}`,
    );
  }
  return inRange(Number(token), range, `${shown} is out of range for ${what}`);
}

function inRange(value: number, range: { min: number; max: number }, prefix: string): Step<number> {
  if (value < range.min || value > range.max) {
    return fail(`${prefix}; give ${range.min} to ${formatInt(range.max)}`);
  }
  return ok(value);
}

// Slack team ids (T0123ABCD, E… on Enterprise Grid) and the CLI's own `local`.
const TEAM_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** A team id for `--team`: letters, digits, `_` and `-`, e.g. T0123ABCD or local. */
export function parseTeamId(token: string): Step<string> {
  if (!TEAM_ID.test(token)) {
    return fail(`${showToken(token)} is not a team id; use the Slack team id, e.g. T0123ABCD`);
  }
  return ok(token);
}

/** A cost target: a stage number (3, stage3), `next` or `current`. */
export function parseCostTarget(token: string): Step<number | 'next' | 'current'> {
  const lower = token.toLowerCase();
  if (lower === 'next' || lower === 'current') {
    return ok(lower);
  }
  const match = /^(?:stage|s)?(\d{1,9})$/.exec(lower);
  if (!match) {
    return fail(
      `${showToken(token)} is not a stage; try a stage number such as 2, next or current`,
    );
  }
  return inRange(Number(match[1]), STAGE_RANGE, `${showToken(token)} is not a stage`);
}
