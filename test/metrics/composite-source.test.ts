import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCachedSource } from '../../src/metrics/cached-source.js';
import { createCompositeSource, resolveParts } from '../../src/metrics/composite-source.js';
import { parseMetricsConfig } from '../../src/metrics/config.js';
import { createMetricsSource } from '../../src/metrics/create-source.js';
import { MetricsNotConfiguredError, MetricsUnavailableError } from '../../src/metrics/errors.js';
import type { MetricsResult, MetricsSource, SnapshotMetricKey } from '../../src/metrics/port.js';
import { silentLogger } from './support/silent-logger.js';

const NOW = new Date('2026-03-02T09:17:42Z');

function fake(kind: MetricsSource['kind'], answer: MetricsResult | Error): MetricsSource {
  return {
    kind,
    describe: () => `${kind} detail`,
    fetch: () => (answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer)),
  };
}

function result(description: string, snapshot: MetricsResult['snapshot'], notes: string[] = []) {
  return {
    snapshot,
    series: {},
    quality: [
      { metric: 'cpuPercent', issue: 'noData', detail: `${description} has no CPU` },
      { metric: 'dbSizeMb', issue: 'noData', detail: `${description} has no DB size` },
    ],
    notes,
    source: { kind: 'file', description, apiCalls: 1, metricsRequested: 2 },
  } satisfies MetricsResult;
}

function parts(a: MetricsSource, b: MetricsSource, aMetrics: SnapshotMetricKey[] | 'rest') {
  return resolveParts(
    [
      { name: 'cloudwatch', metrics: aMetrics },
      { name: 'postgres', metrics: ['dbSizeMb', 'conversationsPerMonth'] },
    ],
    (name) => (name === 'cloudwatch' ? a : b),
  );
}

describe('several sources', () => {
  it('keeps each source to its own metrics, facts and notes', async () => {
    const a = fake(
      'cloudwatch',
      result('A', { cpuPercent: 50, dbSizeMb: 999 }, ['dbSizeMb: from A', 'general note']),
    );
    const b = fake(
      'postgres',
      result('B', { dbSizeMb: 120, conversationsPerMonth: 600, cpuPercent: 1 }),
    );

    const merged = await createCompositeSource(parts(a, b, 'rest')).fetch({ now: NOW });

    expect(merged.snapshot).toEqual({ cpuPercent: 50, dbSizeMb: 120, conversationsPerMonth: 600 });
    expect(merged.quality.map((q) => q.detail)).toEqual(['A has no CPU', 'B has no DB size']);
    expect(merged.notes).toEqual(['general note']);
    expect(merged.source).toMatchObject({
      kind: 'composite',
      description: 'A (everything else) · B (DB size, conversations)',
      apiCalls: 2,
      metricsRequested: 4,
    });
  });

  it('says which metrics no source takes', async () => {
    const a = fake('cloudwatch', result('A', { cpuPercent: 50 }));
    const b = fake('postgres', result('B', {}));

    const merged = await createCompositeSource(parts(a, b, ['cpuPercent'])).fetch({ now: NOW });

    expect(merged.quality).toContainEqual({
      metric: 'memoryPercent',
      issue: 'noData',
      detail: 'not taken from any source: add it to metrics.sources in scale-review.yml',
    });
  });

  it('rethrows the error of a lone source unchanged, and names every source when all fail', async () => {
    const notConfigured = new MetricsNotConfiguredError('no AWS region', 'set AWS_REGION');
    const lone = resolveParts([{ name: 'cloudwatch', metrics: ['cpuPercent'] }], () =>
      fake('cloudwatch', notConfigured),
    );
    const both = parts(
      fake('cloudwatch', notConfigured),
      fake('postgres', new MetricsUnavailableError('cannot reach PostgreSQL (ECONNREFUSED)')),
      'rest',
    );

    await expect(createCompositeSource(lone).fetch({ now: NOW })).rejects.toBe(notConfigured);
    await expect(createCompositeSource(both).fetch({ now: NOW })).rejects.toThrow(
      'every metrics source failed — CloudWatch: CloudWatch not configured: no AWS region — set AWS_REGION; PostgreSQL: cannot reach PostgreSQL (ECONNREFUSED)',
    );
  });

  it('turns a source that cannot be set up into a failure of its metrics only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scale-review-composite-'));
    await writeFile(join(dir, 'week.json'), JSON.stringify({ cpuPercent: 64 }));
    const config = parseMetricsConfig({
      sources: { postgres: ['conversationsPerMonth'], file: 'rest' },
      file: join(dir, 'week.json'),
      cacheTtlSeconds: 0,
    });
    // No SCALE_REVIEW_DATABASE_URL: PostgreSQL cannot be set up; the file source still counts.
    const source = createMetricsSource(config, { logger: silentLogger(), databaseUrl: null });

    const merged = await source.fetch({ now: NOW });
    await rm(dir, { recursive: true, force: true });

    expect(merged.snapshot.cpuPercent).toBe(64);
    expect(merged.failures).toEqual([
      {
        source: 'PostgreSQL',
        message: expect.stringMatching(
          /^PostgreSQL not configured: SCALE_REVIEW_DATABASE_URL is not set/,
        ),
        metrics: ['conversationsPerMonth'],
        // The error itself, for the bot's log line (src/bootstrap/metrics-startup.ts).
        cause: expect.any(Error),
      },
    ]);
    expect(merged.source.description).toBe(
      'metrics file (everything else) · PostgreSQL: failed (conversations unknown)',
    );
  });
});

describe('several sources: versions and peek', () => {
  it("joins the parts' versions, and has none when a part cannot say", async () => {
    const a = createCachedSource(fake('cloudwatch', result('A', { cpuPercent: 50 })), {
      ttlSeconds: 60,
      clock: () => 0,
    });
    const b = createCachedSource(fake('postgres', result('B', { dbSizeMb: 120 })), {
      ttlSeconds: 60,
      clock: () => 0,
    });
    const composite = createCompositeSource(parts(a, b, 'rest'));
    const uncached = createCompositeSource(
      parts(a, fake('postgres', result('B', { dbSizeMb: 120 })), 'rest'),
    );

    const before = composite.peek?.({ now: NOW });
    const fetched = await composite.fetch({ now: NOW });
    const after = composite.peek?.({ now: NOW });
    const partial = await uncached.fetch({ now: NOW });

    expect(before).toBeNull();
    expect(fetched.version).toBe('1|1');
    expect(after).toEqual({ version: '1|1', stale: false, refreshDue: false });
    expect(uncached.peek?.({ now: NOW })).toBeNull();
    expect(partial.version).toBeUndefined();
  });
});
