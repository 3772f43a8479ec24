import type { ServerResponse } from 'node:http';
import { CloudWatchClient, type CloudWatchClientConfig } from '@aws-sdk/client-cloudwatch';
import {
  type AssumeRoleSender,
  assumeRoleCredentials,
  createStsClient,
} from '../../../src/metrics/cloudwatch/assume-role.js';
import type { CloudWatchClientFactory } from '../../../src/metrics/cloudwatch/cloudwatch-source.js';
import type { RoleCredentialsFactory } from '../../../src/metrics/cloudwatch/source-credentials.js';
import { type CallLog, FAKE_CREDENTIALS } from './moto.js';

/** STS on moto (or a stub) for the cross-account tests. */

export const EXTERNAL_ID = 'sr-0123456789abcdef0123456789abcdef';

export function roleIn(account: string): string {
  return `arn:aws:iam::${account}:role/ScaleReviewRead`;
}

/** A real STS client on `endpoint` with the deployment's (fake) credentials, counting AssumeRole calls. */
export function countingSts(
  endpoint: string,
  region: string,
): AssumeRoleSender & { calls: number } {
  const client = createStsClient({ region, endpoint, baseCredentials: FAKE_CREDENTIALS });
  const counting = {
    calls: 0,
    send: (command: Parameters<AssumeRoleSender['send']>[0]) => {
      counting.calls += 1;
      return client.send(command);
    },
  };
  return counting;
}

/** What createMetricsSource builds for `roleArn`, with STS at `sts` and an injected clock. */
export function roleCredentialsVia(
  sts: AssumeRoleSender,
  clock: () => number,
): RoleCredentialsFactory {
  return (role) => assumeRoleCredentials({ ...role, clock, sts });
}

/**
 * The CloudWatch client the adapter builds, on the emulator, keeping the credentials it was given
 * (the assumed role's) and sending no account header: moto then serves the account that owns the
 * access key, which for assumed-role credentials is the role's account.
 */
export function roleClientFactory(endpoint: string, calls?: CallLog): CloudWatchClientFactory {
  return (config: CloudWatchClientConfig) => {
    const client = new CloudWatchClient({ ...config, endpoint });
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'GetMetricDataCommand' && calls !== undefined) {
          calls.getMetricData += 1;
          calls.inputs.push(args.input);
        }
        return next(args);
      },
      { step: 'initialize', name: 'testCallCounter' },
    );
    return client;
  };
}

/** An error as STS's query protocol sends it (XML body). */
export function stsQueryError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
): void {
  res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': 'stub-request' });
  res.end(
    `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>stub-request</RequestId></ErrorResponse>`,
  );
}
