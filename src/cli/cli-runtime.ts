import { resolve } from 'node:path';
import type { AppDeps } from '../app/deps.js';
import { withDotEnv } from '../bootstrap/dotenv.js';
import { type MetricsSetup, setUpMetrics } from '../bootstrap/metrics.js';
import { type AppConfig, loadAppConfig } from '../config/app-config.js';
import { type CliEnv, readCliEnv } from '../config/env.js';
import { readMetricsEnv } from '../config/metrics-env.js';
import type { Logger } from '../logging/logger.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/ports.js';
import { createCliLogger } from './cli-logger.js';
import type { CliIo } from './io.js';

/**
 * The team id of the CLI's own reviews (`status --save`, `history`) when `--team` is not given.
 * Slack stores reviews under the workspace's team id (T0123ABCD); `--team T0123ABCD` reads those.
 */
export const CLI_TEAM_ID = 'local';

/** What every command that goes beyond its arguments starts from: environment, config, logger. */
export interface CliRuntime {
  env: CliEnv;
  config: AppConfig;
  logger: Logger;
}

/**
 * Reads the environment with ./.env underneath it (as `npm start` does: a variable set in the
 * environment wins) and the config file (SCALE_REVIEW_CONFIG, else ./scale-review.yml, else the
 * defaults), validating every section the way the bot does.
 * @throws ConfigError naming the file, the field and what was expected.
 */
export async function loadRuntime(io: CliIo): Promise<CliRuntime> {
  const env = readCliEnv(await withDotEnv(io.env, io.cwd));
  const config = await loadAppConfig({ explicitPath: env.configPath ?? undefined, cwd: io.cwd });
  return { env, config, logger: createCliLogger(io.stderr) };
}

/** The embedded store's directory: DATA_DIR, else `store.dataDir`; relative to the working directory. */
function dataDirOf(runtime: CliRuntime, io: CliIo): string {
  return resolve(io.cwd, runtime.env.dataDir ?? runtime.config.store.dataDir);
}

/**
 * Opens the configured store (MongoDB when MONGODB_URL is set, else the embedded one under
 * DATA_DIR), runs `work`, and closes the store whatever happens.
 * @throws StoreLockedError when the bot holds the embedded store; StoreStartupError naming the host.
 */
export async function withStore<T>(
  runtime: CliRuntime,
  io: CliIo,
  work: (store: Store) => Promise<T>,
): Promise<T> {
  const { mongodbUrl } = runtime.env;
  const store = await openStore(
    {
      ...runtime.config.store,
      dataDir: dataDirOf(runtime, io),
      reviewIntervalDays: runtime.config.plan.review.intervalDays,
      ...(mongodbUrl === null ? {} : { mongodbUrl }),
    },
    { logger: runtime.logger },
  );
  let result: T;
  try {
    result = await work(store);
  } catch (error) {
    // The command's own error is the one to report; a failing close is only a warning then.
    await store
      .close()
      .catch((closeError: unknown) =>
        runtime.logger.warn({ err: closeError }, 'could not close the store'),
      );
    throw error;
  }
  await store.close();
  return result;
}

/**
 * The metrics source configured in scale-review.yml (CloudWatch, a file or a URL), the reason it
 * cannot be used, or null when nothing is configured at all (no `metrics:` section, no AWS_REGION).
 * A relative `metrics.file` is read from the working directory.
 */
export function configuredMetrics(runtime: CliRuntime, io: CliIo): MetricsSetup | null {
  if (io.metricsSource !== undefined) {
    return { metrics: io.metricsSource, problem: null };
  }
  const { config, env, logger } = runtime;
  if (!config.metricsConfigured && env.awsRegion === null) {
    return null;
  }
  const { file } = config.metrics;
  const metrics =
    file === undefined ? config.metrics : { ...config.metrics, file: resolve(io.cwd, file) };
  return setUpMetrics({
    config: { ...config, metrics },
    awsRegion: env.awsRegion ?? undefined,
    databaseUrl: readMetricsEnv(io.env, metrics).databaseUrl,
    logger,
    clock: io.now,
  });
}

/** The use cases' dependencies, as the bot builds them, over the CLI's store, metrics and clock. */
export function appDeps(
  runtime: CliRuntime,
  io: CliIo,
  store: Store,
  metrics: MetricsSetup | null,
): AppDeps {
  const { config, logger } = runtime;
  return {
    plan: config.plan,
    infrastructure: config.infrastructure,
    store,
    metrics: metrics?.metrics ?? null,
    metricsProblem: metrics?.problem ?? null,
    logger,
    clock: io.now,
    permissions: { admins: config.slack.admins, ackers: config.slack.ackers },
  };
}
