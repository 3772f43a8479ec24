import type { AssumeRoleCommand, AssumeRoleCommandOutput } from '@aws-sdk/client-sts';
import type { AssumeRoleSender } from '../../../src/metrics/cloudwatch/assume-role.js';

/**
 * A stand-in for the STS client's `send`, for the unit tests of the credentials cache: it records
 * each AssumeRole input and answers from a queue the test controls (credentials, an error, or a
 * pending answer the test settles), so timing is decided by the test, never by the machine.
 */

export interface PendingAnswer {
  resolve(output: AssumeRoleCommandOutput): void;
  reject(error: unknown): void;
}

export interface FakeSts extends AssumeRoleSender {
  inputs: AssumeRoleCommand['input'][];
  /** Answers for the next calls, in order; when empty, fresh credentials expiring in an hour. */
  answers: (AssumeRoleCommandOutput | Error | 'pending')[];
  /** The pending answers, in call order. */
  pending: PendingAnswer[];
}

/** An AssumeRole answer whose key id ends with `n`, expiring at `expiration`. */
export function stsCredentials(n: number, expiration: Date): AssumeRoleCommandOutput {
  return {
    $metadata: { httpStatusCode: 200 },
    Credentials: {
      AccessKeyId: `ASIAFAKE${n}`,
      SecretAccessKey: `secret-${n}`,
      SessionToken: `token-${n}`,
      Expiration: expiration,
    },
    AssumedRoleUser: {
      AssumedRoleId: `AROAFAKE:scale-review`,
      Arn: 'arn:aws:sts::210987654321:assumed-role/ScaleReviewRead/scale-review',
    },
  };
}

/** An error shaped like the SDK's service exceptions (name, fault, HTTP status). */
export function stsError(name: string, status: number, message = `${name} happened`): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, attempts: 1 },
  });
}

export function fakeSts(clock: () => number): FakeSts {
  const fake: FakeSts = {
    inputs: [],
    answers: [],
    pending: [],
    send(command) {
      fake.inputs.push(command.input);
      const answer = fake.answers.shift();
      if (answer === 'pending') {
        return new Promise((resolve, reject) => fake.pending.push({ resolve, reject }));
      }
      if (answer instanceof Error) return Promise.reject(answer);
      return Promise.resolve(
        answer ?? stsCredentials(fake.inputs.length, new Date(clock() + 3_600_000)),
      );
    },
  };
  return fake;
}
