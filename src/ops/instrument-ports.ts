import { performance } from 'node:perf_hooks';
import { withFetch } from '../metrics/decorate.js';
import {
  MetricsNotConfiguredError,
  MetricsThrottledError,
  MetricsUnavailableError,
  SnapshotError,
} from '../metrics/errors.js';
import type { MetricsRequest, MetricsResult, MetricsSource } from '../metrics/port.js';
import { InvalidRecordError, StoreUnavailableError } from '../store/errors.js';
import type { Store } from '../store/ports.js';
import type { OpsMetrics } from './ops-metrics.js';

/**
 * Decorators of the two ports whose failures an operator watches, applied at the composition root:
 * the use cases get the same interfaces and never see the metrics.
 */

function storeErrorClass(error: unknown): string {
  if (error instanceof StoreUnavailableError) return 'unavailable';
  if (error instanceof InvalidRecordError) return 'invalid_record';
  return 'other';
}

type AnyFunction = (...args: unknown[]) => unknown;

/** Counts a rejection (or a throw) of `fn` under `operation`, then passes it on. */
function counted(fn: AnyFunction, self: object, operation: string, metrics: OpsMetrics) {
  const fail = (error: unknown) => {
    metrics.storeErrors.inc({ operation, error: storeErrorClass(error) });
    throw error;
  };
  return (...args: unknown[]): unknown => {
    let result: unknown;
    try {
      result = fn.apply(self, args);
    } catch (error) {
      return fail(error);
    }
    return result instanceof Promise ? result.catch(fail) : result;
  };
}

/** A port object (`store.reviews`) whose every method counts its failures as `reviews.<method>`. */
function countedPort<T extends object>(port: T, name: string, metrics: OpsMetrics): T {
  const cache = new Map<PropertyKey, unknown>();
  return new Proxy(port, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop === 'symbol') return value;
      if (!cache.has(prop)) {
        cache.set(prop, counted(value as AnyFunction, target, `${name}.${prop}`, metrics));
      }
      return cache.get(prop);
    },
  });
}

/**
 * The store with every failing operation counted in scale_review_store_errors_total{operation}.
 * Generic over the port's shape: a sub-port or method added later is counted without a change here.
 */
export function instrumentStore(store: Store, metrics: OpsMetrics): Store {
  const ports = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof prop === 'symbol' || prop === 'describe' || prop === 'kind') return value;
      if (!ports.has(prop)) {
        if (typeof value === 'function') {
          ports.set(prop, counted(value as AnyFunction, target, prop, metrics));
        } else if (typeof value === 'object' && value !== null) {
          ports.set(prop, countedPort(value, prop, metrics));
        } else {
          return value;
        }
      }
      return ports.get(prop);
    },
  });
}

function sourceErrorClass(error: unknown): string {
  if (error instanceof MetricsNotConfiguredError) return 'not_configured';
  if (error instanceof MetricsThrottledError) return 'throttled';
  if (error instanceof MetricsUnavailableError) return 'unavailable';
  if (error instanceof SnapshotError) return 'invalid_snapshot';
  return 'other';
}

/**
 * The metrics source with its fetches counted (by result: ok, cached, error) and timed, plus the
 * GetMetricData requests and metrics it reports (what CloudWatch bills).
 */
export function instrumentMetricsSource(source: MetricsSource, metrics: OpsMetrics): MetricsSource {
  const labels = { source: source.kind };
  const fetch = async (request: MetricsRequest): Promise<MetricsResult> => {
    const started = performance.now();
    try {
      const result = await source.fetch(request);
      metrics.sourceFetches.inc({ ...labels, result: result.source.cached ? 'cached' : 'ok' });
      metrics.sourceApiCalls.inc(labels, result.source.apiCalls);
      metrics.sourceMetricsRequested.inc(labels, result.source.metricsRequested);
      return result;
    } catch (error) {
      metrics.sourceFetches.inc({ ...labels, result: 'error' });
      metrics.sourceErrors.inc({ ...labels, error: sourceErrorClass(error) });
      throw error;
    } finally {
      metrics.sourceSeconds.observe(labels, (performance.now() - started) / 1000);
    }
  };
  return withFetch(source, fetch);
}
