import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createSealer,
  looksSealed,
  resealIfNeeded,
  SealedValueError,
  type SealedValueReason,
} from '../../src/secrets/sealer.js';
import { base64Key, sealingKey } from './keys.js';

const TOKEN = 'xoxb-1111-2222-SEALTHIS';
const CONTEXT = 'T0ALPHA:botToken';
const K1 = sealingKey('k1', 1);
const K2 = sealingKey('k2', 2);

/** The SealedValueError `act` throws; fails the test when it throws nothing or something else. */
function refusal(act: () => unknown): SealedValueError {
  try {
    act();
  } catch (error) {
    if (error instanceof SealedValueError) return error;
    throw error;
  }
  throw new Error('expected a SealedValueError');
}

/**
 * The sealed value with the first character of part `index` (2 IV, 3 ciphertext, 4 tag) changed:
 * the first one, because the last character of a base64url part may carry padding bits only.
 */
function tampered(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const part = parts[index] ?? '';
  parts[index] = `${part.startsWith('A') ? 'B' : 'A'}${part.slice(1)}`;
  return parts.join('.');
}

describe('the sealer', () => {
  it('opens what it sealed, with the same context', () => {
    // Arrange
    const sealer = createSealer([K1]);

    // Act
    const sealed = sealer.seal(TOKEN, CONTEXT);

    // Assert
    expect(sealed).toMatch(/^sr1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(sealed).not.toContain('SEALTHIS');
    expect(looksSealed(sealed)).toBe(true);
    expect(looksSealed(TOKEN)).toBe(false);
    expect(sealer.open(sealed, CONTEXT)).toBe(TOKEN);
    expect(sealer.activeKeyId).toBe('k1');
  });

  it('seals the same text differently every time (a random IV per seal)', () => {
    const sealer = createSealer([K1]);
    const a = sealer.seal(TOKEN, CONTEXT);
    const b = sealer.seal(TOKEN, CONTEXT);
    expect(a).not.toBe(b);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
  });

  it('seals and opens the empty text', () => {
    const sealer = createSealer([K1]);
    expect(sealer.open(sealer.seal(''), '')).toBe('');
  });

  it('refuses a value under another context: another workspace or field, or none', () => {
    // Arrange
    const sealer = createSealer([K1]);
    const sealed = sealer.seal(TOKEN, CONTEXT);

    // Act
    const errors = ['T0BETA:botToken', 'T0ALPHA:refreshToken', ''].map((context) =>
      refusal(() => sealer.open(sealed, context)),
    );

    // Assert
    for (const error of errors) {
      expect(error.reason).toBe('not-authentic');
      expect(error.keyId).toBe('k1');
      expect(error.cause).toBeInstanceOf(Error);
      expect(error.message).not.toContain(TOKEN);
    }
  });

  it.each([
    [2, 'the IV'],
    [3, 'the ciphertext'],
    [4, 'the tag'],
  ])('refuses a value whose part %i (%s) was altered', (index) => {
    const sealer = createSealer([K1]);
    const sealed = sealer.seal(TOKEN, CONTEXT);
    expect(refusal(() => sealer.open(tampered(sealed, index), CONTEXT)).reason).toBe(
      'not-authentic',
    );
  });

  it('binds the key id: a value relabelled to another id of the same key does not open', () => {
    // Arrange: two ids for the same key bytes, so only the authenticated header tells them apart
    const sealer = createSealer([sealingKey('a', 7), sealingKey('b', 7)]);
    const sealed = sealer.seal(TOKEN, CONTEXT);

    // Act
    const error = refusal(() => sealer.open(sealed.replace(/^sr1\.a\./, 'sr1.b.'), CONTEXT));

    // Assert
    expect(error.reason).toBe('not-authentic');
  });

  it('names an unknown key id, and the ids it has, never the value', () => {
    // Arrange
    const sealed = createSealer([sealingKey('k0', 9)]).seal(TOKEN, CONTEXT);

    // Act
    const error = refusal(() => createSealer([K2, K1]).open(sealed, CONTEXT));

    // Assert
    expect(error).toMatchObject({ name: 'SealedValueError', reason: 'unknown-key', keyId: 'k0' });
    expect(error.message).toBe(
      'a stored secret was sealed with key id "k0", which is not in SEALING_KEYS (it has "k2", "k1"): put that key back into SEALING_KEYS, after the active one, and restart',
    );
  });

  it.each([
    ['plain text', TOKEN],
    ['a truncated value', 'sr1.k1.AAAAAAAAAAAAAAAA.abc'],
    ['another version', 'sr9.k1.AAAAAAAAAAAAAAAA.abc.AAAAAAAAAAAAAAAAAAAAAA'],
    ['a short IV', 'sr1.k1.AAAA.abc.AAAAAAAAAAAAAAAAAAAAAA'],
  ])('refuses %s as malformed without echoing it', (_, value) => {
    const sealer = createSealer([K1]);
    const errors = [
      refusal(() => sealer.open(value, CONTEXT)),
      refusal(() => sealer.needsReseal(value)),
    ];
    for (const error of errors) {
      expect(error.reason satisfies SealedValueReason).toBe('malformed');
      expect(error.keyId).toBeNull();
      expect(error.message).not.toContain(value);
    }
  });

  it('never puts the plaintext or key material in a message', () => {
    // Arrange
    const sealer = createSealer([K1]);
    const sealed = sealer.seal(TOKEN, CONTEXT);
    const keyText = [base64Key(1), Buffer.alloc(32, 1).toString('hex')];

    // Act
    const messages = [
      refusal(() => sealer.open(sealed, 'other')),
      refusal(() => createSealer([K2]).open(sealed, CONTEXT)),
    ].map((e) => `${e.message} ${String(e.cause)} ${JSON.stringify(e)}`);

    // Assert
    for (const text of [...messages, JSON.stringify(sealer), JSON.stringify(K1)]) {
      expect(text).not.toContain(TOKEN);
      for (const key of keyText) expect(text).not.toContain(key);
    }
  });

  it('refuses text that is not well-formed Unicode instead of sealing something else', () => {
    expect(() => createSealer([K1]).seal('abc\uD800')).toThrow(RangeError);
  });

  it('needs a ring of at least one key, each id once', () => {
    expect(() => createSealer([])).toThrow('at least one key');
    expect(() => createSealer([K1, sealingKey('k1', 3)])).toThrow('used twice');
  });
});

describe('key rotation', () => {
  it('opens a value sealed with the old key once the new key is first, and asks for a reseal', () => {
    // Arrange
    const sealed = createSealer([K1]).seal(TOKEN, CONTEXT);
    const rotated = createSealer([K2, K1]);

    // Act
    const opened = rotated.open(sealed, CONTEXT);

    // Assert
    expect(opened).toBe(TOKEN);
    expect(rotated.activeKeyId).toBe('k2');
    expect(rotated.keyIds).toEqual(['k2', 'k1']);
    expect(rotated.needsReseal(sealed)).toBe(true);
  });

  it('reseals under the new key, which then opens without the old one', () => {
    // Arrange
    const sealed = createSealer([K1]).seal(TOKEN, CONTEXT);
    const rotated = createSealer([K2, K1]);

    // Act
    const resealed = resealIfNeeded(rotated, sealed, CONTEXT);

    // Assert
    expect(resealed).toMatch(/^sr1\.k2\./);
    expect(rotated.needsReseal(resealed ?? '')).toBe(false);
    expect(createSealer([K2]).open(resealed ?? '', CONTEXT)).toBe(TOKEN);
    expect(resealIfNeeded(rotated, resealed ?? '', CONTEXT)).toBeNull();
  });

  it('does not reseal a value under the wrong context', () => {
    const sealed = createSealer([K1]).seal(TOKEN, CONTEXT);
    expect(refusal(() => resealIfNeeded(createSealer([K2, K1]), sealed, 'T0BETA')).reason).toBe(
      'not-authentic',
    );
  });
});

describe('properties', () => {
  const text = fc.string({ unit: 'grapheme', maxLength: 200 });

  it('opens every sealed text under its context, and under no other', () => {
    const sealer = createSealer([K2, K1]);
    fc.assert(
      fc.property(text, text, text, (plain, context, other) => {
        const sealed = sealer.seal(plain, context);
        expect(sealer.open(sealed, context)).toBe(plain);
        expect(sealer.needsReseal(sealed)).toBe(false);
        if (other !== context) {
          expect(refusal(() => sealer.open(sealed, other)).reason).toBe('not-authentic');
        }
      }),
    );
  });

  it('keeps every text through a rotation', () => {
    const old = createSealer([K1]);
    const rotated = createSealer([K2, K1]);
    fc.assert(
      fc.property(text, text, (plain, context) => {
        const resealed = resealIfNeeded(rotated, old.seal(plain, context), context);
        expect(resealed === null ? null : createSealer([K2]).open(resealed, context)).toBe(plain);
      }),
    );
  });
});
