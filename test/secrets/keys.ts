import { createSecretKey } from 'node:crypto';
import type { SealingKey } from '../../src/secrets/sealing-keys.js';

/** A fixed 32-byte key, base64 (distinct per `fill`, so tests never depend on randomness). */
export function base64Key(fill: number, bytes = 32): string {
  return Buffer.alloc(bytes, fill).toString('base64');
}

/** A ring key with the bytes of base64Key(fill). */
export function sealingKey(id: string, fill: number): SealingKey {
  return { id, key: createSecretKey(Buffer.alloc(32, fill)) };
}
