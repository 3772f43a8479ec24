import type { MetricsRequest, MetricsResult, MetricsSource } from './port.js';

/**
 * `source` with its `fetch` replaced (a decorator that counts or logs), every other member
 * delegated to it, bound: a source may be a class instance, whose methods a spread would lose.
 */
export function withFetch(
  source: MetricsSource,
  fetch: (request: MetricsRequest) => Promise<MetricsResult>,
): MetricsSource {
  const { cacheKey, peek, close } = source;
  return {
    kind: source.kind,
    describe: () => source.describe(),
    fetch,
    ...(cacheKey === undefined ? {} : { cacheKey: (request) => cacheKey.call(source, request) }),
    ...(peek === undefined ? {} : { peek: (request) => peek.call(source, request) }),
    ...(close === undefined ? {} : { close: () => close.call(source) }),
  };
}
