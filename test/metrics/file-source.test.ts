import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SnapshotError } from '../../src/metrics/errors.js';
import { createFileSource } from '../../src/metrics/file-source.js';

const NOW = new Date('2026-03-02T09:00:00Z');
let dir = '';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scale-review-metrics-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('file metrics source', () => {
  it('reads a snapshot file and marks the keys it leaves out', async () => {
    const path = await file('week.json', JSON.stringify({ cpuPercent: 72, memoryPercent: 68 }));

    const result = await createFileSource(path).fetch({ now: NOW });

    expect(result.snapshot).toEqual({ cpuPercent: 72, memoryPercent: 68 });
    expect(result.source).toEqual({
      kind: 'file',
      description: 'metrics file',
      detail: `file ${path}`,
      apiCalls: 0,
      metricsRequested: 0,
    });
    expect(result.quality).toContainEqual({
      metric: 'dbConnections',
      issue: 'noData',
      detail: 'not in the metrics file',
    });
    expect(result.quality.map((q) => q.metric)).not.toContain('cpuPercent');
  });

  it('fails with a SnapshotError naming a missing file', async () => {
    const path = join(dir, 'nope.json');

    await expect(createFileSource(path).fetch({ now: NOW })).rejects.toThrow(
      new SnapshotError(path, `metrics file not found: ${path}`),
    );
  });

  it('fails with a SnapshotError on bad JSON', async () => {
    const path = await file('bad.json', '{ "cpuPercent": 72,');

    const failure = createFileSource(path).fetch({ now: NOW });

    await expect(failure).rejects.toBeInstanceOf(SnapshotError);
    await expect(failure).rejects.toThrow(`${path}: invalid JSON`);
  });

  it('fails on a misspelt key instead of ignoring it', async () => {
    const path = await file('typo.json', JSON.stringify({ cpu_percent: 72 }));

    await expect(createFileSource(path).fetch({ now: NOW })).rejects.toThrow(
      'unknown key `cpu_percent`',
    );
  });
});
