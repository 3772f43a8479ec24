import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DigestDeps } from '../../src/digest/digest-deps.js';
import type { DigestMessage, DigestMetadata, DigestPoster } from '../../src/digest/poster.js';
import type { MetricsSnapshot } from '../../src/domain/metrics.js';
import { DEFAULT_PLAN } from '../../src/domain/plan/default-plan.js';
import type { Logger } from '../../src/logging/logger.js';
import type { MetricsResult, MetricsSource } from '../../src/metrics/port.js';
import type { Store } from '../../src/store/ports.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { SEED_PANEL } from '../support/seed-panel.js';

export interface PostedDigest {
  channelId: string;
  ts: string;
  message: DigestMessage;
  edits: number;
}

/** An in-memory DigestPoster: a channel history with metadata, and scripted failures. */
export class MemoryPoster implements DigestPoster {
  readonly posted: PostedDigest[] = [];
  readonly dms: { userId: string; text: string }[] = [];
  /** Errors thrown by the next post calls, in order. */
  readonly postFailures: Error[] = [];
  /** When set, post() stores the message and then throws this (an ambiguous failure). */
  failAfterPosting: Error | null = null;
  private seq = 0;

  async post(channelId: string, message: DigestMessage): Promise<string> {
    const failure = this.postFailures.shift();
    if (failure) throw failure;
    this.seq += 1;
    const ts = `1700000000.${String(this.seq).padStart(6, '0')}`;
    this.posted.push({ channelId, ts, message, edits: 0 });
    if (this.failAfterPosting) {
      const error = this.failAfterPosting;
      this.failAfterPosting = null;
      throw error;
    }
    return ts;
  }

  async update(channelId: string, ts: string, message: DigestMessage): Promise<void> {
    const found = this.posted.find((p) => p.channelId === channelId && p.ts === ts);
    if (!found) throw new Error(`no message ${ts} in ${channelId}`);
    found.message = message;
    found.edits += 1;
  }

  async findPosted(channelId: string, metadata: DigestMetadata): Promise<string | null> {
    const found = this.posted.find(
      (p) =>
        p.channelId === channelId &&
        p.message.metadata.event_payload.periodKey === metadata.event_payload.periodKey &&
        p.message.metadata.event_payload.subscriptionId === metadata.event_payload.subscriptionId,
    );
    return found?.ts ?? null;
  }

  async dm(userId: string, text: string): Promise<void> {
    this.dms.push({ userId, text });
  }

  postsTo(channelId: string): PostedDigest[] {
    return this.posted.filter((p) => p.channelId === channelId);
  }
}

export const quietLogger: Logger & { lines: { level: string; msg: string; obj: object }[] } = {
  lines: [],
  debug(obj, msg) {
    quietLogger.lines.push({ level: 'debug', msg, obj });
  },
  info(obj, msg) {
    quietLogger.lines.push({ level: 'info', msg, obj });
  },
  warn(obj, msg) {
    quietLogger.lines.push({ level: 'warn', msg, obj });
  },
  error(obj, msg) {
    quietLogger.lines.push({ level: 'error', msg, obj });
  },
};

export function staticMetrics(snapshot: MetricsSnapshot): MetricsSource & { calls: number } {
  const source = {
    kind: 'file' as const,
    calls: 0,
    describe: () => 'test snapshot',
    async fetch(): Promise<MetricsResult> {
      source.calls += 1;
      return {
        snapshot,
        series: {},
        quality: [],
        source: { kind: 'file', description: 'test snapshot', apiCalls: 0, metricsRequested: 0 },
        notes: [],
      };
    },
  };
  return source;
}

export { SEED_PANEL };

export interface DigestHarness {
  deps: DigestDeps;
  store: Store;
  poster: MemoryPoster;
  clock: { now: Date };
  metrics: ReturnType<typeof staticMetrics>;
  close(): Promise<void>;
}

export function digestHarness(options: { now: string; snapshot?: MetricsSnapshot }): DigestHarness {
  const dir = mkdtempSync(join(tmpdir(), 'scale-review-digest-'));
  const store = SqliteStore.open(dir, quietLogger, {
    reviewIntervalDays: DEFAULT_PLAN.review.intervalDays,
  });
  const poster = new MemoryPoster();
  const clock = { now: new Date(options.now) };
  const metrics = staticMetrics(options.snapshot ?? SEED_PANEL);
  const deps: DigestDeps = {
    plan: DEFAULT_PLAN,
    infrastructure: {},
    store,
    metrics,
    metricsProblem: null,
    logger: quietLogger,
    clock: () => clock.now,
    permissions: { admins: [], ackers: null },
    poster,
    nativeBlocks: true,
    owner: 'replica-a',
    leaseMs: 10 * 60_000,
  };
  return {
    deps,
    store,
    poster,
    clock,
    metrics,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
