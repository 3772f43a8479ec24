import { randomBytes } from 'node:crypto';
import { InvalidAgentsError, UnknownStageError } from '../domain/cost.js';
import { ProjectionInputError } from '../domain/projection.js';
import { ScheduleError } from '../domain/schedule.js';
import {
  MetricsNotConfiguredError,
  MetricsThrottledError,
  MetricsUnavailableError,
  SnapshotError,
} from '../metrics/errors.js';
import { StoreUnavailableError } from '../store/errors.js';
import { InvalidDecisionError, PermissionDeniedError, ReviewNotFoundError } from './errors.js';

export interface UserFailure {
  /** What went wrong and what to do, for the Slack user. */
  message: string;
  /** true for failures on our side, which are logged as errors with `ref`. */
  internal: boolean;
  ref: string | null;
}

const EXPECTED = [
  PermissionDeniedError,
  ReviewNotFoundError,
  InvalidDecisionError,
  ProjectionInputError,
  UnknownStageError,
  InvalidAgentsError,
  ScheduleError,
] as const;

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
      message: `${error.message}. \`/scale project\` and \`/scale cost\` still work.`,
      internal: false,
      ref: null,
    };
  }
  if (
    error instanceof MetricsThrottledError ||
    error instanceof MetricsUnavailableError ||
    error instanceof SnapshotError
  ) {
    return { message: `Metrics unavailable: ${error.message}`, internal: false, ref: null };
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
