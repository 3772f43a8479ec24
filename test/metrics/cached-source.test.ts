import { describe, expect, it } from 'vitest';
import { createCachedSource } from '../../src/metrics/cached-source.js';
import { MetricsUnavailableError } from '../../src/metrics/errors.js';
import type { MetricsRequest, MetricsResult, MetricsSource } from '../../src/metrics/port.js';
import { silentLogger } from './support/silent-logger.js';

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

/** Let settled promises' handlers run (one turn of the event loop; no timer). */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

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

  describe('stale-while-revalidate (maxStaleSeconds)', () => {
    async function primed(maxStaleSeconds: number) {
      const fake = fakeSource();
      const time = { now: 0 };
      const logger = silentLogger();
      const cached = createCachedSource(fake.source, {
        ttlSeconds: 60,
        maxStaleSeconds,
        clock: () => time.now,
        logger,
      });
      const first = cached.fetch({ now: NOW });
      fake.pending[0]?.resolve(result(50));
      await first;
      return { fake, time, cached, logger };
    }

    it('answers at once with the previous value past the TTL, and says when it was fetched', async () => {
      const { fake, time, cached } = await primed(300);

      time.now = 150_000;
      const stale = await cached.fetch({ now: NOW });

      expect(stale.snapshot.cpuPercent).toBe(50);
      expect(stale.source).toEqual({
        kind: 'cloudwatch',
        description: 'fake, as of 00:00 UTC',
        apiCalls: 0,
        metricsRequested: 0,
        cached: true,
        ageMs: 150_000,
        stale: true,
      });
      expect(fake.fetches()).toBe(2); // the one refresh, started in the background
    });

    it('runs one refresh however many commands arrive during it, then serves the new value', async () => {
      const { fake, time, cached } = await primed(300);

      time.now = 61_000;
      const during = await Promise.all(
        Array.from({ length: 50 }, () => cached.fetch({ now: NOW })),
      );
      time.now = 62_000;
      fake.pending[1]?.resolve(result(70));
      await flush();
      const after = await cached.fetch({ now: NOW });

      expect(fake.fetches()).toBe(2);
      expect(during.every((r) => r.snapshot.cpuPercent === 50 && r.source.stale === true)).toBe(
        true,
      );
      expect(after.snapshot.cpuPercent).toBe(70);
      expect(after.source).toMatchObject({ cached: true, stale: false, ageMs: 0 });
    });

    it('serves the previous window while the new window (a new key) is fetched', async () => {
      const { fake, time, cached } = await primed(300);

      time.now = 5_000;
      const nextHour = await cached.fetch({ now: new Date('2026-03-02T10:00:05Z') });

      expect(nextHour.snapshot.cpuPercent).toBe(50);
      expect(nextHour.source.stale).toBe(false); // within the TTL, only from the previous window
      expect(fake.fetches()).toBe(2);
    });

    it('waits for a fresh fetch once the value is older than TTL + maxStaleSeconds', async () => {
      const { fake, time, cached } = await primed(300);

      time.now = 360_000;
      const waiting = cached.fetch({ now: NOW });
      fake.pending[1]?.resolve(result(80));

      expect((await waiting).snapshot.cpuPercent).toBe(80);
      expect((await waiting).source.cached).toBeUndefined();
    });

    it('logs a failed refresh and keeps serving the stale value until it is too old', async () => {
      const { fake, time, cached, logger } = await primed(300);

      time.now = 100_000;
      await cached.fetch({ now: NOW });
      fake.pending[1]?.reject(new MetricsUnavailableError('CloudWatch did not answer'));
      await flush();
      time.now = 200_000;
      const still = await cached.fetch({ now: NOW });
      time.now = 400_000;
      // Too old now: this caller waits, on the refresh already in flight for its key.
      const failing = cached.fetch({ now: NOW });
      fake.pending[2]?.reject(new MetricsUnavailableError('CloudWatch did not answer'));

      expect(logger.entries).toContainEqual(
        expect.objectContaining({
          level: 'warn',
          message: 'metrics refresh failed; serving the previous value while it is recent enough',
        }),
      );
      expect(still.snapshot.cpuPercent).toBe(50);
      await expect(failing).rejects.toThrow('CloudWatch did not answer');
    });

    it('without maxStaleSeconds, a value past the TTL is never served', async () => {
      const { fake, time, cached } = await primed(0);

      time.now = 60_000;
      const miss = cached.fetch({ now: NOW });
      fake.pending[1]?.resolve(result(60));

      expect((await miss).snapshot.cpuPercent).toBe(60);
    });
  });

  describe('versions, peek and refresh-ahead', () => {
    async function primed() {
      const fake = fakeSource();
      const time = { now: 0 };
      const cached = createCachedSource(fake.source, {
        ttlSeconds: 60,
        maxStaleSeconds: 300,
        clock: () => time.now,
        logger: silentLogger(),
      });
      const first = cached.fetch({ now: NOW });
      fake.pending[0]?.resolve(result(50));
      return { fake, time, cached, first: await first };
    }

    it('peeks nothing before the first fetch, and the served version after it, without fetching', async () => {
      const fake = fakeSource();
      const cached = createCachedSource(fake.source, { ttlSeconds: 60, clock: () => 0 });
      const before = cached.peek?.({ now: NOW });
      const first = cached.fetch({ now: NOW });
      fake.pending[0]?.resolve(result(50));
      const fetched = await first;

      const after = cached.peek?.({ now: NOW });

      expect(before).toBeNull();
      expect(after).toEqual({ version: fetched.version, stale: false, refreshDue: false });
      expect((await cached.fetch({ now: NOW })).version).toBe(fetched.version);
      expect(fake.fetches()).toBe(1);
    });

    it('refreshes ahead once 75% of the TTL has passed, serving the fresh value meanwhile', async () => {
      const { fake, time, cached, first } = await primed();

      time.now = 44_999;
      const early = cached.peek?.({ now: NOW });
      time.now = 45_000;
      const due = cached.peek?.({ now: NOW });
      const served = await Promise.all([cached.fetch({ now: NOW }), cached.fetch({ now: NOW })]);

      expect(early?.refreshDue).toBe(false);
      expect(due).toEqual({ version: first.version, stale: false, refreshDue: true });
      expect(served.map((r) => r.source.stale)).toEqual([false, false]);
      expect(fake.fetches()).toBe(2); // one refresh for both
    });

    it('keeps the version when a refresh brings back the same numbers, and changes it when they differ', async () => {
      const { fake, time, cached, first } = await primed();

      time.now = 50_000;
      await cached.fetch({ now: NOW });
      fake.pending[1]?.resolve(result(50));
      await flush();
      const same = cached.peek?.({ now: NOW });
      time.now = 100_000;
      await cached.fetch({ now: NOW });
      fake.pending[2]?.resolve(result(65));
      await flush();
      const changed = await cached.fetch({ now: NOW });

      expect(same).toEqual({ version: first.version, stale: false, refreshDue: false });
      expect(changed.snapshot.cpuPercent).toBe(65);
      expect(changed.version).not.toBe(first.version);
    });

    it('keeps the version just past the TTL, labels the value once its refresh is late, then gives up', async () => {
      const { time, cached, first } = await primed();

      time.now = 61_000;
      const refreshing = cached.peek?.({ now: NOW });
      const served = await cached.fetch({ now: NOW });
      time.now = 90_000;
      const late = cached.peek?.({ now: NOW });
      time.now = 360_000;
      const gone = cached.peek?.({ now: NOW });

      expect(refreshing).toEqual({ version: first.version, stale: false, refreshDue: true });
      expect(served.source).toMatchObject({ stale: true, description: 'fake' });
      expect(late).toEqual({ version: `${first.version}:stale`, stale: true, refreshDue: true });
      expect(gone).toBeNull();
    });
  });
});
