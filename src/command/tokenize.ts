import type { Surface } from './types.js';

/** Longest command text accepted, per surface (CLI argv may carry long file paths). */
const MAX_INPUT_LENGTH = { slack: 500, cli: 2000 } as const satisfies Record<Surface, number>;

/** A value or a one-line message naming the problem. */
export type Step<T> = { ok: true; value: T } | { ok: false; message: string };

export const ok = <T>(value: T): Step<T> => ({ ok: true, value });
export const fail = <T = never>(message: string): Step<T> => ({ ok: false, message });

// Invisible characters that copy-paste (and Slack) slip into text: zero-width spaces and joiners, BOM.
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;
const WHITESPACE = /\s+/u;
const SHOWN_TOKEN_LENGTH = 40;

/**
 * Split command text (Slack) or argv (CLI) into tokens. argv elements are kept whole (a file path may
 * contain spaces); empty elements are dropped.
 */
export function tokenize(input: string | readonly string[], surface: Surface): Step<string[]> {
  const raw = typeof input === 'string' ? input : input.join(' ');
  const limit = MAX_INPUT_LENGTH[surface];
  if (raw.length > limit) {
    return fail(`the command is too long (${raw.length} characters; the limit is ${limit})`);
  }
  if (hasControlCharacter(raw)) {
    return fail('the command contains a control character; type it as plain text');
  }
  const pieces = typeof input === 'string' ? input.split(WHITESPACE) : [...input];
  const tokens = pieces.map((piece) => piece.replace(INVISIBLE, '')).filter((t) => t !== '');
  return ok(tokens);
}

/** C0 and C1 control characters, other than the whitespace (tab, newlines) that separates tokens. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const whitespace = code >= 0x09 && code <= 0x0d;
    if ((code < 0x20 && !whitespace) || (code >= 0x7f && code <= 0x9f)) {
      return true;
    }
  }
  return false;
}

/**
 * A token as shown inside an error message: backticks replaced (they would break the `code` span),
 * long tokens shortened.
 */
export function showToken(token: string): string {
  const safe = token.replace(/`/g, "'");
  const chars = Array.from(safe);
  if (chars.length <= SHOWN_TOKEN_LENGTH) {
    return `\`${safe}\``;
  }
  return `\`${chars.slice(0, SHOWN_TOKEN_LENGTH).join('')}…\``;
}

/** Levenshtein distance, bounded inputs only (tokens are at most MAX_INPUT_LENGTH long). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(
        Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The closest candidate within two edits, for "did you mean" hints. */
export function closest(token: string, candidates: readonly string[]): string | null {
  const lower = token.toLowerCase();
  if (lower.length > 40) {
    return null;
  }
  let best: string | null = null;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
