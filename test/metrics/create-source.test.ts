import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMetricsConfig } from '../../src/metrics/config.js';
import { createMetricsSource } from '../../src/metrics/create-source.js';
import { silentLogger } from './support/silent-logger.js';

const NOW = new Date('2026-03-02T09:00:00Z');

describe('createMetricsSource', () => {
  it('builds the configured kind of source', () => {
    const deps = { logger: silentLogger(), region: 'us-east-1' };

    expect(createMetricsSource(parseMetricsConfig({}), deps).describe()).toBe(
      'CloudWatch, us-east-1, 7-day window',
    );
    expect(
      createMetricsSource(parseMetricsConfig({ source: 'file', file: 'm.json' }), deps).kind,
    ).toBe('file');
    expect(
      createMetricsSource(parseMetricsConfig({ source: 'url', url: 'https://x.example/m' }), deps)
        .kind,
    ).toBe('url');
  });

  it('prefers metrics.cloudwatch.region over AWS_REGION', () => {
    const config = parseMetricsConfig({ cloudwatch: { region: 'eu-west-2' } });

    expect(
      createMetricsSource(config, { logger: silentLogger(), region: 'us-east-1' }).describe(),
    ).toContain('eu-west-2');
  });

  it('caches a file snapshot for the TTL with the injected clock', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scale-review-create-'));
    const path = join(dir, 'week.json');
    await writeFile(path, JSON.stringify({ cpuPercent: 10 }));
    let clock = NOW;
    const config = parseMetricsConfig({ source: 'file', file: path, maxStaleSeconds: 0 });
    const source = createMetricsSource(config, { logger: silentLogger(), now: () => clock });

    const first = await source.fetch({ now: NOW });
    await writeFile(path, JSON.stringify({ cpuPercent: 20 }));
    const cached = await source.fetch({ now: NOW });
    clock = new Date(NOW.getTime() + 60_000);
    const fresh = await source.fetch({ now: NOW });
    await rm(dir, { recursive: true, force: true });

    expect([
      first.snapshot.cpuPercent,
      cached.snapshot.cpuPercent,
      fresh.snapshot.cpuPercent,
    ]).toEqual([10, 10, 20]);
  });

  it('serves the previous snapshot past the TTL while one refresh runs (maxStaleSeconds)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scale-review-create-'));
    const path = join(dir, 'week.json');
    await writeFile(path, JSON.stringify({ cpuPercent: 10 }));
    let clock = NOW;
    const config = parseMetricsConfig({ source: 'file', file: path });
    const source = createMetricsSource(config, { logger: silentLogger(), now: () => clock });

    await source.fetch({ now: NOW });
    await writeFile(path, JSON.stringify({ cpuPercent: 20 }));
    clock = new Date(NOW.getTime() + 90_000);
    const stale = await source.fetch({ now: NOW });
    await rm(dir, { recursive: true, force: true });

    // (The refresh it started is covered with a controllable source in cached-source.test.ts.)
    expect(stale.snapshot.cpuPercent).toBe(10);
    expect(stale.source).toMatchObject({
      stale: true,
      ageMs: 90_000,
      description: 'metrics file, as of 09:00 UTC',
    });
  });
});
