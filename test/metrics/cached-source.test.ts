import { describe, expect, it } from 'vitest';
import { createCachedSource } from '../../src/metrics/cached-source.js';
import { MetricsUnavailableError } from '../../src/metrics/errors.js';
import type { MetricsRequest, MetricsResult, MetricsSource } from '../../src/metrics/port.js';

function result(cpu: number): MetricsResult {
  return {
    snapshot: { cpuPercent: cpu },
    series: {},
    quality: [],
    notes: [],
    source: { kind: 'cloudwatch', description: 'fake', apiCalls: 1, metricsRequested: 11 },
  };
}

/** A source whose answers the test releases by hand, keyed by the hour of `now`. */
function fakeSource() {
  const pending: { resolve: (r: MetricsResult) => void; reject: (e: Error) => void }[] = [];
  let fetches = 0;
  const source: MetricsSource = {
    kind: 'cloudwatch',
    describe: () => 'fake',
    cacheKey: (request: MetricsRequest) => `k:${Math.floor(request.now.getTime() / 3_600_000)}`,
    fetch: () => {
      fetches += 1;
      return new Promise((resolve, reject) => pending.push({ resolve, reject }));
    },
  };
  return { source, pending, fetches: () => fetches };
}

const NOW = new Date('2026-03-02T09:17:00Z');

describe('createCachedSource', () => {
  it('shares one in-flight fetch between concurrent callers', async () => {
    const fake = fakeSource();
    const cached = createCachedSource(fake.source, { ttlSeconds: 60, clock: () => 0 });

    const a = cached.fetch({ now: NOW });
    const b = cached.fetch({ now: NOW });
    fake.pending[0]?.resolve(result(50));

    expect(fake.fetches()).toBe(1);
    expect((await a).snapshot).toEqual((await b).snapshot);
  });

  it('answers from the cache within the TTL and fetches again after it', async () => {
    const fake = fakeSource();
    let clock = 0;
    const cached = createCachedSource(fake.source, { ttlSeconds: 60, clock: () => clock });
    const first = cached.fetch({ now: NOW });
    fake.pending[0]?.resolve(result(50));
    await first;

    clock = 59_999;
    const hit = await cached.fetch({ now: NOW });
    clock = 60_000;
    const miss = cached.fetch({ now: NOW });
    fake.pending[1]?.resolve(result(60));

    expect(hit.source).toMatchObject({ apiCalls: 0, metricsRequested: 0, cached: true });
    expect((await miss).snapshot.cpuPercent).toBe(60);
    expect(fake.fetches()).toBe(2);
  });

  it('keys by window: a new hour is a new fetch', async () => {
    const fake = fakeSource();
    const cached = createCachedSource(fake.source, { ttlSeconds: 60, clock: () => 0 });
    const first = cached.fetch({ now: NOW });
    fake.pending[0]?.resolve(result(50));
    await first;

    const next = cached.fetch({ now: new Date('2026-03-02T10:00:00Z') });
    fake.pending[1]?.resolve(result(70));

    expect((await next).snapshot.cpuPercent).toBe(70);
    expect(fake.fetches()).toBe(2);
  });

  it('never caches an error', async () => {
    const fake = fakeSource();
    const cached = createCachedSource(fake.source, { ttlSeconds: 60, clock: () => 0 });
    const failing = cached.fetch({ now: NOW });
    fake.pending[0]?.reject(new MetricsUnavailableError('down'));
    await expect(failing).rejects.toThrow('down');

    const retry = cached.fetch({ now: NOW });
    fake.pending[1]?.resolve(result(55));

    expect((await retry).snapshot.cpuPercent).toBe(55);
    expect(fake.fetches()).toBe(2);
  });
});
