import type { Logger } from '../logging/logger.js';
import type { MetricsRequest, MetricsResult, MetricsSource } from './port.js';

/**
 * In-process cache in front of a source, keyed by the source's cache key (query set + aligned
 * window for CloudWatch), by the injected clock:
 * - a result younger than `ttlSeconds` is served as is (`cached: true`, `apiCalls: 0`);
 * - past the TTL, the newest result (of this key, or of the previous window when the key moved
 *   on) is still served while it is younger than `ttlSeconds + maxStaleSeconds`, and ONE refresh
 *   runs in the background (stale-while-revalidate). Such an answer says so: `stale: true`, its
 *   `ageMs`, and "as of N min ago" in the description. So a cache expiry under load costs one
 *   fetch, and no command waits for it;
 * - with nothing young enough, the caller waits for the fetch (shared by concurrent callers of
 *   the same key, so a digest for many channels fetches once).
 * Errors are never cached; a failed background refresh is logged and the stale value keeps being
 * served until it is too old, after which callers wait for (and see) a fresh fetch.
 */

export interface CachedSourceOptions {
  ttlSeconds: number;
  /** How long past the TTL a result may be served while it refreshes; 0 turns that off. */
  maxStaleSeconds?: number;
  /** Milliseconds since the epoch; defaults to Date.now. */
  clock?: () => number;
  /** Where a failed background refresh is reported. */
  logger?: Logger;
}

interface Entry {
  key: string;
  fetchedAt: number;
  result: MetricsResult;
}

/** "45 s", "3 min", "2 h". */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.round(minutes / 60)} h`;
}

export function createCachedSource(
  source: MetricsSource,
  options: CachedSourceOptions,
): MetricsSource {
  const clock = options.clock ?? Date.now;
  const ttlMs = options.ttlSeconds * 1000;
  const maxStaleMs = (options.maxStaleSeconds ?? 0) * 1000;
  const maxAgeMs = ttlMs + maxStaleMs;
  const entries = new Map<string, Entry>();
  let newest: Entry | null = null;
  const inFlight = new Map<string, Promise<MetricsResult>>();
  const keyOf = (request: MetricsRequest) =>
    source.cacheKey?.(request) ?? `${source.kind}:${source.describe()}`;

  const prune = (now: number) => {
    for (const [key, entry] of entries) {
      if (now - entry.fetchedAt >= maxAgeMs) entries.delete(key);
    }
    if (newest !== null && now - newest.fetchedAt >= maxAgeMs) newest = null;
  };

  const load = (key: string, request: MetricsRequest): Promise<MetricsResult> => {
    const pending = source
      .fetch(request)
      .then((result) => {
        if (ttlMs > 0) {
          const entry = { key, fetchedAt: clock(), result };
          entries.set(key, entry);
          if (newest === null || entry.fetchedAt >= newest.fetchedAt) newest = entry;
        }
        return result;
      })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
    return pending;
  };

  const served = (entry: Entry, now: number): MetricsResult => {
    const ageMs = now - entry.fetchedAt;
    const stale = ageMs >= ttlMs;
    const info = entry.result.source;
    const description = stale
      ? `${info.description}, as of ${formatAge(ageMs)} ago`
      : info.description;
    return {
      ...entry.result,
      source: {
        ...info,
        description,
        apiCalls: 0,
        metricsRequested: 0,
        cached: true,
        ageMs,
        stale,
      },
    };
  };

  const refreshInBackground = (key: string, request: MetricsRequest) => {
    // One refresh at a time for the whole source: commands during it are served the stale value.
    if (inFlight.size > 0) return;
    load(key, request).catch((error: unknown) => {
      options.logger?.warn(
        { err: error, source: source.kind },
        'metrics refresh failed; serving the previous value while it is recent enough',
      );
    });
  };

  return {
    kind: source.kind,
    describe: () => source.describe(),
    cacheKey: keyOf,
    fetch: async (request: MetricsRequest): Promise<MetricsResult> => {
      const key = keyOf(request);
      const now = clock();
      prune(now);
      const hit = entries.get(key);
      if (hit !== undefined && now - hit.fetchedAt < ttlMs) return served(hit, now);
      // Another key's result (the previous window) stands in only when serving stale is allowed.
      const stale = hit ?? (maxStaleMs > 0 ? newest : null);
      if (stale !== null) {
        refreshInBackground(key, request);
        return served(stale, now);
      }
      return inFlight.get(key) ?? load(key, request);
    },
    ...(source.close === undefined ? {} : { close: () => source.close?.() ?? Promise.resolve() }),
  };
}
