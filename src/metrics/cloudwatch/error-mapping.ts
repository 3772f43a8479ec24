import {
  MetricsNotConfiguredError,
  MetricsThrottledError,
  MetricsUnavailableError,
  UNREACHABLE_SOCKET_CODES,
} from '../errors.js';
import { AssumeRoleError, assumeRoleMetricsError } from './assume-role-error.js';

/**
 * AWS SDK failures -> the three typed metrics errors (pure). Every branch yields an error: none
 * can turn into a snapshot.
 */

const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'LimitExceededException',
]);
const ACCESS_DENIED_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
]);
const BAD_CREDENTIAL_CODES = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'AuthFailure',
]);
const EXPIRED_CODES = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']);

export interface ErrorContext {
  /** The whole-fetch deadline fired. */
  aborted: boolean;
  timeoutMs: number;
  requestTimeoutMs: number;
  maxAttempts: number;
}

interface ErrorFacts {
  name: string;
  message: string;
  code: string | null;
  status: number | null;
  attempts: number | null;
  fault: string | null;
}

function facts(error: unknown): ErrorFacts {
  const record =
    typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const metadata =
    typeof record.$metadata === 'object' && record.$metadata !== null
      ? (record.$metadata as Record<string, unknown>)
      : {};
  return {
    name: typeof record.name === 'string' ? record.name : 'Error',
    message: error instanceof Error ? error.message : String(error),
    code: typeof record.code === 'string' ? record.code : null,
    status: typeof metadata.httpStatusCode === 'number' ? metadata.httpStatusCode : null,
    attempts: typeof metadata.attempts === 'number' ? metadata.attempts : null,
    fault: typeof record.$fault === 'string' ? record.$fault : null,
  };
}

const CREDENTIALS_FIX =
  'provide credentials through the default AWS chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or an instance/task role)';
const IAM_FIX =
  'allow cloudwatch:GetMetricData on "*" in the IAM policy of the bot\'s credentials (README, Metrics)';

function notConfigured(f: ErrorFacts, cause: unknown): MetricsNotConfiguredError | null {
  const options = { cause };
  if (f.name === 'CredentialsProviderError') {
    return new MetricsNotConfiguredError('no AWS credentials found', CREDENTIALS_FIX, options);
  }
  if (/region is missing/i.test(f.message)) {
    return new MetricsNotConfiguredError(
      'no AWS region',
      'set AWS_REGION or metrics.cloudwatch.region',
      options,
    );
  }
  if (ACCESS_DENIED_CODES.has(f.name)) {
    return new MetricsNotConfiguredError(
      `access denied (${f.name}: ${f.message})`,
      IAM_FIX,
      options,
    );
  }
  if (BAD_CREDENTIAL_CODES.has(f.name)) {
    return new MetricsNotConfiguredError(
      `AWS credentials rejected (${f.name})`,
      CREDENTIALS_FIX,
      options,
    );
  }
  if (EXPIRED_CODES.has(f.name)) {
    const fix = 'refresh the session (for example `aws sso login`) or use an instance/task role';
    return new MetricsNotConfiguredError(`AWS credentials expired (${f.name})`, fix, options);
  }
  if (f.status === 401 || f.status === 403) {
    return new MetricsNotConfiguredError(
      `request refused with HTTP ${f.status}`,
      `${CREDENTIALS_FIX}, and ${IAM_FIX}`,
      options,
    );
  }
  return null;
}

function unavailable(
  f: ErrorFacts,
  context: ErrorContext,
  cause: unknown,
): MetricsUnavailableError {
  const attempts = f.attempts ?? context.maxAttempts;
  if (context.aborted || f.name === 'AbortError') {
    return new MetricsUnavailableError(`CloudWatch did not answer within ${context.timeoutMs} ms`, {
      cause,
    });
  }
  if (f.name === 'TimeoutError' || f.code === 'ETIMEDOUT') {
    const message = `CloudWatch request timed out (${context.requestTimeoutMs} ms per attempt, ${attempts} attempt(s))`;
    return new MetricsUnavailableError(message, { cause });
  }
  if (f.code !== null && UNREACHABLE_SOCKET_CODES.has(f.code)) {
    return new MetricsUnavailableError(
      `cannot reach CloudWatch (${f.code}) after ${attempts} attempt(s)`,
      { cause },
    );
  }
  if (f.status !== null && f.status >= 500) {
    const message = `CloudWatch answered HTTP ${f.status} after ${attempts} attempt(s)`;
    return new MetricsUnavailableError(message, { cause, status: f.status });
  }
  return new MetricsUnavailableError(`CloudWatch request failed (${f.name}: ${f.message})`, {
    cause,
    status: f.status,
  });
}

export function mapCloudWatchError(error: unknown, context: ErrorContext): Error {
  if (
    error instanceof MetricsNotConfiguredError ||
    error instanceof MetricsThrottledError ||
    error instanceof MetricsUnavailableError
  ) {
    return error;
  }
  // The role could not be assumed: the credentials, not CloudWatch, failed.
  if (error instanceof AssumeRoleError) return assumeRoleMetricsError(error);
  const f = facts(error);
  if (THROTTLING_CODES.has(f.name) || f.status === 429) {
    return new MetricsThrottledError(f.attempts ?? context.maxAttempts, { cause: error });
  }
  const config = notConfigured(f, error);
  if (config !== null) return config;
  const clientFault =
    f.fault === 'client' && f.status !== null && f.status >= 400 && f.status < 500;
  if (clientFault && !context.aborted) {
    const fix = 'check metrics.cloudwatch.queries in scale-review.yml';
    return new MetricsNotConfiguredError(
      `CloudWatch rejected the request (${f.name}: ${f.message})`,
      fix,
      {
        cause: error,
      },
    );
  }
  return unavailable(f, context, error);
}
