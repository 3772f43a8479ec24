import type { MetricsRequest, MetricsResult, MetricsSource } from './port.js';

/**
 * In-process cache in front of a source: results live `ttlSeconds` (by the injected clock), keyed
 * by the source's cache key (query set + aligned window for CloudWatch). Concurrent callers with
 * the same key share one in-flight fetch, so a digest for many channels fetches once. Errors are
 * never cached. A hit reports `apiCalls: 0`, `metricsRequested: 0` and `cached: true`.
 */

export interface CachedSourceOptions {
  ttlSeconds: number;
  /** Milliseconds since the epoch; defaults to Date.now. */
  clock?: () => number;
}

interface Entry {
  expiresAt: number;
  result: MetricsResult;
}

export function createCachedSource(
  source: MetricsSource,
  options: CachedSourceOptions,
): MetricsSource {
  const clock = options.clock ?? Date.now;
  const ttlMs = options.ttlSeconds * 1000;
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<MetricsResult>>();
  const keyOf = (request: MetricsRequest) =>
    source.cacheKey?.(request) ?? `${source.kind}:${source.describe()}`;

  const prune = (now: number) => {
    for (const [key, entry] of entries) {
      if (entry.expiresAt <= now) entries.delete(key);
    }
  };

  const load = (key: string, request: MetricsRequest): Promise<MetricsResult> => {
    const pending = source
      .fetch(request)
      .then((result) => {
        if (ttlMs > 0) entries.set(key, { expiresAt: clock() + ttlMs, result });
        return result;
      })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
    return pending;
  };

  return {
    kind: source.kind,
    describe: () => source.describe(),
    cacheKey: keyOf,
    fetch: async (request: MetricsRequest): Promise<MetricsResult> => {
      const key = keyOf(request);
      prune(clock());
      const hit = entries.get(key);
      if (hit !== undefined) {
        return {
          ...hit.result,
          source: { ...hit.result.source, apiCalls: 0, metricsRequested: 0, cached: true },
        };
      }
      return inFlight.get(key) ?? load(key, request);
    },
  };
}
