import type { Logger } from '../../logging/logger.js';
import type { CloudWatchConfig } from '../config.js';
import { type AwsCredentialIdentityProvider, assumeRoleCredentials } from './assume-role.js';
import { AssumeRoleError, assumeRoleMetricsError } from './assume-role-error.js';
import type { RoleToAssume } from './role.js';

/** Builds the credentials of one role: an assumed-role provider, or a cache's (`cache.get`). */
export type RoleCredentialsFactory = (role: RoleToAssume) => AwsCredentialIdentityProvider;

export interface SourceCredentialsDeps {
  /** AWS_REGION; `metrics.cloudwatch.region` wins. */
  region?: string | undefined;
  /** Default: a provider of its own (STS at the region's endpoint, the default credential chain). */
  roleCredentials?: RoleCredentialsFactory | undefined;
  /** Milliseconds since the epoch, for the default provider's refresh timing. */
  clock: () => number;
  logger?: Logger | undefined;
}

/**
 * The CloudWatch source's credentials: the assumed role's when `roleArn` is set, else none (the
 * SDK's default chain, as before). Without a region nothing is built: the source says so itself.
 * @throws MetricsNotConfiguredError for a role ARN or external id that cannot be used.
 */
export function sourceCredentials(
  cloudwatch: CloudWatchConfig,
  deps: SourceCredentialsDeps,
): { credentials?: AwsCredentialIdentityProvider } {
  const { roleArn, externalId } = cloudwatch;
  const region = cloudwatch.region ?? deps.region;
  if (roleArn === undefined || externalId === undefined || region === undefined) return {};
  const create =
    deps.roleCredentials ??
    ((role: RoleToAssume) =>
      assumeRoleCredentials({ ...role, clock: deps.clock, logger: deps.logger }));
  try {
    return { credentials: create({ roleArn, externalId, region }) };
  } catch (error) {
    if (error instanceof AssumeRoleError) throw assumeRoleMetricsError(error);
    throw error;
  }
}
