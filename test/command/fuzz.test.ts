import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand, parseCommandStrict } from '../../src/command/parse-command.js';
import type { ParseResult, Surface } from '../../src/command/types.js';

const surfaces = fc.constantFrom<Surface>('slack', 'cli');

// Words of the grammar mixed with junk, so that the fuzz reaches deep into every command.
const WORDS = [
  'status',
  'project',
  'cost',
  'history',
  'subscribe',
  'unsubscribe',
  'help',
  'plan',
  'digest',
  'subscriptions',
  'public',
  'next',
  'current',
  'stage',
  'agents',
  '--json',
  '--metrics',
  '--save',
  '--now',
  '--channel',
  '--agents',
  '--help',
  '-h',
  '-',
  '2k',
  '2,000',
  '2.5K',
  '30%',
  '-5%',
  '3',
  '0',
  '121',
  '1e308',
  'NaN',
  'mon',
  'monday',
  '9am',
  '09:00',
  '5:30pm',
  'am',
  'Europe/Paris',
  'C0123456789',
  '__proto__',
  'constructor',
  '`',
  '<!here>',
  '%',
  ',',
  '.',
  '—json',
];
const token = fc.oneof(
  fc.constantFrom(...WORDS),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);
const grammarish = fc.array(token, { maxLength: 8 });

function assertWellFormed(result: ParseResult): void {
  if (result.ok) {
    expect(typeof result.command.kind).toBe('string');
    return;
  }
  expect(result.error.message.length).toBeGreaterThan(0);
  expect(result.error.message).not.toContain('\n');
  expect(result.error.message).not.toContain('internal error');
  expect(result.error.usage.length).toBeGreaterThan(0);
}

describe('parseCommand never throws', () => {
  it('answers 5,000 random strings with a result', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 700 }), surfaces, (input, surface) => {
        // Act + Assert: the strict parser has no safety net, so a throw fails the property.
        assertWellFormed(parseCommandStrict(input, surface));
      }),
      { numRuns: 5000 },
    );
  });

  it('answers 5,000 grammar-like token lists, as text and as argv', () => {
    fc.assert(
      fc.property(grammarish, surfaces, (tokens, surface) => {
        // Act + Assert
        assertWellFormed(parseCommandStrict(tokens.join(' '), surface));
        assertWellFormed(parseCommandStrict(tokens, surface));
      }),
      { numRuns: 5000 },
    );
  });

  it('answers values of the wrong type with an error', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (input, surface) => {
        // Act
        const result = parseCommand(input as string, surface as Surface);

        // Assert
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  it('answers an object whose toString is not a function (a fuzz counterexample)', () => {
    // Arrange: String() of this value throws
    const hostile = { toString: [] } as unknown;
    // Act
    const asSurface = parseCommand('', hostile as Surface);
    const asInput = parseCommand(hostile as string, 'slack');
    // Assert
    expect(asSurface.ok).toBe(false);
    expect(asInput.ok).toBe(false);
  });
});
