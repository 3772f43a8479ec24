import type { Pool, PoolConfig } from 'pg';
import type { Logger } from '../logging/logger.js';
import { createCachedSource } from './cached-source.js';
import {
  type CloudWatchClientFactory,
  createCloudWatchSource,
  type RdsClientFactory,
} from './cloudwatch/cloudwatch-source.js';
import { type RoleCredentialsFactory, sourceCredentials } from './cloudwatch/source-credentials.js';
import { createCompositeSource, resolveParts } from './composite-source.js';
import type { MetricsConfig, SourceName } from './config.js';
import { MetricsNotConfiguredError } from './errors.js';
import { createFileSource } from './file-source.js';
import type { MetricsSource, SnapshotMetricKey } from './port.js';
import { createPostgresSource } from './postgres/postgres-source.js';
import { createUrlSource } from './url-source.js';

export interface MetricsSourceDeps {
  logger: Logger;
  /** AWS_REGION, read by src/config; `metrics.cloudwatch.region` wins. */
  region?: string;
  /** The connection string from the variable `metrics.postgres.urlEnv`, read by src/config. */
  databaseUrl?: string | null;
  /** How messages name where that connection string comes from (default: the variable's name). */
  databaseUrlLabel?: string;
  /** Clock for the cache TTL; defaults to the system clock. */
  now?: () => Date;
  /** Builds the CloudWatch SDK client from the adapter's settings (tests: endpoint, credentials). */
  createCloudWatchClient?: CloudWatchClientFactory;
  /** Builds the RDS SDK client (`dbAllocatedStorageGb: auto`). */
  createRdsClient?: RdsClientFactory;
  /** Builds the PostgreSQL pool (tests). */
  createPgPool?: (config: PoolConfig) => Pool;
  /**
   * The credentials of `metrics.cloudwatch.roleArn`. Default: an assumed-role provider of the
   * source's own; tests add the STS endpoint, many workspaces share `createRoleCredentialsCache`.
   */
  roleCredentials?: RoleCredentialsFactory;
}

function createUncachedSource(
  name: SourceName,
  metrics: readonly SnapshotMetricKey[] | null,
  config: MetricsConfig,
  deps: MetricsSourceDeps,
): MetricsSource {
  switch (name) {
    case 'file':
      if (config.file === undefined)
        throw new TypeError('metrics.file is required for source: file');
      return createFileSource(config.file);
    case 'url':
      if (config.url === undefined) throw new TypeError('metrics.url is required for source: url');
      return createUrlSource({
        url: config.url,
        timeoutMs: config.timeoutMs,
        maxBodyBytes: config.maxBodyBytes,
      });
    case 'cloudwatch':
      return createCloudWatchSource({
        config: config.cloudwatch,
        timeoutMs: config.timeoutMs,
        region: deps.region,
        logger: deps.logger,
        createClient: deps.createCloudWatchClient,
        createRdsClient: deps.createRdsClient,
        ...(metrics === null ? {} : { onlyMetrics: metrics }),
        ...sourceCredentials(config.cloudwatch, {
          region: deps.region,
          roleCredentials: deps.roleCredentials,
          clock: () => (deps.now?.() ?? new Date()).getTime(),
          logger: deps.logger,
        }),
      });
    case 'postgres':
      return createPostgresSource({
        config: config.postgres,
        databaseUrl: deps.databaseUrl ?? null,
        ...(deps.databaseUrlLabel === undefined ? {} : { urlLabel: deps.databaseUrlLabel }),
        timeoutMs: config.timeoutMs,
        logger: deps.logger,
        ...(deps.createPgPool === undefined ? {} : { createPool: deps.createPgPool }),
      });
  }
}

/** A source that could not be set up: every fetch fails with the reason. */
function failingSource(name: SourceName, problem: MetricsNotConfiguredError): MetricsSource {
  return {
    kind: name,
    describe: () => `${name} (not set up: ${problem.what})`,
    fetch: () => Promise.reject(problem),
  };
}

function cached(source: MetricsSource, config: MetricsConfig, deps: MetricsSourceDeps) {
  if (config.cacheTtlSeconds === 0) return source;
  const now = deps.now;
  return createCachedSource(source, {
    ttlSeconds: config.cacheTtlSeconds,
    maxStaleSeconds: config.maxStaleSeconds,
    logger: deps.logger,
    ...(now === undefined ? {} : { clock: () => now().getTime() }),
  });
}

/**
 * The configured source(s), each behind its own in-process cache (`cacheTtlSeconds`, default 60;
 * 0 disables it). One source for everything is used directly; several (`metrics.sources`) are
 * combined, each supplying only its metrics.
 * @throws MetricsNotConfiguredError when a source cannot be set up (no PostgreSQL URL...).
 */
export function createMetricsSource(config: MetricsConfig, deps: MetricsSourceDeps): MetricsSource {
  const [only] = config.plan;
  if (config.plan.length === 1 && only !== undefined && only.metrics === 'rest') {
    return cached(createUncachedSource(only.name, null, config, deps), config, deps);
  }
  const parts = resolveParts(config.plan, (name, metrics) => {
    try {
      return cached(createUncachedSource(name, metrics, config, deps), config, deps);
    } catch (error) {
      // Only this source's metrics become unknown; the others still count.
      if (error instanceof MetricsNotConfiguredError) return failingSource(name, error);
      throw error;
    }
  });
  return createCompositeSource(parts);
}
