import { describe, expect, it } from 'vitest';
import { mapCloudWatchError } from '../../src/metrics/cloudwatch/error-mapping.js';
import {
  MetricsNotConfiguredError,
  MetricsThrottledError,
  MetricsUnavailableError,
} from '../../src/metrics/errors.js';

const context = { aborted: false, timeoutMs: 15_000, requestTimeoutMs: 3000, maxAttempts: 3 };

function sdkError(
  name: string,
  status: number,
  fault: 'client' | 'server' = 'client',
  attempts = 1,
) {
  return Object.assign(new Error(`${name} happened`), {
    name,
    $fault: fault,
    $metadata: { httpStatusCode: status, attempts },
  });
}

describe('mapCloudWatchError', () => {
  it.each([
    ['Throttling', 400],
    ['ThrottlingException', 400],
    ['TooManyRequestsException', 429],
  ])('maps %s to MetricsThrottledError', (name, status) => {
    const mapped = mapCloudWatchError(sdkError(name, status, 'client', 3), context);

    expect(mapped).toBeInstanceOf(MetricsThrottledError);
    expect(mapped).toMatchObject({ attempts: 3 });
  });

  it.each([
    ['AccessDenied', 'access denied'],
    ['AccessDeniedException', 'access denied'],
    ['InvalidClientTokenId', 'AWS credentials rejected'],
    ['SignatureDoesNotMatch', 'AWS credentials rejected'],
    ['UnrecognizedClientException', 'AWS credentials rejected'],
    ['ExpiredToken', 'AWS credentials expired'],
  ])('maps %s to MetricsNotConfiguredError (%s)', (name, what) => {
    const mapped = mapCloudWatchError(sdkError(name, 403), context);

    expect(mapped).toBeInstanceOf(MetricsNotConfiguredError);
    expect(mapped.message).toContain(`CloudWatch not configured: ${what}`);
    expect(mapped.cause).toBeInstanceOf(Error);
  });

  it('treats any other 403 (moto with auth answers XML the JSON protocol cannot parse) as not configured', () => {
    const unreadable = Object.assign(new SyntaxError('Unexpected token <'), {
      $metadata: { httpStatusCode: 403 },
    });

    expect(mapCloudWatchError(unreadable, context)).toBeInstanceOf(MetricsNotConfiguredError);
  });

  it('maps the SDK region error to "no AWS region"', () => {
    expect(mapCloudWatchError(new Error('Region is missing'), context).message).toBe(
      'CloudWatch not configured: no AWS region — set AWS_REGION or metrics.cloudwatch.region',
    );
  });

  it('maps a rejected query to not configured, pointing at the queries section', () => {
    const mapped = mapCloudWatchError(sdkError('InvalidParameterValue', 400), context);

    expect(mapped).toBeInstanceOf(MetricsNotConfiguredError);
    expect(mapped.message).toContain('check metrics.cloudwatch.queries');
  });

  it('maps 5xx, timeouts, aborts and network errors to MetricsUnavailableError', () => {
    const server = mapCloudWatchError(sdkError('InternalFailure', 503, 'server', 3), context);
    const timeout = mapCloudWatchError(
      Object.assign(new Error('slow'), { name: 'TimeoutError' }),
      context,
    );
    const aborted = mapCloudWatchError(new Error('aborted'), { ...context, aborted: true });
    const refused = mapCloudWatchError(
      Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
      context,
    );

    expect(server).toMatchObject({ name: 'MetricsUnavailableError', status: 503 });
    expect(server.message).toBe('CloudWatch answered HTTP 503 after 3 attempt(s)');
    expect(timeout.message).toBe(
      'CloudWatch request timed out (3000 ms per attempt, 3 attempt(s))',
    );
    expect(aborted.message).toBe('CloudWatch did not answer within 15000 ms');
    expect(refused.message).toBe('cannot reach CloudWatch (ECONNREFUSED) after 3 attempt(s)');
  });

  it('wraps anything unknown, so the caller always gets a typed error', () => {
    expect(mapCloudWatchError('boom', context)).toBeInstanceOf(MetricsUnavailableError);
  });

  it('passes typed errors through unchanged', () => {
    const original = new MetricsThrottledError(2);

    expect(mapCloudWatchError(original, context)).toBe(original);
  });
});
