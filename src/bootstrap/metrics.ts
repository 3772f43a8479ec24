import type { AppConfig } from '../config/app-config.js';
import type { Logger } from '../logging/logger.js';
import { createMetricsSource } from '../metrics/create-source.js';
import { MetricsNotConfiguredError } from '../metrics/errors.js';
import type { MetricsSource } from '../metrics/port.js';

export interface MetricsSetup {
  metrics: MetricsSource | null;
  /** Why there is no source; the bot still starts (projection and cost need no metrics). */
  problem: MetricsNotConfiguredError | null;
}

export interface MetricsSetupInput {
  config: AppConfig;
  awsRegion: string | undefined;
  /** The PostgreSQL connection string (src/config/metrics-env.ts), for `postgres` sources. */
  databaseUrl?: string | null;
  logger: Logger;
  clock: () => Date;
}

/**
 * No `metrics:` section and no AWS_REGION: no source at all, so the message names none
 * ("Metrics not configured: no source yet — …"; it used to say "CloudWatch not configured").
 */
function noMetricsSource(): MetricsNotConfiguredError {
  return new MetricsNotConfiguredError(
    'no source yet',
    'add a `metrics:` section to scale-review.yml (CloudWatch, PostgreSQL, a file or a URL), or set AWS_REGION for CloudWatch',
    { subject: 'Metrics' },
  );
}

/** The configured metrics source, or the reason there is none. */
export function setUpMetrics(input: MetricsSetupInput): MetricsSetup {
  const { config, awsRegion } = input;
  const cloudwatch = config.metrics.plan.length === 1 && config.metrics.source === 'cloudwatch';
  const region = config.metrics.cloudwatch.region ?? awsRegion;
  if (cloudwatch && region === undefined) {
    const problem = config.metricsConfigured
      ? new MetricsNotConfiguredError(
          'no AWS region',
          'set AWS_REGION or metrics.cloudwatch.region in scale-review.yml',
        )
      : noMetricsSource();
    return { metrics: null, problem };
  }
  try {
    const metrics = createMetricsSource(config.metrics, {
      logger: input.logger,
      ...(awsRegion === undefined ? {} : { region: awsRegion }),
      databaseUrl: input.databaseUrl ?? null,
      now: input.clock,
    });
    return { metrics, problem: null };
  } catch (error) {
    if (error instanceof MetricsNotConfiguredError) return { metrics: null, problem: error };
    throw error;
  }
}
