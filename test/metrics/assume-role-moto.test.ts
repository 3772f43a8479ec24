import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { assumeRoleCredentials } from '../../src/metrics/cloudwatch/assume-role.js';
import { classifyAssumeRoleFailure } from '../../src/metrics/cloudwatch/assume-role-error.js';
import { createMetricsSource } from '../../src/metrics/create-source.js';
import {
  channelSafeMessage,
  MetricsNotConfiguredError,
  MetricsUnavailableError,
} from '../../src/metrics/errors.js';
import { freePort } from '../support/free-port.js';
import { FAKE_CREDENTIALS, newCallLog, newMotoAccount } from './support/moto.js';
import { silentLogger } from './support/silent-logger.js';
import {
  countingSts,
  EXTERNAL_ID,
  roleClientFactory,
  roleCredentialsVia,
  roleIn,
  stsQueryError,
} from './support/sts.js';
import { awsError, type StubServer, startStub } from './support/stub-server.js';
import { endpoint, metricsConfig, NOW, REGION, seedWeek } from './support/week.js';

/**
 * Cross-account reads against moto's STS and CloudWatch (one server, test/setup/moto.ts).
 *
 * What moto 5.2.5 does with AssumeRole, as checked by running it:
 * - it returns credentials for any role ARN, existing or not, and enforces no trust policy and no
 *   external id (so AccessDenied is served below by a loopback stub answering as STS does);
 * - Expiration is the server's clock plus DurationSeconds (default 3600; it accepts any value,
 *   AWS refuses more than the role's maximum session duration);
 * - a malformed role ARN is accepted (the credentials land in the caller's account): Scale Review
 *   refuses it before calling; its one ValidationError is a RoleSessionName over 64 characters;
 * - the credentials it returns belong to the role's account: CloudWatch requests signed with them
 *   (and no account header) read that account's data.
 */

const stubs: StubServer[] = [];
afterEach(async () => {
  await Promise.all(stubs.splice(0).map((s) => s.close()));
});

/** The test's clock: fixed at the real time the test starts (moto's expiry is on the real clock). */
function fixedClock(): () => number {
  const start = Date.now();
  return () => start;
}

describe('AssumeRole against moto', () => {
  it('returns credentials that expire DurationSeconds after the call, in the role account', async () => {
    const account = newMotoAccount();
    const provider = assumeRoleCredentials({
      roleArn: roleIn(account),
      externalId: EXTERNAL_ID,
      region: REGION,
      endpoint,
      baseCredentials: FAKE_CREDENTIALS,
      durationSeconds: 900,
      clock: fixedClock(),
    });

    const before = Date.now();
    const credentials = await provider();
    const after = Date.now();
    const identity = await new STSClient({ region: REGION, endpoint, credentials: provider }).send(
      new GetCallerIdentityCommand({}),
    );

    expect(credentials.accessKeyId).toMatch(/^ASIA/);
    expect(credentials.sessionToken).toEqual(expect.any(String));
    const expiry = credentials.expiration?.getTime() ?? 0;
    expect(expiry).toBeGreaterThanOrEqual(before + 900_000 - 1000);
    expect(expiry).toBeLessThanOrEqual(after + 900_000 + 1000);
    expect(identity).toMatchObject({
      Account: account,
      Arn: `arn:aws:sts::${account}:assumed-role/ScaleReviewRead/scale-review`,
    });
  });

  it("maps moto's ValidationError (a session name over 64 characters) to a rejected request", async () => {
    const sts = new STSClient({ region: REGION, endpoint, credentials: FAKE_CREDENTIALS });
    const error = await sts
      .send(
        new AssumeRoleCommand({
          RoleArn: roleIn(newMotoAccount()),
          RoleSessionName: 'x'.repeat(65),
          ExternalId: EXTERNAL_ID,
        }),
      )
      .catch((e: unknown) => e);

    const failure = classifyAssumeRoleFailure(error, {
      externalId: EXTERNAL_ID,
      region: REGION,
      durationSeconds: 3600,
      deploymentAccountId: null,
    });

    expect(failure.problem).toBe('rejected');
    expect(failure.what).toMatch(/^STS rejected AssumeRole \(ValidationError: 1 validation error/);
  });
});

describe('the CloudWatch source through an assumed role', () => {
  it('reads the role account’s metrics, assuming the role once for two reviews', async () => {
    const account = newMotoAccount();
    await seedWeek(account, ['cpu', 'db']);
    const sts = countingSts(endpoint, REGION);
    const calls = newCallLog();
    const config = metricsConfig({ roleArn: roleIn(account), externalId: EXTERNAL_ID });
    const source = createMetricsSource(config, {
      logger: silentLogger(),
      region: REGION,
      createCloudWatchClient: roleClientFactory(endpoint, calls),
      roleCredentials: roleCredentialsVia(sts, fixedClock()),
    });

    const first = await source.fetch({ now: NOW });
    const second = await source.fetch({ now: NOW });

    expect(sts.calls).toBe(1);
    expect(calls.getMetricData).toBe(2);
    expect(first.snapshot.cpuPercent).toBeCloseTo(30 + 40 * 0.9);
    expect(first.snapshot.dbConnections).toBe(95);
    expect(second.snapshot).toEqual(first.snapshot);
  });

  it('reads nothing of that account with the deployment’s own credentials (the control)', async () => {
    const account = newMotoAccount();
    await seedWeek(account, ['cpu', 'db']);
    const own = roleClientFactory(endpoint);
    const source = createMetricsSource(metricsConfig(), {
      logger: silentLogger(),
      region: REGION,
      createCloudWatchClient: (config) => own({ ...config, credentials: FAKE_CREDENTIALS }),
    });

    const result = await source.fetch({ now: NOW });

    expect(result.snapshot.cpuPercent).toBeUndefined();
    expect(result.snapshot.dbConnections).toBeUndefined();
  });

  it('says what to put in the trust policy when STS denies the role, before any CloudWatch call', async () => {
    const role = roleIn('210987654321');
    const stub = await startStub((_request, res) =>
      stsQueryError(
        res,
        403,
        'AccessDenied',
        `User: arn:aws:iam::111122223333:user/scale-review is not authorized to perform: sts:AssumeRole on resource: ${role}`,
      ),
    );
    // CloudWatch itself is a stub too, to see that no request reaches it.
    const cloudwatch = await startStub((_request, res) =>
      awsError(res, 500, 'InternalFailure', 'x'),
    );
    stubs.push(stub, cloudwatch);
    const source = createMetricsSource(metricsConfig({ roleArn: role, externalId: EXTERNAL_ID }), {
      logger: silentLogger(),
      region: REGION,
      createCloudWatchClient: roleClientFactory(cloudwatch.url),
      roleCredentials: roleCredentialsVia(countingSts(stub.url, REGION), fixedClock()),
    });

    const error = await source.fetch({ now: NOW }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MetricsNotConfiguredError);
    expect(channelSafeMessage(error)).toBe(
      `CloudWatch not configured: could not assume ${role}: access denied — the role's trust policy must allow the Scale Review account (111122223333) with sts:ExternalId = ${EXTERNAL_ID}, and Scale Review's own credentials need sts:AssumeRole on the role (docs/metrics.md, "Reading another AWS account")`,
    );
    expect(stub.requests[0]?.body).toContain('Action=AssumeRole');
    expect(stub.requests[0]?.body).toContain(`ExternalId=${EXTERNAL_ID}`);
    expect(cloudwatch.requests).toEqual([]);
  });

  it('names the region STS is not activated in', async () => {
    const stub = await startStub((_request, res) =>
      stsQueryError(
        res,
        403,
        'RegionDisabledException',
        'STS is not activated in this region for account:111122223333.',
      ),
    );
    stubs.push(stub);
    const source = createMetricsSource(
      metricsConfig({ roleArn: roleIn('210987654321'), externalId: EXTERNAL_ID }),
      {
        logger: silentLogger(),
        region: REGION,
        createCloudWatchClient: roleClientFactory(endpoint),
        roleCredentials: roleCredentialsVia(countingSts(stub.url, REGION), fixedClock()),
      },
    );

    const error = await source.fetch({ now: NOW }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MetricsNotConfiguredError);
    expect(channelSafeMessage(error)).toContain(
      `: STS is not activated in ${REGION} for the Scale Review account — activate it in IAM`,
    );
  });

  it('reports an unreachable STS as unavailable, not as configuration', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const role = roleIn('210987654321');
    const source = createMetricsSource(metricsConfig({ roleArn: role, externalId: EXTERNAL_ID }), {
      logger: silentLogger(),
      region: REGION,
      createCloudWatchClient: roleClientFactory(endpoint),
      roleCredentials: roleCredentialsVia(countingSts(closed, REGION), fixedClock()),
    });

    const error = await source.fetch({ now: NOW }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MetricsUnavailableError);
    expect(channelSafeMessage(error)).toBe(
      `CloudWatch credentials: could not assume ${role}: cannot reach AWS STS in ${REGION} (ECONNREFUSED); check the region and the network`,
    );
  });
});
