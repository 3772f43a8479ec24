import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const text = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');

/**
 * Every path docs/architecture.md names: `src/...`, `blocks/...`, `jobs/...`, `test/...`,
 * `docs/...` in backticks. A bare file name right after a path in the same sentence
 * (`acknowledge.ts` (or `snooze-for.ts`)) is taken in that path's folder.
 */
function namedPaths(markdown: string): string[] {
  const paths: string[] = [];
  let folder = '';
  for (const match of markdown.matchAll(/`([\w./-]+)`/g)) {
    const token = match[1] ?? '';
    if (/^(src|blocks|jobs|test|docs)\//.test(token)) {
      paths.push(token);
      folder = token.endsWith('/') ? token : dirname(token);
    } else if (/^[\w-]+\.(ts|md)$/.test(token) && folder !== '') {
      paths.push(join(folder, token));
    }
  }
  return [...new Set(paths)];
}

describe('docs/architecture.md', () => {
  const paths = namedPaths(text);

  it('names the files of every flow', () => {
    expect(paths.length).toBeGreaterThan(50);
    expect(paths).toEqual(
      expect.arrayContaining(['src/digest/send-digest.ts', 'jobs/digest-job.ts', 'src/main.ts']),
    );
  });

  it('names only files and folders that exist', () => {
    expect(paths.filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
  });

  it('is linked from the README', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('(docs/architecture.md)');
  });
});
