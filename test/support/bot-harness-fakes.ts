import type { MetricsSnapshot } from '../../src/domain/metrics.js';
import type { MetricsRequest, MetricsResult, MetricsSource } from '../../src/metrics/port.js';
import { StoreUnavailableError } from '../../src/store/errors.js';
import type { Store } from '../../src/store/ports.js';

/** Test doubles the bot harness injects: an in-memory metrics source and a store fault switch. */

/** A busy week: CPU over its threshold, so the review recommends something. */
export const BUSY_WEEK: MetricsSnapshot = {
  cpuPercent: 88,
  memoryPercent: 70,
  dbConnections: 85,
  dbMaxConnections: 100,
  responseTimeP95Ms: 450,
  errorRatePercent: 0.1,
  dbSizeMb: 200,
  conversationsPerMonth: 1800,
  capturedAt: '2026-11-30T09:00:00Z',
};

/** An in-memory metrics source; `hold()` keeps fetches pending until released (a slow CloudWatch). */
export class FakeMetricsSource implements MetricsSource {
  readonly kind = 'file' as const;
  fetches = 0;
  resolved = 0;
  private gate: Promise<void> | null = null;

  constructor(public snapshot: MetricsSnapshot = BUSY_WEEK) {}

  describe(): string {
    return 'test metrics';
  }

  hold(): () => void {
    let release = () => {};
    this.gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    return () => {
      this.gate = null;
      release();
    };
  }

  async fetch(request: MetricsRequest): Promise<MetricsResult> {
    this.fetches += 1;
    if (this.gate) await this.gate;
    this.resolved += 1;
    // Captured when asked, as a real source's window ends at the review (a week-old capturedAt
    // is stale, and the review says so).
    const captured =
      this.snapshot.capturedAt === undefined ? {} : { capturedAt: request.now.toISOString() };
    return {
      snapshot: { ...this.snapshot, ...captured },
      series: {},
      quality: [],
      notes: [],
      source: { kind: 'file', description: 'test metrics', apiCalls: 0, metricsRequested: 0 },
    };
  }
}

/** Fault switch for the store: `down` makes every call throw StoreUnavailableError; `hold()` stalls calls. */
export class StoreSwitch {
  down = false;
  /** A call (`decisions.record`) that takes the store down, itself and every call after it. */
  goDownAt: string | null = null;
  calls = 0;
  /**
   * A store that flaps: asked before each call, true fails that call (e.g. `seededRandom(seed)`
   * below a probability). null: only `down` and `goDownAt` decide.
   */
  flaky: ((call: string) => boolean) | null = null;
  private gate: Promise<void> | null = null;
  /** The store as opened, unwrapped (a raw dump: test/store/support/raw-dump.ts). */
  inner: Store | null = null;

  hold(): () => void {
    let release = () => {};
    this.gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    return () => {
      this.gate = null;
      release();
    };
  }

  wrap(inner: Store): Store {
    this.inner = inner;
    const port = <T extends object>(target: T, name: string): T =>
      new Proxy(target, {
        get: (t, prop, receiver) => {
          const value: unknown = Reflect.get(t, prop, receiver);
          if (typeof value !== 'function') return value;
          return async (...args: unknown[]) => {
            this.calls += 1;
            if (this.goDownAt === `${name}.${String(prop)}`) this.down = true;
            if (this.gate) await this.gate;
            if (this.down || this.flaky?.(`${name}.${String(prop)}`) === true) {
              throw new StoreUnavailableError(`${name}.${String(prop)}`, {
                cause: new Error('test: store down'),
              });
            }
            return value.apply(t, args);
          };
        },
      });
    return {
      kind: inner.kind,
      reviews: port(inner.reviews, 'reviews'),
      observations: port(inner.observations, 'observations'),
      decisions: port(inner.decisions, 'decisions'),
      subscriptions: port(inner.subscriptions, 'subscriptions'),
      digestRuns: port(inner.digestRuns, 'digestRuns'),
      digestPace: port(inner.digestPace, 'digestPace'),
      idempotency: port(inner.idempotency, 'idempotency'),
      estate: port(inner.estate, 'estate'),
      installations: port(inner.installations, 'installations'),
      workspaces: port(inner.workspaces, 'workspaces'),
      tenants: port(inner.tenants, 'tenants'),
      canvases: port(inner.canvases, 'canvases'),
      describe: () => inner.describe(),
      health: async () => (this.down ? { ok: false, detail: 'down (test)' } : inner.health()),
      cleanup: (request) => inner.cleanup(request),
      close: () => inner.close(),
    };
  }
}
