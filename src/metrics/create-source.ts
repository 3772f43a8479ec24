import type { Logger } from '../logging/logger.js';
import { createCachedSource } from './cached-source.js';
import {
  type CloudWatchClientFactory,
  createCloudWatchSource,
} from './cloudwatch/cloudwatch-source.js';
import type { MetricsConfig } from './config.js';
import { createFileSource } from './file-source.js';
import type { MetricsSource } from './port.js';
import { createUrlSource } from './url-source.js';

export interface MetricsSourceDeps {
  logger: Logger;
  /** AWS_REGION, read by src/config; `metrics.cloudwatch.region` wins. */
  region?: string;
  /** Clock for the cache TTL; defaults to the system clock. */
  now?: () => Date;
  /** Builds the CloudWatch SDK client from the adapter's settings (tests: endpoint, credentials). */
  createCloudWatchClient?: CloudWatchClientFactory;
}

function createUncachedSource(config: MetricsConfig, deps: MetricsSourceDeps): MetricsSource {
  switch (config.source) {
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
      });
  }
}

/** The configured source behind the in-process cache (`cacheTtlSeconds`, default 60; 0 disables it). */
export function createMetricsSource(config: MetricsConfig, deps: MetricsSourceDeps): MetricsSource {
  const source = createUncachedSource(config, deps);
  if (config.cacheTtlSeconds === 0) return source;
  const now = deps.now;
  const clock = now === undefined ? undefined : () => now().getTime();
  return createCachedSource(source, { ttlSeconds: config.cacheTtlSeconds, clock });
}
