import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvConfigError } from '../../src/config/bot-env.js';
import { parseInstallEnv } from '../../src/config/install-env.js';
import { createSealer, SealedValueError } from '../../src/secrets/sealer.js';
import { parseSealingKeys } from '../../src/secrets/sealing-keys.js';
import { base64Key, sealingKey } from '../secrets/keys.js';

const ROOT = join(import.meta.dirname, '..', '..');
const operations = readFileSync(join(ROOT, 'docs', 'operations.md'), 'utf8');

/** The lines docs/operations.md quotes in "Sealing keys" (`- \`…\`` list items). */
function quotedLines(): string[] {
  const section = operations.slice(operations.indexOf('## Sealing keys'));
  const end = section.indexOf('\n## ', 1);
  const body = end < 0 ? section : section.slice(0, end);
  return [...body.matchAll(/^- `([^`]+)`/gm)].map((m) => m[1] ?? '');
}

function thrown(act: () => unknown): string[] {
  try {
    act();
  } catch (error) {
    if (error instanceof EnvConfigError) return error.problems;
    if (error instanceof SealedValueError) return [error.message];
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('docs/operations.md, "Sealing keys"', () => {
  it('quotes the lines the code prints, word for word', () => {
    // Arrange: the situations the section describes
    const sealedWithK1 = createSealer([sealingKey('k1', 1)]).seal('xoxb-1', 'T1:botToken');
    const shortKey = parseSealingKeys(`k1:${base64Key(1)},k2:${base64Key(2, 16)}`);

    // Act
    const printed = [
      ...thrown(() => parseInstallEnv({ SLACK_CLIENT_ID: '1234567890.1234567890' })),
      ...(shortKey.ok ? [] : shortKey.problems),
      ...thrown(() => createSealer([sealingKey('k2', 2)]).open(sealedWithK1, 'T1:botToken')),
      ...thrown(() => createSealer([sealingKey('k1', 9)]).open(sealedWithK1, 'T1:botToken')),
    ];

    // Assert
    const quoted = quotedLines();
    expect(quoted).toHaveLength(4);
    expect(printed).toEqual(expect.arrayContaining(quoted));
  });
});
