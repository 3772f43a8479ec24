import { createSecretKey, type KeyObject } from 'node:crypto';

/**
 * SEALING_KEYS: the key ring that seals secrets at rest (src/secrets/sealer.ts). Comma-separated
 * `kid:base64key` entries of 32-byte AES-256 keys; the first seals, every one opens. A problem
 * names the entry by its position and the key id at most, never a key.
 */

/** A key's length: AES-256. */
export const SEALING_KEY_BYTES = 32;

/** 1-16 characters of A-Z, a-z, 0-9, `_` and `-`: no `.` (the sealed format's separator). */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,16}$/;

/** How to make a key, in every problem about one. */
export const GENERATE_KEY_HINT = 'generate one with: openssl rand -base64 32';

/**
 * One key of the ring. The key is a node:crypto KeyObject: it prints as `SecretKeyObject` and
 * serialises to `{}`, so logging a ring by mistake shows no key material.
 */
export interface SealingKey {
  readonly id: string;
  readonly key: KeyObject;
}

export type SealingKeysResult =
  | { ok: true; keys: readonly SealingKey[] }
  | { ok: false; problems: readonly string[] };

const BASE64 = /^(?:[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+)$/;

/** The key of one `kid:base64key` entry, or the problem with it (a key is never echoed). */
function parseEntry(
  entry: string,
  position: number,
  seen: Map<string, number>,
): { key: SealingKey } | { problem: string } {
  const at = `SEALING_KEYS entry ${position}`;
  const colon = entry.indexOf(':');
  if (colon < 0) {
    return {
      problem: `${at}: expected kid:base64key (a key id, a colon, then the key), e.g. k1:<key>; ${GENERATE_KEY_HINT}`,
    };
  }
  const id = entry.slice(0, colon).trim();
  const encoded = entry.slice(colon + 1).trim();
  if (!KEY_ID_PATTERN.test(id)) {
    // The id is not echoed either: a malformed entry may be a key pasted in the wrong place.
    return {
      problem: `${at}: the key id must be 1-16 characters of A-Z, a-z, 0-9, _ or - (got ${id.length} characters before the colon)`,
    };
  }
  const first = seen.get(id);
  if (first !== undefined) {
    return {
      problem: `${at}: key id "${id}" is already used by entry ${first}; give every key its own id`,
    };
  }
  seen.set(id, position);
  if (!BASE64.test(encoded)) {
    return { problem: `${at} ("${id}"): the key is not base64; ${GENERATE_KEY_HINT}` };
  }
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length !== SEALING_KEY_BYTES) {
    return {
      problem: `${at} ("${id}"): key must be ${SEALING_KEY_BYTES} bytes base64 (got ${bytes.length}); ${GENERATE_KEY_HINT}`,
    };
  }
  const key = createSecretKey(bytes);
  bytes.fill(0);
  return { key: { id, key } };
}

/**
 * Parses SEALING_KEYS. Every problem at once, one actionable line each; an empty entry (a
 * trailing comma) is skipped, but positions count every entry as written.
 */
export function parseSealingKeys(raw: string): SealingKeysResult {
  const entries = raw
    .split(',')
    .map((entry, index) => ({ entry: entry.trim(), position: index + 1 }));
  const written = entries.filter(({ entry }) => entry !== '');
  if (written.length === 0) {
    return {
      ok: false,
      problems: [
        `SEALING_KEYS is empty: set it to kid:base64key, e.g. k1:<key>; ${GENERATE_KEY_HINT}`,
      ],
    };
  }
  const seen = new Map<string, number>();
  const keys: SealingKey[] = [];
  const problems: string[] = [];
  for (const { entry, position } of written) {
    const parsed = parseEntry(entry, position, seen);
    if ('problem' in parsed) problems.push(parsed.problem);
    else keys.push(parsed.key);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, keys };
}
