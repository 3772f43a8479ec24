import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The bot's Prometheus series (served on HEALTH_PORT at /metrics; the list with sample queries is in
 * docs/operations.md). One registry per running bot, so tests can start several in one process.
 * Every label has a bounded set of values: command kinds, registered action ids, Slack method names,
 * error classes; never a user, channel or free text.
 */

/** How a Slack request ended for the user (see docs/operations.md). */
const REQUEST_OUTCOMES = ['ok', 'refused', 'failed', 'error'] as const;
export type RequestOutcome = (typeof REQUEST_OUTCOMES)[number];

const REQUEST_TYPES = ['command', 'action', 'event'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

/** The digest results counted per channel: TickSummary's counts. */
export const DIGEST_RESULTS = ['sent', 'edited', 'skipped', 'failed', 'delayed'] as const;
export type DigestResult = (typeof DIGEST_RESULTS)[number];

/** Slack's own answer is 3 s; the buckets resolve the range an operator acts on. */
const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];
const FETCH_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30];
const TICK_BUCKETS = [0.05, 0.25, 1, 5, 15, 30, 60, 120, 300, 600];

export interface BuildInfo {
  version: string;
  node: string;
  mode: 'http' | 'socket';
  store: string;
}

export class OpsMetrics {
  readonly registry = new Registry();
  private defaultsCollected = false;

  readonly commands = new Counter({
    name: 'scale_review_slack_commands_total',
    help: 'Slash commands handled, by command and outcome',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly actions = new Counter({
    name: 'scale_review_slack_actions_total',
    help: 'Button and menu clicks handled, by action id and outcome',
    labelNames: ['action', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly events = new Counter({
    name: 'scale_review_slack_events_total',
    help: 'Events API events handled, by event type and outcome',
    labelNames: ['event', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly ackSeconds = new Histogram({
    name: 'scale_review_slack_ack_seconds',
    help: 'From the verified request reaching the app to ack(), by request type',
    labelNames: ['type'] as const,
    buckets: ACK_BUCKETS,
    registers: [this.registry],
  });
  readonly slackCalls = new Counter({
    name: 'scale_review_slack_api_calls_total',
    help: 'Slack Web API calls made, by method',
    labelNames: ['method'] as const,
    registers: [this.registry],
  });
  readonly slackErrors = new Counter({
    name: 'scale_review_slack_api_errors_total',
    help: 'Slack Web API calls that failed, by method and error (Slack error code or transport)',
    labelNames: ['method', 'error'] as const,
    registers: [this.registry],
  });
  readonly slackRateLimited = new Counter({
    name: 'scale_review_slack_api_rate_limited_total',
    help: 'HTTP 429 answers from the Slack Web API, by method',
    labelNames: ['method'] as const,
    registers: [this.registry],
  });
  readonly nativeFallbacks = new Counter({
    name: 'scale_review_slack_native_fallbacks_total',
    help: 'Messages Slack refused with their native blocks (chart, table) and that were sent again with the mrkdwn lines, by surface (digest, reply, update) and error',
    labelNames: ['surface', 'error'] as const,
    registers: [this.registry],
  });
  readonly digests = new Counter({
    name: 'scale_review_digests_total',
    help: 'Digest channels handled by this replica, by result (delayed: sent or edited late)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly digestTicks = new Counter({
    name: 'scale_review_digest_ticks_total',
    help: 'Digest ticks run by this replica, by result',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly digestTickSeconds = new Histogram({
    name: 'scale_review_digest_tick_seconds',
    help: 'Duration of the digest ticks that had channels due',
    buckets: TICK_BUCKETS,
    registers: [this.registry],
  });
  readonly sourceFetches = new Counter({
    name: 'scale_review_metrics_source_fetches_total',
    help: 'Metrics-source fetches (CloudWatch, file or URL), by source and result',
    labelNames: ['source', 'result'] as const,
    registers: [this.registry],
  });
  readonly sourceErrors = new Counter({
    name: 'scale_review_metrics_source_errors_total',
    help: 'Metrics-source fetches that failed, by source and error class',
    labelNames: ['source', 'error'] as const,
    registers: [this.registry],
  });
  readonly sourceSeconds = new Histogram({
    name: 'scale_review_metrics_source_fetch_seconds',
    help: 'Duration of metrics-source fetches (cache hits included), by source',
    labelNames: ['source'] as const,
    buckets: FETCH_BUCKETS,
    registers: [this.registry],
  });
  readonly sourceApiCalls = new Counter({
    name: 'scale_review_metrics_source_api_calls_total',
    help: 'GetMetricData requests sent (0 for file and URL sources and cache hits), by source',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });
  readonly sourceMetricsRequested = new Counter({
    name: 'scale_review_metrics_source_metrics_requested_total',
    help: 'Metrics requested from CloudWatch (billed per 1,000), by source',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });
  readonly storeErrors = new Counter({
    name: 'scale_review_store_errors_total',
    help: 'Store operations that failed, by operation and error class',
    labelNames: ['operation', 'error'] as const,
    registers: [this.registry],
  });
  readonly ready = new Gauge({
    name: 'scale_review_ready',
    help: '1 while the bot can answer Slack (the /readyz answer), else 0',
    registers: [this.registry],
  });
  readonly buildInfo = new Gauge({
    name: 'scale_review_build_info',
    help: 'Always 1; the labels name the version, the Node.js version, the Slack mode and the store',
    labelNames: ['version', 'node', 'mode', 'store'] as const,
    registers: [this.registry],
  });

  /** Node.js process series (CPU, memory, event loop lag, GC) under their standard names. */
  collectProcessMetrics(): void {
    if (this.defaultsCollected) return;
    this.defaultsCollected = true;
    collectDefaultMetrics({ register: this.registry });
  }

  setBuildInfo(info: BuildInfo): void {
    this.buildInfo.reset();
    this.buildInfo.set({ ...info }, 1);
  }

  request(type: RequestType, name: string, outcome: RequestOutcome): void {
    if (type === 'command') this.commands.inc({ command: name, outcome });
    else if (type === 'action') this.actions.inc({ action: name, outcome });
    else this.events.inc({ event: name, outcome });
  }

  /** The Prometheus text exposition of every series. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
