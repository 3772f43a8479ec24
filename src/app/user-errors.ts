import { randomBytes } from 'node:crypto';
import { InvalidAgentsError, UnknownStageError } from '../domain/cost.js';
import { ProjectionInputError } from '../domain/projection.js';
import { ScheduleError } from '../domain/schedule.js';
import {
  channelSafeMessage,
  MetricsNotConfiguredError,
  MetricsThrottledError,
  MetricsUnavailableError,
  SnapshotError,
} from '../metrics/errors.js';
import { StoreUnavailableError } from '../store/errors.js';
import {
  ChannelRefusedError,
  InvalidDecisionError,
  PermissionDeniedError,
  ReviewNotFoundError,
  TenantNotInstalledError,
} from './errors.js';

export interface UserFailure {
  /** What went wrong and what to do, for the Slack user. */
  message: string;
  /** true for failures on our side or a dependency's (outcome `failed`), false for the user's. */
  internal: boolean;
  ref: string | null;
  /**
   * A dependency failed (the metrics source): logged as a warning, not an error with a `ref`; the
   * source's own failure is logged with its cause where it is fetched (src/bootstrap/metrics.ts).
   */
  dependency?: true;
}

const EXPECTED = [
  PermissionDeniedError,
  ReviewNotFoundError,
  InvalidDecisionError,
  ChannelRefusedError,
  ProjectionInputError,
  UnknownStageError,
  InvalidAgentsError,
  ScheduleError,
  TenantNotInstalledError,
] as const;

const STILL_WORK = '`/scale project` and `/scale cost` still work.';

/** Turns any failure into a reply for the user; unknown errors get a reference for the logs. */
export function describeFailure(error: unknown): UserFailure {
  if (EXPECTED.some((type) => error instanceof type)) {
    return {
      message: error instanceof Error ? error.message : String(error),
      internal: false,
      ref: null,
    };
  }
  if (error instanceof MetricsNotConfiguredError) {
    return {
      message: `${channelSafeMessage(error)}. ${STILL_WORK}`,
      internal: false,
      ref: null,
    };
  }
  if (
    error instanceof MetricsThrottledError ||
    error instanceof MetricsUnavailableError ||
    error instanceof SnapshotError
  ) {
    // No file path or host in a channel: the log has them.
    const message = `Metrics unavailable: ${channelSafeMessage(error)}. Whoever runs Scale Review can find the details in its log; ${STILL_WORK}`;
    return { message, internal: true, ref: null, dependency: true };
  }
  if (error instanceof StoreUnavailableError) {
    return { message: error.message, internal: true, ref: null };
  }
  const ref = randomBytes(4).toString('hex');
  return {
    message: `Something went wrong on our side; it has been logged (ref ${ref}). Please try again.`,
    internal: true,
    ref,
  };
}
