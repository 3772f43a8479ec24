import { describe, expect, it } from 'vitest';
import { parseSealingKeys } from '../../src/secrets/sealing-keys.js';
import { base64Key } from './keys.js';

describe('parseSealingKeys', () => {
  it('reads a ring in order, the first key first, around spaces and a trailing comma', () => {
    // Arrange
    const raw = ` k2:${base64Key(2)} , old_k-1:${base64Key(1)},`;

    // Act
    const result = parseSealingKeys(raw);

    // Assert
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.keys.map((k) => k.id)).toEqual(['k2', 'old_k-1']);
    expect(result.keys[0]?.key.export()).toEqual(Buffer.alloc(32, 2));
    expect(result.keys[0]?.key.symmetricKeySize).toBe(32);
  });

  it('accepts the URL-safe alphabet without padding', () => {
    const urlSafe = Buffer.alloc(32, 0xfb).toString('base64url');
    const result = parseSealingKeys(`k1:${urlSafe}`);
    expect(result.ok && result.keys[0]?.key.export()).toEqual(Buffer.alloc(32, 0xfb));
  });

  it('lists every problem at once, one actionable line each, never echoing a key', () => {
    // Arrange: no colon, an id too long, a key that is not base64, a short key, an id used twice
    const short = base64Key(9, 16);
    const pasted = base64Key(7);
    const raw = [
      pasted,
      `a-very-long-key-id-indeed:${base64Key(3)}`,
      'k3:not base64!',
      `k4:${short}`,
      `k5:${base64Key(5)}`,
      `k5:${base64Key(6)}`,
    ].join(',');

    // Act
    const result = parseSealingKeys(raw);

    // Assert
    expect(result).toEqual({
      ok: false,
      problems: [
        'SEALING_KEYS entry 1: expected kid:base64key (a key id, a colon, then the key), e.g. k1:<key>; generate one with: openssl rand -base64 32',
        'SEALING_KEYS entry 2: the key id must be 1-16 characters of A-Z, a-z, 0-9, _ or - (got 25 characters before the colon)',
        'SEALING_KEYS entry 3 ("k3"): the key is not base64; generate one with: openssl rand -base64 32',
        'SEALING_KEYS entry 4 ("k4"): key must be 32 bytes base64 (got 16); generate one with: openssl rand -base64 32',
        'SEALING_KEYS entry 6: key id "k5" is already used by entry 5; give every key its own id',
      ],
    });
    const text = JSON.stringify(result);
    for (const key of [pasted, short, base64Key(3), base64Key(5), base64Key(6)]) {
      expect(text).not.toContain(key);
    }
  });

  it('refuses an empty ring with the way to make a key', () => {
    expect(parseSealingKeys(' , ')).toEqual({
      ok: false,
      problems: [
        'SEALING_KEYS is empty: set it to kid:base64key, e.g. k1:<key>; generate one with: openssl rand -base64 32',
      ],
    });
  });

  it('does not echo a malformed key id (it may be a key pasted in the wrong place)', () => {
    const result = parseSealingKeys(`abc.def:${base64Key(1)}`);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('abc.def');
  });
});
