import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SealingKey } from './sealing-keys.js';

/**
 * Secrets sealed at rest: AES-256-GCM (node:crypto) with a key ring. A sealed value is text,
 * `sr1.<kid>.<iv>.<ciphertext>.<tag>` (base64url, a random 12-byte IV per seal), so it is stored as
 * any other string. The key id says which key of the ring opens it; the first key of the ring
 * seals. The caller's `context` (the tenant and the field, say `T012:botToken`) and the header
 * are the additional authenticated data: a value copied to another workspace or field, or given
 * another key id, does not open.
 */

export const SEALED_VERSION = 'sr1';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const B64URL = '[A-Za-z0-9_-]';
/** IV: 12 bytes = 16 characters; tag: 16 bytes = 22 characters (base64url, no padding). */
const SEALED_PATTERN = new RegExp(
  `^${SEALED_VERSION}\\.(${B64URL}{1,16})\\.(${B64URL}{16})\\.(${B64URL}*)\\.(${B64URL}{22})$`,
);
const LONE_SURROGATE = /\p{Cs}/u;

export const SEALED_VALUE_REASONS = ['malformed', 'unknown-key', 'not-authentic'] as const;
export type SealedValueReason = (typeof SEALED_VALUE_REASONS)[number];

/**
 * A sealed value that does not open. The message is one actionable line for the operator: it
 * names the key id at most, never the value, the plaintext or a key.
 */
export class SealedValueError extends Error {
  override readonly name = 'SealedValueError';
  readonly reason: SealedValueReason;
  /** The key id the value names; null when it is not a sealed value at all. */
  readonly keyId: string | null;

  constructor(
    reason: SealedValueReason,
    message: string,
    options: { keyId?: string | null; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.reason = reason;
    this.keyId = options.keyId ?? null;
  }
}

export interface Sealer {
  /** The id of the key that seals: the first of the ring. */
  readonly activeKeyId: string;
  /** Every key id of the ring, the active one first. */
  readonly keyIds: readonly string[];
  /** Seals `plain` under the active key; `context` must be given again to open it. */
  seal(plain: string, context?: string): string;
  /** @throws SealedValueError malformed, sealed with a key not in the ring, or not authentic. */
  open(sealed: string, context?: string): string;
  /** Whether the value was sealed with a key other than the active one (rotation). */
  needsReseal(sealed: string): boolean;
}

interface Parts {
  keyId: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/** Whether `value` has the sealed format (it may still not open). */
export function looksSealed(value: string): boolean {
  return SEALED_PATTERN.test(value);
}

function parse(sealed: string): Parts {
  const match = SEALED_PATTERN.exec(sealed);
  if (match === null) {
    throw new SealedValueError(
      'malformed',
      `a stored secret is not a sealed value (expected ${SEALED_VERSION}.<kid>.<iv>.<ciphertext>.<tag>): it was not written by the sealer, or it was cut short`,
    );
  }
  const [, keyId = '', iv = '', ciphertext = '', tag = ''] = match;
  return {
    keyId,
    iv: Buffer.from(iv, 'base64url'),
    ciphertext: Buffer.from(ciphertext, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
  };
}

/** The additional authenticated data: the header and the caller's context. */
function aad(keyId: string, context: string): Buffer {
  return Buffer.from(`${SEALED_VERSION}.${keyId}.${context}`, 'utf8');
}

/**
 * A sealer over a key ring (from parseSealingKeys): the first key seals, all of them open.
 * @throws Error when the ring is empty or names a key id twice (parseSealingKeys refuses both).
 */
export function createSealer(keys: readonly SealingKey[]): Sealer {
  const [active] = keys;
  if (active === undefined) throw new Error('createSealer needs at least one key');
  const ring = new Map(keys.map((k) => [k.id, k.key]));
  if (ring.size !== keys.length) throw new Error('createSealer: a key id is used twice');
  const keyIds = keys.map((k) => k.id);

  return {
    activeKeyId: active.id,
    keyIds,
    seal(plain, context = '') {
      if (LONE_SURROGATE.test(plain)) {
        throw new RangeError('seal: the text is not well-formed Unicode (a lone surrogate)');
      }
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, active.key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(active.id, context));
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [SEALED_VERSION, active.id, iv, ciphertext, tag]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    open(sealed, context = '') {
      const parts = parse(sealed);
      const key = ring.get(parts.keyId);
      if (key === undefined) {
        throw new SealedValueError(
          'unknown-key',
          `a stored secret was sealed with key id "${parts.keyId}", which is not in SEALING_KEYS (it has ${keyIds.map((id) => `"${id}"`).join(', ')}): put that key back into SEALING_KEYS, after the active one, and restart`,
          { keyId: parts.keyId },
        );
      }
      try {
        const decipher = createDecipheriv(ALGORITHM, key, parts.iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(aad(parts.keyId, context));
        decipher.setAuthTag(parts.tag);
        return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]).toString(
          'utf8',
        );
      } catch (error) {
        throw new SealedValueError(
          'not-authentic',
          `a stored secret sealed with key id "${parts.keyId}" did not open: SEALING_KEYS has another key under "${parts.keyId}" (restore the original key under that id and give a new key a new id), or the value was altered or belongs to another workspace or field`,
          { keyId: parts.keyId, cause: error },
        );
      }
    },
    needsReseal(sealed) {
      return parse(sealed).keyId !== active.id;
    },
  };
}

/**
 * Key rotation: the value sealed again under the active key when another key sealed it, else
 * null (nothing to write). No I/O: the caller reads and writes the store.
 * @throws SealedValueError when the value does not open.
 */
export function resealIfNeeded(sealer: Sealer, sealed: string, context = ''): string | null {
  if (!sealer.needsReseal(sealed)) return null;
  return sealer.seal(sealer.open(sealed, context), context);
}
