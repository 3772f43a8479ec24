import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppDeps } from '../app/deps.js';

export interface HealthReport {
  /** ok: serving; unavailable: the store is down; stopping: shutting down (take it out of rotation). */
  status: 'ok' | 'unavailable' | 'stopping';
  store: { kind: string; ok: boolean; detail: string };
  metrics: { configured: boolean; detail: string };
}

const HEALTH_TIMEOUT_MS = 2_000;

async function storeHealth(deps: AppDeps): Promise<HealthReport['store']> {
  const { store } = deps;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ ok: false; detail: string }>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, detail: 'health check timed out' }),
      HEALTH_TIMEOUT_MS,
    );
  });
  try {
    const health = await Promise.race([store.health(), timeout]);
    return { kind: store.kind, ok: health.ok, detail: health.detail };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { kind: store.kind, ok: false, detail };
  } finally {
    clearTimeout(timer);
  }
}

function metricsHealth(deps: AppDeps): HealthReport['metrics'] {
  if (deps.metrics) return { configured: true, detail: deps.metrics.describe() };
  return { configured: false, detail: deps.metricsProblem?.message ?? 'no metrics source' };
}

/** The store and metrics-source status, without fetching metrics (that costs money). */
export async function checkHealth(deps: AppDeps, stopping: boolean): Promise<HealthReport> {
  const store = await storeHealth(deps);
  const status = stopping ? 'stopping' : store.ok ? 'ok' : 'unavailable';
  return { status, store, metrics: metricsHealth(deps) };
}

/** GET /healthz: 200 while serving, 503 when the store is down or the bot is stopping. */
export function healthHandler(check: () => Promise<HealthReport>) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    check().then(
      (report) => {
        res.writeHead(report.status === 'ok' ? 200 : 503, {
          'content-type': 'application/json',
          'cache-control': 'no-store',
        });
        res.end(JSON.stringify(report));
      },
      () => {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'unavailable' }));
      },
    );
  };
}
