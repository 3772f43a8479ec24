import type { Logger } from '../../logging/logger.js';
import {
  type AssumeRoleSender,
  type AwsCredentialIdentityProvider,
  assumeRoleCredentials,
  createStsClient,
  type StsClientOptions,
} from './assume-role.js';
import type { RoleToAssume } from './role.js';

/**
 * One assumed-role credentials provider per role, for a process that reads many workspaces'
 * accounts. The key is the role ARN, the external id and the region, so a workspace whose settings
 * change gets a new provider (and a new AssumeRole) at once; the least recently used provider goes
 * when there are more than `max`. Providers of one region share one STS client.
 */

export interface RoleCredentialsCacheOptions {
  /** Milliseconds since the epoch (the providers' refresh timing). */
  clock: () => number;
  /** How many providers are kept (least recently used first out). */
  max: number;
  /** Another STS endpoint (tests: moto). */
  endpoint?: string | undefined;
  /** The deployment's own credentials; default: the SDK's default chain. */
  baseCredentials?: StsClientOptions['baseCredentials'];
  /** Named in the AccessDenied fix. */
  deploymentAccountId?: string | undefined;
  sessionName?: string | undefined;
  refreshBeforeMs?: number | undefined;
  durationSeconds?: number | undefined;
  logger?: Logger | undefined;
  /** The STS client of one region; default an STSClient (unit tests: a fake). */
  createSts?: ((region: string) => AssumeRoleSender) | undefined;
}

export interface RoleCredentialsCache {
  /**
   * The provider for this role: the same one while it stays cached.
   * @throws AssumeRoleError (`invalidOptions`) for a malformed role ARN or external id.
   */
  get(role: RoleToAssume): AwsCredentialIdentityProvider;
  /** Providers kept now. */
  readonly size: number;
  /** Closes the STS clients it created (shutdown). */
  destroy(): void;
}

export function roleCacheKey(role: RoleToAssume): string {
  return `${role.roleArn}|${role.externalId}|${role.region}`;
}

export function createRoleCredentialsCache(
  options: RoleCredentialsCacheOptions,
): RoleCredentialsCache {
  if (!Number.isInteger(options.max) || options.max < 1) {
    throw new RangeError(`max must be a positive integer, got ${options.max}`);
  }
  // A Map iterates in insertion order: re-inserting on use keeps the least recent first.
  const providers = new Map<string, AwsCredentialIdentityProvider>();
  const stsClients = new Map<string, AssumeRoleSender & { destroy?: () => void }>();

  const stsFor = (region: string): AssumeRoleSender => {
    const existing = stsClients.get(region);
    if (existing !== undefined) return existing;
    const created =
      options.createSts?.(region) ??
      createStsClient({
        region,
        endpoint: options.endpoint,
        baseCredentials: options.baseCredentials,
      });
    stsClients.set(region, created);
    return created;
  };

  return {
    get(role) {
      const key = roleCacheKey(role);
      const hit = providers.get(key);
      if (hit !== undefined) {
        providers.delete(key);
        providers.set(key, hit);
        return hit;
      }
      const provider = assumeRoleCredentials({
        ...role,
        clock: options.clock,
        sts: stsFor(role.region),
        deploymentAccountId: options.deploymentAccountId,
        sessionName: options.sessionName,
        refreshBeforeMs: options.refreshBeforeMs,
        durationSeconds: options.durationSeconds,
        logger: options.logger,
      });
      providers.set(key, provider);
      for (const oldest of providers.keys()) {
        if (providers.size <= options.max) break;
        providers.delete(oldest);
      }
      return provider;
    },
    get size() {
      return providers.size;
    },
    destroy() {
      if (options.createSts === undefined)
        for (const client of stsClients.values()) client.destroy?.();
      stsClients.clear();
      providers.clear();
    },
  };
}
