import { MetricsUnavailableError } from './errors.js';
import { SnapshotError } from './snapshot-reader.js';

/**
 * A metrics source's failure in one line a Slack channel may see: no file path, no URL, no host
 * (README "Metrics"). The logs and the CLI keep the full message. The CloudWatch and PostgreSQL
 * errors are written channel-safe (they name variables and settings, never values).
 */
export function channelSafeMessage(error: unknown): string {
  if (error instanceof SnapshotError || error instanceof MetricsUnavailableError) {
    return error.publicMessage;
  }
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
