import { isAbsolute, resolve } from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import { CONFIG_FILE_NAME, ConfigError } from '../config/config-file.js';
import type { Logger } from '../logging/logger.js';
import type { SourceName } from '../metrics/config.js';
import { withFetch } from '../metrics/decorate.js';
import { MetricsNotConfiguredError } from '../metrics/errors.js';
import { createFileSource } from '../metrics/file-source.js';
import type { MetricsRequest, MetricsResult, MetricsSource } from '../metrics/port.js';
import { parseDatabaseUrl } from '../metrics/postgres/database-url.js';
import { createUrlSource } from '../metrics/url-source.js';
import { type MetricsSetup, setUpMetrics } from './metrics.js';

/** How long the start-up check of a metrics URL may take (at most the fetch deadline). */
const URL_CHECK_MS = 5_000;

export interface BotMetricsInput {
  config: AppConfig;
  awsRegion: string | undefined;
  databaseUrl: string | null;
  /** Where a relative `metrics.file` is read from (the bot's working directory). */
  cwd: string;
  logger: Logger;
  clock: () => Date;
  /** A source given by a test or an embedder (null: none), used as is, its failures logged. */
  override?: MetricsSource | null | undefined;
}

/**
 * A configured source that cannot work at all with this environment, whatever happens later: no
 * AWS region for CloudWatch, no (or a malformed) connection string for PostgreSQL. The environment
 * is read once, so only a restart can fix it; a file or a URL may appear later and is only checked.
 */
function unusable(name: SourceName, input: BotMetricsInput): MetricsNotConfiguredError | null {
  const { metrics } = input.config;
  if (name === 'cloudwatch' && (metrics.cloudwatch.region ?? input.awsRegion) === undefined) {
    return new MetricsNotConfiguredError(
      'no AWS region',
      'set AWS_REGION or metrics.cloudwatch.region in scale-review.yml',
    );
  }
  if (name !== 'postgres') return null;
  try {
    parseDatabaseUrl(input.databaseUrl, metrics.postgres.urlEnv);
    return null;
  } catch (error) {
    if (error instanceof MetricsNotConfiguredError) return error;
    throw error;
  }
}

/**
 * Refuses a `metrics:` section whose source cannot work at all, with one line naming the file and
 * the key. Without a `metrics:` section the bot still starts (status says what to configure).
 */
function refuseUnusable(input: BotMetricsInput): void {
  const { config } = input;
  if (!config.metricsConfigured) return;
  for (const { name } of config.metrics.plan) {
    const problem = unusable(name, input);
    if (problem === null) continue;
    const file = config.path ?? CONFIG_FILE_NAME;
    const key = config.metrics.sources === undefined ? 'metrics.source' : `metrics.sources.${name}`;
    throw new ConfigError(
      file,
      key,
      `${file}: ${key}: ${problem.message} (or remove the source from metrics: to start without it)`,
      { cause: problem },
    );
  }
}

/** Reads the configured file and fetches the configured URL once; a failure is a warning. */
async function checkSources(config: AppConfig, logger: Logger, now: Date): Promise<void> {
  const { metrics } = config;
  const request: MetricsRequest = { now };
  const checks = metrics.plan.flatMap(({ name }): [SourceName, MetricsSource][] => {
    if (name === 'file' && metrics.file !== undefined) {
      return [[name, createFileSource(metrics.file)]];
    }
    if (name === 'url' && metrics.url !== undefined) {
      const timeoutMs = Math.min(metrics.timeoutMs, URL_CHECK_MS);
      const { maxBodyBytes, url } = metrics;
      return [[name, createUrlSource({ url, timeoutMs, maxBodyBytes })]];
    }
    return [];
  });
  await Promise.all(
    checks.map(([name, source]) =>
      source.fetch(request).then(
        () => logger.debug({ source: name }, 'metrics source checked'),
        (error: unknown) =>
          logger.warn(
            { err: error, source: name, detail: source.describe() },
            'metrics source check failed at start-up: /scale status will say the metrics are unavailable until it is fixed',
          ),
      ),
    ),
  );
}

/**
 * The metrics source with every failure logged once, at warn, with its cause (the file path, the
 * host, the SDK's error): a thrown fetch, and each source of several that failed while the others
 * answered. Users are told only the channel-safe line (src/app/user-errors.ts).
 */
export function logSourceFailures(source: MetricsSource, logger: Logger): MetricsSource {
  const fetch = async (request: MetricsRequest): Promise<MetricsResult> => {
    try {
      const result = await source.fetch(request);
      for (const failure of result.failures ?? []) {
        logger.warn(
          { err: failure.cause, source: failure.source, metrics: failure.metrics },
          'metrics source failed',
        );
      }
      return result;
    } catch (error) {
      logger.warn(
        { err: error, source: source.kind, detail: source.describe() },
        'metrics source failed',
      );
      throw error;
    }
  };
  return withFetch(source, fetch);
}

/**
 * The bot's metrics source: a relative `metrics.file` read from the working directory, a source
 * that cannot work at all refused (ConfigError), the file and URL checked once (warnings), and
 * every failure logged with its cause.
 */
export async function startMetrics(input: BotMetricsInput): Promise<MetricsSetup> {
  const { config, logger, override } = input;
  if (override !== undefined) {
    return { metrics: override && logSourceFailures(override, logger), problem: null };
  }
  const file = config.metrics.file;
  const metrics =
    file === undefined || isAbsolute(file)
      ? config.metrics
      : { ...config.metrics, file: resolve(input.cwd, file) };
  const resolved = { ...config, metrics };
  refuseUnusable({ ...input, config: resolved });
  const setup = setUpMetrics({ ...input, config: resolved });
  if (setup.metrics === null) {
    if (setup.problem !== null) {
      logger.warn({ reason: setup.problem.message }, 'no metrics source; status will say why');
    }
    return setup;
  }
  await checkSources(resolved, logger, input.clock());
  return { ...setup, metrics: logSourceFailures(setup.metrics, logger) };
}
