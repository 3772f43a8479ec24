import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, sourceFiles } from './layers/import-graph.js';

const ROOT = join(import.meta.dirname, '..');

/** Packages that do I/O (network, disk, clock-driven scheduling): forbidden in the pure core. */
const FORBIDDEN = [
  /^@slack\/(bolt|web-api|socket-mode|oauth)/,
  /^@aws-sdk\//,
  /^@smithy\//,
  /^mongodb/,
  /^pg(-connection-string)?$/,
  /^better-sqlite3/,
  /^node-cron/,
  /^pino/,
  /^(node:)?(fs|fs\/promises|http|https|net|dgram|child_process|worker_threads|dns|tls)$/,
];

describe('architecture boundary', () => {
  for (const dir of ['src/domain', 'blocks']) {
    it(`${dir} imports no I/O package and reads no environment or clock`, () => {
      // Arrange
      const files = sourceFiles(join(ROOT, dir));
      // Act
      const offenders = files.flatMap((file) => {
        const source = readFileSync(file, 'utf8');
        const bad = importsOf(source).filter((spec) => FORBIDDEN.some((re) => re.test(spec)));
        if (/process\.env/.test(source)) bad.push('process.env');
        if (/\bDate\.now\(\)|new Date\(\)/.test(source)) bad.push('clock (Date.now / new Date())');
        return bad.map((spec) => `${relative(ROOT, file)}: ${spec}`);
      });
      // Assert
      expect(files.length).toBeGreaterThan(0);
      expect(offenders).toEqual([]);
    });
  }

  it('detects a forbidden import (the check itself can fail)', () => {
    const offending = importsOf("import { App } from '@slack/bolt';\nimport x from 'node:fs';");
    expect(offending.filter((spec) => FORBIDDEN.some((re) => re.test(spec)))).toEqual([
      '@slack/bolt',
      'node:fs',
    ]);
  });
});
