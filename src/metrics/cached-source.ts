import { formatUtcDayMonth, formatUtcTime } from '../domain/format.js';
import { stableJson } from '../domain/stable-json.js';
import type { Logger } from '../logging/logger.js';
import {
  type MetricsPeek,
  type MetricsRequest,
  type MetricsResult,
  type MetricsSource,
  REFRESH_AHEAD,
} from './port.js';

/**
 * In-process cache in front of a source, keyed by the source's cache key (query set + aligned
 * window for CloudWatch), by the injected clock:
 * - a result younger than `ttlSeconds` is served as is (`cached: true`, `apiCalls: 0`); once it is
 *   older than REFRESH_AHEAD of the TTL, a fetch also starts ONE refresh in the background, so that
 *   under steady use the value is replaced before it expires and no answer is ever served stale;
 * - past the TTL, the newest result (of this key, or of the previous window when the key moved
 *   on) is still served while it is younger than `ttlSeconds + maxStaleSeconds`, and one refresh
 *   runs in the background (stale-while-revalidate). Such an answer has `stale: true` and its
 *   `ageMs`; once it is STALE_LABEL_AFTER_MS past the TTL (the refresh is late or failing) its
 *   description also says "as of 09:41 UTC" (when it was fetched: a text that does not change from
 *   one answer to the next);
 * - with nothing young enough, the caller waits for the fetch (shared by concurrent callers of
 *   the same key, so a digest for many channels fetches once).
 * Every result carries a `version`: a refresh that brings back the same numbers keeps it, so what
 * was computed from them (the shared status answers) stays valid. `peek` says, from memory, which
 * version a fetch would serve now.
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

/**
 * How long past the TTL a value is served without saying so: the refresh started at REFRESH_AHEAD
 * is normally back long before. Past it the refresh is late (or failing), and the description says
 * how old the numbers are ("as of 09:41 UTC"), which also gives them a version of their own.
 */
export const STALE_LABEL_AFTER_MS = 30_000;

interface Entry {
  key: string;
  fetchedAt: number;
  result: MetricsResult;
  /** The numbers as shown, without the per-fetch counters: equal content keeps the version. */
  content: string;
  version: number;
}

/** "09:41 UTC" on the same UTC day as `now`, else "1 Dec 09:41 UTC". */
function formatFetchedAt(fetchedAt: number, now: number): string {
  const at = new Date(fetchedAt);
  const sameDay = new Date(now).toISOString().slice(0, 10) === at.toISOString().slice(0, 10);
  return `${sameDay ? '' : `${formatUtcDayMonth(at)} `}${formatUtcTime(at)} UTC`;
}

function contentOf(result: MetricsResult): string {
  const { apiCalls: _calls, metricsRequested: _requested, ...shown } = result.source;
  return stableJson({ ...result, source: shown });
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
  let versions = 0;
  const inFlight = new Map<string, Promise<MetricsResult>>();
  const keyOf = (request: MetricsRequest) =>
    source.cacheKey?.(request) ?? `${source.kind}:${source.describe()}`;

  const prune = (now: number) => {
    for (const [key, entry] of entries) {
      if (now - entry.fetchedAt >= maxAgeMs) entries.delete(key);
    }
    if (newest !== null && now - newest.fetchedAt >= maxAgeMs) newest = null;
  };

  const store = (key: string, result: MetricsResult): Entry => {
    const content = contentOf(result);
    const previous = entries.get(key) ?? newest;
    versions += 1;
    const version = previous?.content === content ? previous.version : versions;
    const entry = { key, fetchedAt: clock(), result, content, version };
    entries.set(key, entry);
    if (newest === null || entry.fetchedAt >= newest.fetchedAt) newest = entry;
    return entry;
  };

  const load = (key: string, request: MetricsRequest): Promise<MetricsResult> => {
    const pending = source
      .fetch(request)
      .then((result) => {
        if (ttlMs <= 0) return result;
        return { ...result, version: String(store(key, result).version) };
      })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
    return pending;
  };

  /** The entry a fetch would serve now, whether it is stale, and whether a refresh is due. */
  const lookup = (key: string, now: number) => {
    const hit = entries.get(key);
    if (hit !== undefined && now - hit.fetchedAt < ttlMs) {
      const refreshDue = now - hit.fetchedAt >= ttlMs * REFRESH_AHEAD;
      return { entry: hit, stale: false, labelled: false, refreshDue };
    }
    // Another key's result (the previous window) stands in only when serving stale is allowed.
    const standIn = hit ?? (maxStaleMs > 0 ? newest : null);
    const age = standIn === null ? Number.POSITIVE_INFINITY : now - standIn.fetchedAt;
    if (standIn === null || age >= maxAgeMs) return null;
    return {
      entry: standIn,
      stale: age >= ttlMs,
      labelled: age >= ttlMs + STALE_LABEL_AFTER_MS,
      refreshDue: true,
    };
  };

  const versionOf = (entry: Entry, labelled: boolean) =>
    labelled ? `${entry.version}:stale` : String(entry.version);

  const served = (entry: Entry, now: number, stale: boolean, labelled: boolean): MetricsResult => {
    const info = entry.result.source;
    const description = labelled
      ? `${info.description}, as of ${formatFetchedAt(entry.fetchedAt, now)}`
      : info.description;
    return {
      ...entry.result,
      version: versionOf(entry, labelled),
      source: {
        ...info,
        description,
        apiCalls: 0,
        metricsRequested: 0,
        cached: true,
        ageMs: now - entry.fetchedAt,
        stale,
      },
    };
  };

  const refreshInBackground = (key: string, request: MetricsRequest) => {
    // One refresh at a time for the whole source: commands during it are served the cached value.
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
    peek: (request: MetricsRequest): MetricsPeek | null => {
      const found = lookup(keyOf(request), clock());
      if (found === null) return null;
      const version = versionOf(found.entry, found.labelled);
      return { version, stale: found.labelled, refreshDue: found.refreshDue };
    },
    fetch: async (request: MetricsRequest): Promise<MetricsResult> => {
      const key = keyOf(request);
      const now = clock();
      prune(now);
      const found = lookup(key, now);
      if (found === null) return inFlight.get(key) ?? load(key, request);
      if (found.refreshDue) refreshInBackground(key, request);
      return served(found.entry, now, found.stale, found.labelled);
    },
    ...(source.close === undefined ? {} : { close: () => source.close?.() ?? Promise.resolve() }),
  };
}
