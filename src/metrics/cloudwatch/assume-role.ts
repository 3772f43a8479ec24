import {
  AssumeRoleCommand,
  type AssumeRoleCommandOutput,
  STSClient,
  type STSClientConfig,
} from '@aws-sdk/client-sts';
import { z } from 'zod';
import type { Logger } from '../../logging/logger.js';
import {
  AssumeRoleError,
  type AssumeRoleFailure,
  classifyAssumeRoleFailure,
} from './assume-role-error.js';
import { externalIdSchema, roleArnSchema, sessionNameSchema } from './role.js';

/**
 * Credentials for another AWS account: sts:AssumeRole on the team's role with its external id
 * (the way Datadog and Vantage read their customers' accounts). The short-lived credentials are
 * kept until `refreshBeforeMs` before they expire, by the injected clock; concurrent callers share
 * one AssumeRole call; a failure is an AssumeRoleError that says what to fix, and is not cached.
 *
 * The SDK client that is given this provider also memoizes it on the real clock: it asks again
 * once the credentials are within 5 minutes of expiring, and this provider calls STS only when its
 * own refresh point has come.
 */

type CredentialsSetting = NonNullable<STSClientConfig['credentials']>;
type AnyFunction = (...args: never[]) => unknown;
/** The SDK's `AwsCredentialIdentityProvider` (@smithy/types), read off the client config. */
export type AwsCredentialIdentityProvider = Extract<CredentialsSetting, AnyFunction>;
/** The SDK's `AwsCredentialIdentity`: access key, secret, session token, expiration. */
export type AwsCredentialIdentity = Exclude<CredentialsSetting, AnyFunction>;

/** The one STS operation the provider makes: an STSClient, or a fake in unit tests. */
export interface AssumeRoleSender {
  send(command: AssumeRoleCommand): Promise<AssumeRoleCommandOutput>;
}

export const DEFAULT_SESSION_NAME = 'scale-review';
export const DEFAULT_REFRESH_BEFORE_MS = 5 * 60_000;
export const DEFAULT_DURATION_SECONDS = 3_600;

export interface StsClientOptions {
  /** The CloudWatch region: STS is called at its regional endpoint. */
  region: string;
  /** Another STS endpoint (tests: moto). The SDK also honours AWS_ENDPOINT_URL_STS. */
  endpoint?: string | undefined;
  /** The deployment's own credentials; default: the SDK's default chain. */
  baseCredentials?: CredentialsSetting | undefined;
}

/** An STS client with standard retries and timeouts that throw (as the CloudWatch client's). */
export function createStsClient(options: StsClientOptions): STSClient {
  return new STSClient({
    region: options.region,
    maxAttempts: 3,
    retryMode: 'standard',
    requestHandler: {
      connectionTimeout: 2_000,
      requestTimeout: 3_000,
      throwOnRequestTimeout: true,
    },
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.baseCredentials === undefined ? {} : { credentials: options.baseCredentials }),
  });
}

export interface AssumeRoleCredentialsOptions extends StsClientOptions {
  roleArn: string;
  externalId: string;
  /** RoleSessionName, shown in the team's CloudTrail; default `scale-review`. */
  sessionName?: string | undefined;
  /** Milliseconds since the epoch. */
  clock: () => number;
  /** Call STS again this long before the credentials expire; default 5 minutes. */
  refreshBeforeMs?: number | undefined;
  /** Lifetime asked for: 900 s to 12 h, within the role's maximum session duration; default 1 h. */
  durationSeconds?: number | undefined;
  /** The deployment's account, named in the AccessDenied fix (else read from STS's message). */
  deploymentAccountId?: string | undefined;
  /** The STS client (shared per region by the credentials cache; unit tests: a fake). */
  sts?: AssumeRoleSender | undefined;
  logger?: Logger | undefined;
}

const settingsSchema = z
  .object({
    roleArn: roleArnSchema,
    externalId: externalIdSchema,
    region: z.string().min(1, { error: 'expected an AWS region such as us-east-1' }),
    sessionName: sessionNameSchema.default(DEFAULT_SESSION_NAME),
    refreshBeforeMs: z.number().int().min(0).default(DEFAULT_REFRESH_BEFORE_MS),
    durationSeconds: z.number().int().min(900).max(43_200).default(DEFAULT_DURATION_SECONDS),
    deploymentAccountId: z
      .string()
      .regex(/^\d{12}$/, { error: 'expected a 12-digit AWS account id' })
      .optional(),
  })
  .refine((s) => s.refreshBeforeMs < s.durationSeconds * 1000, {
    path: ['refreshBeforeMs'],
    error: 'expected less than the credentials lifetime (durationSeconds)',
  });

/** What STS must answer (a boundary: validated, never trusted). */
const outputSchema = z.object({
  Credentials: z.object({
    AccessKeyId: z.string().min(1),
    SecretAccessKey: z.string().min(1),
    SessionToken: z.string().min(1),
    Expiration: z.date(),
  }),
  AssumedRoleUser: z.object({ Arn: z.string() }).optional(),
});

/**
 * @throws AssumeRoleError (`invalidOptions`) at once, before any call, for a malformed role ARN,
 * external id, session name or duration.
 */
export function assumeRoleCredentials(
  options: AssumeRoleCredentialsOptions,
): AwsCredentialIdentityProvider {
  const parsed = settingsSchema.safeParse({
    roleArn: options.roleArn,
    externalId: options.externalId,
    region: options.region,
    sessionName: options.sessionName,
    refreshBeforeMs: options.refreshBeforeMs,
    durationSeconds: options.durationSeconds,
    deploymentAccountId: options.deploymentAccountId,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? 'options');
    throw new AssumeRoleError(
      options.roleArn,
      { problem: 'invalidOptions', what: `invalid ${field}`, fix: issue?.message ?? 'invalid' },
      { cause: parsed.error },
    );
  }
  const settings = parsed.data;
  const { clock, logger } = options;
  const context = {
    externalId: settings.externalId,
    region: settings.region,
    durationSeconds: settings.durationSeconds,
    deploymentAccountId: settings.deploymentAccountId ?? null,
  };
  let sts: AssumeRoleSender | null = options.sts ?? null;
  let cached: { credentials: AwsCredentialIdentity; refreshAt: number } | null = null;
  let inFlight: Promise<AwsCredentialIdentity> | null = null;

  const fail = (error: unknown) =>
    new AssumeRoleError(settings.roleArn, classifyAssumeRoleFailure(error, context), {
      cause: error,
    });

  const assume = async (): Promise<AwsCredentialIdentity> => {
    sts ??= createStsClient({ ...options, region: settings.region });
    let output: AssumeRoleCommandOutput;
    try {
      output = await sts.send(
        new AssumeRoleCommand({
          RoleArn: settings.roleArn,
          ExternalId: settings.externalId,
          RoleSessionName: settings.sessionName,
          DurationSeconds: settings.durationSeconds,
        }),
      );
    } catch (error) {
      throw fail(error);
    }
    const answer = outputSchema.safeParse(output);
    if (!answer.success) {
      const failure: AssumeRoleFailure = {
        problem: 'failed',
        what: 'STS answered without credentials',
        fix: null,
      };
      throw new AssumeRoleError(settings.roleArn, failure, { cause: answer.error });
    }
    const { Credentials: c, AssumedRoleUser: user } = answer.data;
    const credentials: AwsCredentialIdentity = {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    };
    cached = { credentials, refreshAt: c.Expiration.getTime() - settings.refreshBeforeMs };
    logger?.debug(
      {
        roleArn: settings.roleArn,
        assumedRole: user?.Arn ?? null,
        expiresAt: c.Expiration.toISOString(),
      },
      'assumed role',
    );
    return credentials;
  };

  return async () => {
    if (cached !== null && clock() < cached.refreshAt) return cached.credentials;
    inFlight ??= assume().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}
