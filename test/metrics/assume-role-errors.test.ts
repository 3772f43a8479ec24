import { describe, expect, it } from 'vitest';
import {
  AssumeRoleError,
  assumeRoleMetricsError,
  classifyAssumeRoleFailure,
} from '../../src/metrics/cloudwatch/assume-role-error.js';
import { mapCloudWatchError } from '../../src/metrics/cloudwatch/error-mapping.js';
import {
  channelSafeMessage,
  MetricsNotConfiguredError,
  MetricsUnavailableError,
} from '../../src/metrics/errors.js';
import { stsError } from './support/fake-sts.js';

const ROLE = 'arn:aws:iam::210987654321:role/ScaleReviewRead';
const EXTERNAL_ID = 'sr-0123456789abcdef0123456789abcdef';
const context = {
  externalId: EXTERNAL_ID,
  region: 'eu-west-1',
  durationSeconds: 3600,
  deploymentAccountId: null,
};

function socketError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });
}

describe('classifyAssumeRoleFailure', () => {
  it('names the deployment account from the AccessDenied message', () => {
    const denied = stsError(
      'AccessDenied',
      403,
      `User: arn:aws:iam::111122223333:user/scale-review is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`,
    );

    expect(classifyAssumeRoleFailure(denied, context)).toEqual({
      problem: 'accessDenied',
      what: 'access denied',
      fix: `the role's trust policy must allow the Scale Review account (111122223333) with sts:ExternalId = ${EXTERNAL_ID}, and Scale Review's own credentials need sts:AssumeRole on the role (docs/metrics.md, "Reading another AWS account")`,
    });
  });

  it('prefers the configured deployment account, and says which account when it is unknown', () => {
    const denied = stsError('AccessDenied', 403, 'Access denied');

    const known = classifyAssumeRoleFailure(denied, {
      ...context,
      deploymentAccountId: '444455556666',
    });
    const unknown = classifyAssumeRoleFailure(denied, context);

    expect(known.fix).toContain('the Scale Review account (444455556666) with sts:ExternalId');
    expect(unknown.fix).toContain(
      'the Scale Review account (the AWS account of the credentials Scale Review runs with)',
    );
  });

  it.each([
    [stsError('AccessDeniedException', 400), 'accessDenied', 'access denied'],
    [stsError('SomethingForbidden', 403), 'accessDenied', 'access denied'],
    [
      stsError('RegionDisabledException', 403),
      'region',
      'STS is not activated in eu-west-1 for the Scale Review account',
    ],
    [Object.assign(new Error('Region is missing'), { name: 'Error' }), 'region', 'no AWS region'],
    [
      stsError('InvalidClientTokenId', 403),
      'baseCredentials',
      "STS rejected Scale Review's own AWS credentials (InvalidClientTokenId)",
    ],
    [
      stsError('ExpiredTokenException', 400),
      'baseCredentials',
      "Scale Review's own AWS credentials have expired (ExpiredTokenException)",
    ],
    [
      Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      }),
      'baseCredentials',
      'Scale Review has no AWS credentials of its own to call STS with',
    ],
    [stsError('Throttling', 400), 'throttled', 'STS throttled AssumeRole (Throttling)'],
    [
      socketError('ECONNREFUSED'),
      'unreachable',
      'cannot reach AWS STS in eu-west-1 (ECONNREFUSED); check the region and the network',
    ],
    [
      socketError('ENOTFOUND'),
      'unreachable',
      'cannot reach AWS STS in eu-west-1 (ENOTFOUND); check the region and the network',
    ],
    [
      Object.assign(new Error('timed out'), { name: 'TimeoutError' }),
      'unreachable',
      'AWS STS in eu-west-1 did not answer in time',
    ],
    [stsError('ServiceUnavailable', 503), 'unreachable', 'AWS STS in eu-west-1 answered HTTP 503'],
    [
      stsError(
        'ValidationError',
        400,
        'The requested DurationSeconds exceeds the MaxSessionDuration',
      ),
      'rejected',
      'STS rejected AssumeRole (ValidationError: The requested DurationSeconds exceeds the MaxSessionDuration)',
    ],
    [new Error('boom'), 'failed', 'AssumeRole failed (Error: boom)'],
  ])('%s -> %s', (error, problem, what) => {
    expect(classifyAssumeRoleFailure(error, context)).toMatchObject({ problem, what });
  });

  it('gives a fix exactly for the problems configuration can fix', () => {
    const fixable = [
      stsError('AccessDenied', 403),
      stsError('RegionDisabledException', 403),
      stsError('InvalidClientTokenId', 403),
      stsError('ValidationError', 400),
    ].map((e) => classifyAssumeRoleFailure(e, context).fix);
    const passing = [stsError('Throttling', 400), socketError('ECONNRESET'), new Error('x')].map(
      (e) => classifyAssumeRoleFailure(e, context).fix,
    );

    expect(fixable.every((fix) => typeof fix === 'string' && fix.length > 0)).toBe(true);
    expect(passing).toEqual([null, null, null]);
  });
});

describe('assumeRoleMetricsError', () => {
  const denied = new AssumeRoleError(
    ROLE,
    classifyAssumeRoleFailure(stsError('AccessDenied', 403), {
      ...context,
      deploymentAccountId: '111122223333',
    }),
  );

  it('makes a configuration problem a MetricsNotConfiguredError the channel may see', () => {
    const mapped = assumeRoleMetricsError(denied);

    expect(mapped).toBeInstanceOf(MetricsNotConfiguredError);
    expect(mapped.cause).toBe(denied);
    expect(channelSafeMessage(mapped)).toBe(
      `CloudWatch not configured: could not assume ${ROLE}: access denied — the role's trust policy must allow the Scale Review account (111122223333) with sts:ExternalId = ${EXTERNAL_ID}, and Scale Review's own credentials need sts:AssumeRole on the role (docs/metrics.md, "Reading another AWS account")`,
    );
  });

  it('makes a network problem a MetricsUnavailableError', () => {
    const refused = new AssumeRoleError(
      ROLE,
      classifyAssumeRoleFailure(socketError('ECONNREFUSED'), context),
    );

    const mapped = assumeRoleMetricsError(refused);

    expect(mapped).toBeInstanceOf(MetricsUnavailableError);
    expect(channelSafeMessage(mapped)).toBe(
      `CloudWatch credentials: could not assume ${ROLE}: cannot reach AWS STS in eu-west-1 (ECONNREFUSED); check the region and the network`,
    );
  });

  it('is what the CloudWatch error mapping makes of an AssumeRoleError', () => {
    const mapped = mapCloudWatchError(denied, {
      aborted: false,
      timeoutMs: 15_000,
      requestTimeoutMs: 3000,
      maxAttempts: 3,
    });

    expect(mapped).toBeInstanceOf(MetricsNotConfiguredError);
    expect(mapped.message).toContain(`could not assume ${ROLE}: access denied`);
  });
});
