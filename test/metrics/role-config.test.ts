import { describe, expect, it } from 'vitest';
import { composeAppConfig } from '../../src/config/app-config.js';
import { ConfigError, parseConfigText } from '../../src/config/config-file.js';
import { cloudWatchClientConfig } from '../../src/metrics/cloudwatch/cloudwatch-source.js';
import type { RoleToAssume } from '../../src/metrics/cloudwatch/role.js';
import { parseMetricsConfig } from '../../src/metrics/config.js';
import { createMetricsSource } from '../../src/metrics/create-source.js';
import { silentLogger } from './support/silent-logger.js';

const ROLE = 'arn:aws:iam::210987654321:role/ScaleReviewRead';

function problemOf(yaml: string): string {
  try {
    composeAppConfig(parseConfigText(yaml, 'scale-review.yml'));
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('metrics.cloudwatch.roleArn and externalId', () => {
  it('adds no key when no role is set (the source is built exactly as before)', () => {
    const { cloudwatch } = parseMetricsConfig({});

    expect(Object.keys(cloudwatch)).not.toContain('roleArn');
    expect(Object.keys(cloudwatch)).not.toContain('externalId');
  });

  it('builds the CloudWatch client without credentials of its own when no role is set', () => {
    const asked: RoleToAssume[] = [];
    const config = parseMetricsConfig({ cloudwatch: { region: 'eu-west-1' } });

    createMetricsSource(config, {
      logger: silentLogger(),
      roleCredentials: (role) => {
        asked.push(role);
        return async () => ({ accessKeyId: 'x', secretAccessKey: 'y' });
      },
    });

    expect(asked).toEqual([]);
    expect(Object.keys(cloudWatchClientConfig(config.cloudwatch, 'eu-west-1'))).toEqual([
      'region',
      'maxAttempts',
      'retryMode',
      'requestHandler',
    ]);
  });

  it('asks for the role with its external id and the region (metrics.cloudwatch.region first)', () => {
    const asked: RoleToAssume[] = [];
    const config = parseMetricsConfig({
      cloudwatch: { region: 'eu-west-2', roleArn: ROLE, externalId: 'sr-1234' },
    });

    createMetricsSource(config, {
      logger: silentLogger(),
      region: 'us-east-1',
      roleCredentials: (role) => {
        asked.push(role);
        return async () => ({ accessKeyId: 'x', secretAccessKey: 'y' });
      },
    });

    expect(asked).toEqual([{ roleArn: ROLE, externalId: 'sr-1234', region: 'eu-west-2' }]);
  });

  it('takes a role with its external id', () => {
    const { cloudwatch } = parseMetricsConfig({
      cloudwatch: { roleArn: ROLE, externalId: 'sr-0123456789abcdef0123456789abcdef' },
    });

    expect(cloudwatch).toMatchObject({
      roleArn: ROLE,
      externalId: 'sr-0123456789abcdef0123456789abcdef',
    });
  });

  it.each([
    [
      `metrics:\n  cloudwatch:\n    roleArn: ${ROLE}\n`,
      "scale-review.yml: metrics.cloudwatch.externalId: roleArn needs externalId: the value the role's trust policy requires as sts:ExternalId",
    ],
    [
      'metrics:\n  cloudwatch:\n    externalId: sr-1234\n',
      'scale-review.yml: metrics.cloudwatch.roleArn: externalId is used only with roleArn, the role to assume, e.g. arn:aws:iam::123456789012:role/ScaleReviewRead',
    ],
    [
      'metrics:\n  cloudwatch:\n    roleArn: ScaleReviewRead\n    externalId: sr-1234\n',
      'scale-review.yml: metrics.cloudwatch.roleArn: expected an IAM role ARN such as arn:aws:iam::123456789012:role/ScaleReviewRead',
    ],
    [
      `metrics:\n  cloudwatch:\n    roleArn: ${ROLE}\n    externalId: "has space"\n`,
      'scale-review.yml: metrics.cloudwatch.externalId: expected 2 to 1224 characters',
    ],
  ])('fails fast with one line naming the key: %j', (yaml, expected) => {
    const problem = problemOf(yaml);

    expect(problem).toContain(expected);
    expect(problem.split('\n')).toHaveLength(1);
  });
});
