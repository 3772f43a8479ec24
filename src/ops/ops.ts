import type { App } from '@slack/bolt';
import type { DigestTickObserver } from '../../jobs/digest-job.js';
import type { AppDeps } from '../app/deps.js';
import type { TickSummary } from '../digest/run-digest.js';
import type { Logger } from '../logging/logger.js';
import type { MetricsSource } from '../metrics/port.js';
import type { Store } from '../store/ports.js';
import { VERSION } from './build-info.js';
import { Readiness } from './health.js';
import { type HealthServer, startHealthServer } from './health-server.js';
import { instrumentMetricsSource, instrumentStore } from './instrument-ports.js';
import { NativeFallbacks } from './native-fallbacks.js';
import { DIGEST_RESULTS, OpsMetrics } from './ops-metrics.js';
import { instrumentedSlackFetch, instrumentSlackApp } from './slack-instruments.js';
import { checkStatus } from './status-report.js';

export interface OpsOptions {
  /** HEALTH_PORT; null: no internal server (the public port still has /livez and /readyz). */
  healthPort: number | null;
  /** Interface of the internal server (tests: 127.0.0.1; default all). */
  host?: string;
  logger: Logger;
  nowMs?: () => number;
}

export interface OpsStartInput {
  deps: AppDeps;
  mode: 'http' | 'socket';
}

/**
 * Operations for one running bot: readiness, the Prometheus metrics and the decorators that feed
 * them, and the internal health server. The composition root (src/bootstrap/start-bot.ts) wires
 * it with a handful of calls; nothing else in the bot knows about it.
 */
export class Ops {
  readonly metrics = new OpsMetrics();
  readonly readiness = new Readiness(() => this.connected());
  private connected: () => boolean = () => true;
  private server: HealthServer | null = null;
  private readonly nowMs: () => number;
  private readonly startedAtMs: number;

  /** Messages Slack refused with their chart and table, sent again with the mrkdwn lines. */
  readonly nativeFallbacks: NativeFallbacks;

  constructor(private readonly options: OpsOptions) {
    this.nowMs = options.nowMs ?? Date.now;
    this.startedAtMs = this.nowMs();
    this.nativeFallbacks = new NativeFallbacks(this.metrics, this.nowMs);
  }

  /** The internal port actually listened on (null without HEALTH_PORT). */
  get healthPort(): number | null {
    return this.server?.port ?? null;
  }

  wrapStore(store: Store): Store {
    return instrumentStore(store, this.metrics);
  }

  wrapMetricsSource(source: MetricsSource | null): MetricsSource | null {
    return source === null ? null : instrumentMetricsSource(source, this.metrics);
  }

  /** The `fetch` for every WebClient (and Bolt's respond()), counting Slack API calls and errors. */
  slackFetch(slackApiUrl: string | undefined): typeof globalThis.fetch {
    return instrumentedSlackFetch(this.metrics, slackApiUrl);
  }

  /** Counts requests by outcome and times ack(); `connected` tells readiness in Socket Mode. */
  instrumentSlack(app: App, connected: () => boolean): void {
    this.connected = connected;
    instrumentSlackApp(app, this.metrics);
  }

  readonly digestObserver: DigestTickObserver = {
    tickFinished: (summary: TickSummary) => {
      this.metrics.digestTicks.inc({ result: 'ok' });
      if (summary.due > 0) this.metrics.digestTickSeconds.observe(summary.durationMs / 1000);
      for (const result of DIGEST_RESULTS) {
        if (summary[result] > 0) this.metrics.digests.inc({ result }, summary[result]);
      }
    },
    tickFailed: () => {
      this.metrics.digestTicks.inc({ result: 'failed' });
    },
  };

  /** Starts the internal server when HEALTH_PORT is set (before Slack connects: /readyz says `starting`). */
  async start(input: OpsStartInput): Promise<void> {
    this.metrics.setBuildInfo({
      version: VERSION,
      node: process.version,
      mode: input.mode,
      store: input.deps.store.kind,
    });
    if (this.options.healthPort !== null) {
      this.metrics.collectProcessMetrics();
      this.server = await startHealthServer({
        port: this.options.healthPort,
        ...(this.options.host === undefined ? {} : { host: this.options.host }),
        readiness: this.readiness,
        metrics: this.metrics,
        logger: this.options.logger,
        status: () =>
          checkStatus({
            deps: input.deps,
            state: () => this.readiness.state,
            mode: input.mode,
            version: VERSION,
            startedAtMs: this.startedAtMs,
            nowMs: this.nowMs,
            nativeBlocks: () => this.nativeFallbacks.status(),
          }),
      });
    }
  }

  /** Slack is connected: /readyz turns ready. */
  markStarted(): void {
    this.readiness.markStarted();
  }

  /** Readiness turns `stopping` first (load balancers stop sending); the server closes last. */
  markStopping(): void {
    this.readiness.markStopping();
  }

  async stop(): Promise<void> {
    this.readiness.markStopping();
    await this.server?.close();
    this.server = null;
  }
}
