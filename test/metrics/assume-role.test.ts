import { describe, expect, it } from 'vitest';
import { assumeRoleCredentials } from '../../src/metrics/cloudwatch/assume-role.js';
import { AssumeRoleError } from '../../src/metrics/cloudwatch/assume-role-error.js';
import { fakeSts, stsCredentials, stsError } from './support/fake-sts.js';
import { silentLogger } from './support/silent-logger.js';

/**
 * The assumed-role provider's cache, with an injected clock and a fake STS `send` (a unit test of
 * the cache and its timing; AssumeRole itself runs against moto in assume-role-moto.test.ts).
 */

const T0 = Date.parse('2026-03-02T09:00:00Z');
const ROLE = 'arn:aws:iam::210987654321:role/ScaleReviewRead';
const EXTERNAL_ID = 'sr-0123456789abcdef0123456789abcdef';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function setup(options: { refreshBeforeMs?: number; durationSeconds?: number } = {}) {
  let now = T0;
  const clock = () => now;
  const sts = fakeSts(clock);
  const provider = assumeRoleCredentials({
    roleArn: ROLE,
    externalId: EXTERNAL_ID,
    region: 'eu-west-1',
    sessionName: 'scale-review',
    clock,
    sts,
    ...options,
  });
  return { provider, sts, setNow: (t: number) => (now = t) };
}

describe('assumeRoleCredentials', () => {
  it('assumes the role once with the external id, the session name and the duration', async () => {
    const { provider, sts } = setup({ durationSeconds: 900, refreshBeforeMs: MINUTE });

    const credentials = await provider();

    expect(sts.inputs).toEqual([
      {
        RoleArn: ROLE,
        ExternalId: EXTERNAL_ID,
        RoleSessionName: 'scale-review',
        DurationSeconds: 900,
      },
    ]);
    expect(credentials).toEqual({
      accessKeyId: 'ASIAFAKE1',
      secretAccessKey: 'secret-1',
      sessionToken: 'token-1',
      expiration: new Date(T0 + HOUR),
    });
  });

  it('keeps the credentials until 5 minutes before they expire, then assumes the role again', async () => {
    const { provider, sts, setNow } = setup();

    const first = await provider();
    setNow(T0 + HOUR - 5 * MINUTE - 1);
    const justBefore = await provider();
    setNow(T0 + HOUR - 5 * MINUTE);
    const refreshed = await provider();

    expect(justBefore).toBe(first);
    expect(sts.inputs).toHaveLength(2);
    expect(refreshed.accessKeyId).toBe('ASIAFAKE2');
    expect(refreshed.expiration).toEqual(new Date(T0 + HOUR - 5 * MINUTE + HOUR));
  });

  it('refreshes at the expiry STS states minus refreshBeforeMs, not at the asked duration', async () => {
    const { provider, sts, setNow } = setup({ refreshBeforeMs: 10 * MINUTE });
    sts.answers.push(stsCredentials(1, new Date(T0 + 30 * MINUTE)));

    await provider();
    setNow(T0 + 20 * MINUTE - 1);
    await provider();
    const callsBefore = sts.inputs.length;
    setNow(T0 + 20 * MINUTE);
    await provider();

    expect([callsBefore, sts.inputs.length]).toEqual([1, 2]);
  });

  it('shares one AssumeRole call among concurrent callers', async () => {
    const { provider, sts } = setup();
    sts.answers.push('pending');

    const callers = [provider(), provider(), provider()];
    sts.pending[0]?.resolve(stsCredentials(7, new Date(T0 + HOUR)));
    const results = await Promise.all(callers);

    expect(sts.inputs).toHaveLength(1);
    expect(results.map((c) => c.accessKeyId)).toEqual(['ASIAFAKE7', 'ASIAFAKE7', 'ASIAFAKE7']);
  });

  it('gives every waiting caller the failure, and caches no failure', async () => {
    const { provider, sts } = setup();
    sts.answers.push('pending');

    const callers = [provider(), provider()];
    sts.pending[0]?.reject(stsError('AccessDenied', 403));
    const outcomes = await Promise.allSettled(callers);
    const retried = await provider();

    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(outcomes[0]).toMatchObject({ reason: expect.any(AssumeRoleError) });
    expect(sts.inputs).toHaveLength(2);
    expect(retried.accessKeyId).toBe('ASIAFAKE2');
  });

  it('throws a channel-safe AssumeRoleError with the SDK error as cause', async () => {
    const { provider, sts } = setup();
    const denied = stsError(
      'AccessDenied',
      403,
      `User: arn:aws:sts::111122223333:assumed-role/scale-review-task/abc is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`,
    );
    sts.answers.push(denied);

    const error = await provider().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AssumeRoleError);
    expect(error).toMatchObject({ problem: 'accessDenied', roleArn: ROLE, cause: denied });
    expect((error as Error).message).toBe(
      `Scale Review could not assume ${ROLE}: access denied. The role's trust policy must allow the Scale Review account (111122223333) with sts:ExternalId = ${EXTERNAL_ID}, and Scale Review's own credentials need sts:AssumeRole on the role (docs/metrics.md, "Reading another AWS account").`,
    );
  });

  it('refuses an answer without credentials', async () => {
    const { provider, sts } = setup();
    sts.answers.push({ $metadata: {}, Credentials: undefined });

    await expect(provider()).rejects.toMatchObject({
      name: 'AssumeRoleError',
      problem: 'failed',
      message: `Scale Review could not assume ${ROLE}: STS answered without credentials.`,
    });
  });

  it('logs the assumed role and its expiry, never the credentials', async () => {
    const logger = silentLogger();
    const sts = fakeSts(() => T0);
    const provider = assumeRoleCredentials({
      roleArn: ROLE,
      externalId: EXTERNAL_ID,
      region: 'eu-west-1',
      clock: () => T0,
      sts,
      logger,
    });

    await provider();

    expect(logger.entries).toEqual([
      {
        level: 'debug',
        message: 'assumed role',
        meta: {
          roleArn: ROLE,
          assumedRole: 'arn:aws:sts::210987654321:assumed-role/ScaleReviewRead/scale-review',
          expiresAt: new Date(T0 + HOUR).toISOString(),
        },
      },
    ]);
    expect(JSON.stringify(logger.entries)).not.toMatch(/secret-1|token-1/);
  });

  it.each([
    [
      { roleArn: 'arn:aws:iam::12345:role/x' },
      'invalid roleArn. Expected an IAM role ARN such as arn:aws:iam::123456789012:role/ScaleReviewRead.',
    ],
    [{ roleArn: 'arn:aws:iam::123456789012:user/x' }, 'invalid roleArn.'],
    [{ externalId: 'x' }, 'invalid externalId. Expected 2 to 1224 characters'],
    [{ externalId: 'has space' }, 'invalid externalId.'],
    [{ sessionName: 'a'.repeat(65) }, 'invalid sessionName.'],
    [{ durationSeconds: 600 }, 'invalid durationSeconds.'],
    [{ durationSeconds: 900, refreshBeforeMs: 900_000 }, 'invalid refreshBeforeMs.'],
  ])('refuses %j before any call', (overrides, expected) => {
    const sts = fakeSts(() => T0);
    const options = {
      roleArn: ROLE,
      externalId: EXTERNAL_ID,
      region: 'eu-west-1',
      clock: () => T0,
      sts,
      ...overrides,
    };

    const attempt = () => assumeRoleCredentials(options);

    expect(attempt).toThrow(AssumeRoleError);
    expect(attempt).toThrow(`Scale Review could not assume ${options.roleArn}: ${expected}`);
    expect(sts.inputs).toEqual([]);
  });
});
