/**
 * Typed failures of a metrics source. A source either returns a result or throws one of these
 * (a `SnapshotError` for an invalid file or URL body): no error path yields a snapshot with
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
 * A metrics snapshot that cannot be read or is invalid. The message is one line that names the origin
 * (file path, "stdin", a URL) and the bad key: "examples/x.json: unknown key `cpu_percent`".
 */
export class SnapshotError extends Error {
  readonly origin: string;

  constructor(origin: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SnapshotError';
    this.origin = origin;
  }

  /**
   * The message without the file path or the URL, for a Slack channel: "metrics file not found",
   * "the metrics URL's answer: invalid JSON (…)". The logs and the CLI show `message`.
   */
  get publicMessage(): string {
    const line = this.message.split('\n')[0] ?? '';
    if (this.origin === 'stdin' || this.origin === '') return line;
    const label = /^https?:\/\//.test(this.origin)
      ? "the metrics URL's answer"
      : 'the metrics file';
    return line
      .replaceAll(`${this.origin}: `, `${label}: `)
      .replaceAll(`: ${this.origin}`, '')
      .replaceAll(this.origin, label);
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
