import type { AppDeps } from '../app/deps.js';
import type { ReadinessState } from './health.js';
import type { NativeBlocksStatus } from './native-fallbacks.js';

/** GET /status on the internal port: everything an operator checks first, no secret in it. */
export interface StatusReport {
  /** The /readyz state. */
  status: ReadinessState;
  mode: 'http' | 'socket';
  version: string;
  uptimeSeconds: number;
  /** The store's own check; `detail` names its location (host, or the SQLite path). */
  store: { kind: string; ok: boolean; detail: string };
  metrics: { configured: boolean; detail: string };
  /** How often Slack refused the chart and table and the mrkdwn lines went instead. */
  nativeBlocks: NativeBlocksStatus;
}

const STORE_CHECK_TIMEOUT_MS = 2_000;

async function storeStatus(deps: AppDeps): Promise<StatusReport['store']> {
  const { store } = deps;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ ok: false; detail: string }>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, detail: 'health check timed out' }),
      STORE_CHECK_TIMEOUT_MS,
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

function metricsStatus(deps: AppDeps): StatusReport['metrics'] {
  if (deps.metrics) return { configured: true, detail: deps.metrics.describe() };
  return { configured: false, detail: deps.metricsProblem?.message ?? 'no metrics source' };
}

export interface StatusInput {
  deps: AppDeps;
  state: () => ReadinessState;
  mode: 'http' | 'socket';
  version: string;
  startedAtMs: number;
  nowMs: () => number;
  nativeBlocks: () => NativeBlocksStatus;
}

/** The store and metrics-source status, without fetching metrics (that costs money). */
export async function checkStatus(input: StatusInput): Promise<StatusReport> {
  const store = await storeStatus(input.deps);
  return {
    status: input.state(),
    mode: input.mode,
    version: input.version,
    uptimeSeconds: Math.round((input.nowMs() - input.startedAtMs) / 1000),
    store,
    metrics: metricsStatus(input.deps),
    nativeBlocks: input.nativeBlocks(),
  };
}
