/**
 * Typed failures of a metrics source. A source either returns a result or throws one of these
 * (or a `SnapshotError` for an invalid file or URL body): no error path yields a snapshot with
 * default values, so a failed fetch can never make an indicator `ok`.
 */

/**
 * Missing credentials, region, password or permission, or a query the source rejects: fixable by
 * configuration. The message names the source ("CloudWatch not configured: …", "PostgreSQL not
 * configured: …") and never carries a secret or a host.
 */
export class MetricsNotConfiguredError extends Error {
  /** What is missing or wrong ("no AWS region"). */
  readonly what: string;
  /** How to fix it ("set AWS_REGION or metrics.cloudwatch.region in scale-review.yml"). */
  readonly fix: string;
  /** The source concerned, as its messages name it ("CloudWatch", "PostgreSQL"). */
  readonly subject: string;

  constructor(what: string, fix: string, options?: { cause?: unknown; subject?: string }) {
    const subject = options?.subject ?? 'CloudWatch';
    super(
      `${subject} not configured: ${what} — ${fix}`,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'MetricsNotConfiguredError';
    this.what = what;
    this.fix = fix;
    this.subject = subject;
  }
}

/** CloudWatch kept throttling after the SDK's retries. */
export class MetricsThrottledError extends Error {
  readonly attempts: number;

  constructor(attempts: number, options?: { cause?: unknown }) {
    super(
      `CloudWatch throttled GetMetricData after ${attempts} attempt(s); try again in a minute or raise metrics.cloudwatch.maxAttempts`,
      options,
    );
    this.name = 'MetricsThrottledError';
    this.attempts = attempts;
  }
}

/** The endpoint is unreachable, timed out, answered 5xx or something unreadable. */
export class MetricsUnavailableError extends Error {
  /** HTTP status when the endpoint answered, else null. */
  readonly status: number | null;
  /** The message for a Slack channel, when `message` names a host or a URL (the URL source's). */
  readonly publicMessage: string;

  constructor(
    message: string,
    options?: { cause?: unknown; status?: number | null; publicMessage?: string },
  ) {
    super(message, options);
    this.name = 'MetricsUnavailableError';
    this.status = options?.status ?? null;
    this.publicMessage = options?.publicMessage ?? message;
  }
}

/**
 * Node's socket error codes that mean the server could not be reached (refused, reset, not
 * resolved, no route, broken pipe), for the adapters' error mapping. A timeout (ETIMEDOUT) is
 * told apart by each adapter, with its own deadline in the message.
 */
export const UNREACHABLE_SOCKET_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);
