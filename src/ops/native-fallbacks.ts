import type { NativeFallbackLog, NativeFallbackSurface } from '../slack-api/native-refusal.js';
import type { OpsMetrics } from './ops-metrics.js';

/** Slack error codes are snake_case words (or http_NNN); anything else is not a label value. */
const ERROR_CODE = /^[a-z][a-z0-9_]{0,63}$/;

/** What /status says of the native blocks: how often Slack refused them, and the last time. */
export interface NativeBlocksStatus {
  /** Messages sent again with the mrkdwn lines since this replica started. */
  fallbacks: number;
  last: { surface: NativeFallbackSurface; code: string; at: string } | null;
}

/**
 * The record of messages Slack refused with their native blocks (the chart, the table) and that
 * went again with the mrkdwn lines: counted in Prometheus
 * (`scale_review_slack_native_fallbacks_total{surface, error}`) and shown on /status, so an
 * operator knows the workspace does not take them (docs/operations.md).
 */
export class NativeFallbacks implements NativeFallbackLog {
  private count = 0;
  private last: NativeBlocksStatus['last'] = null;

  constructor(
    private readonly metrics: OpsMetrics,
    private readonly nowMs: () => number,
  ) {}

  record(surface: NativeFallbackSurface, code: string): void {
    const error = ERROR_CODE.test(code) ? code : 'other';
    this.metrics.nativeFallbacks.inc({ surface, error });
    this.count += 1;
    this.last = { surface, code: error, at: new Date(this.nowMs()).toISOString() };
  }

  refused(): boolean {
    return this.count > 0;
  }

  status(): NativeBlocksStatus {
    return { fallbacks: this.count, last: this.last };
  }
}
