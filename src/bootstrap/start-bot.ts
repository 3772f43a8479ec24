import type { DestinationStream } from 'pino';
import { startDigestJob } from '../../jobs/digest-job.js';
import { startRetentionJob } from '../../jobs/retention-job.js';
import type { AppDeps } from '../app/deps.js';
import { type AppConfig, loadAppConfig, resolveDataDir } from '../config/app-config.js';
import { type BotEnv, parseBotEnv } from '../config/bot-env.js';
import { readMetricsEnv } from '../config/metrics-env.js';
import { createDigestDeps } from '../digest/create-digest-deps.js';
import { runDigestTick } from '../digest/run-digest.js';
import type { MetricsSource } from '../metrics/port.js';
import { createSlackApp, type SlackApp } from '../slack/app.js';
import { ListenerRegistry } from '../slack/registry.js';
import { renderScalingIndicators } from '../slack/render-updated-message.js';
import type { SlackDeps } from '../slack/slack-deps.js';
import { UserDirectory } from '../slack/user-directory.js';
import { WorkTracker } from '../slack/work-tracker.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/ports.js';
import { createLogger, type Logger } from './logger.js';
import { setUpMetrics } from './metrics.js';
import { toSlackAuthError } from './slack-auth.js';

/** How long shutdown waits for replies already started. */
export const DRAIN_TIMEOUT_MS = 10_000;

/** Seams for tests and embedding; production passes none. */
export interface BotOverrides {
  /** Replaces the configured metrics source (null: none configured). */
  metrics?: MetricsSource | null;
  clock?: () => Date;
  /** Wraps the opened store (fault injection in tests). */
  wrapStore?: (store: Store) => Store;
  /** Interface to listen on in HTTP mode (default: all). */
  host?: string;
  /** The digest lease owner id (default host:pid:random). */
  digestOwner?: string;
}

export interface StartBotOptions {
  /** The process environment (only src/config reads it). */
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Where logs go (default stdout). */
  logDestination?: DestinationStream;
  overrides?: BotOverrides;
}

export interface RunningBot {
  mode: 'http' | 'socket';
  /** The HTTP port, null in Socket Mode. */
  port: number | null;
  logger: Logger;
  deps: AppDeps;
  slackDeps: SlackDeps;
  slack: SlackApp;
  /** Resolves once every reply started so far has gone out. */
  idle(): Promise<void>;
  /** Stops taking work, waits for in-flight replies (bounded), closes the store. Idempotent. */
  stop(): Promise<void>;
}

interface Runtime {
  env: BotEnv;
  config: AppConfig;
  logger: Logger;
  store: Store;
  deps: AppDeps;
}

async function openRuntime(options: StartBotOptions): Promise<Runtime> {
  const env = parseBotEnv(options.env);
  const logger = createLogger({
    level: env.logLevel,
    ...(options.logDestination ? { destination: options.logDestination } : {}),
  });
  const config = await loadAppConfig({ explicitPath: env.configPath, cwd: options.cwd });
  const overrides = options.overrides ?? {};
  const clock = overrides.clock ?? (() => new Date());
  const opened = await openStore(
    {
      ...config.store,
      dataDir: resolveDataDir(options.env, config.store),
      ...(env.mongodbUrl === undefined ? {} : { mongodbUrl: env.mongodbUrl }),
    },
    { logger },
  );
  const store = overrides.wrapStore ? overrides.wrapStore(opened) : opened;
  const setup =
    overrides.metrics !== undefined
      ? { metrics: overrides.metrics, problem: null }
      : setUpMetrics({
          config,
          awsRegion: env.awsRegion,
          databaseUrl: readMetricsEnv(options.env, config.metrics).databaseUrl,
          logger,
          clock,
        });
  if (setup.problem)
    logger.warn({ reason: setup.problem.message }, 'no metrics source; status will say why');
  const deps: AppDeps = {
    plan: config.plan,
    store,
    metrics: setup.metrics,
    metricsProblem: setup.problem,
    logger,
    clock,
    permissions: { admins: config.slack.admins, ackers: config.slack.ackers },
  };
  return { env, config, logger, store, deps };
}

function slackDepsOf(deps: AppDeps): SlackDeps {
  return {
    app: deps,
    users: new UserDirectory({ clock: deps.clock, logger: deps.logger }),
    tracker: new WorkTracker(),
    registry: new ListenerRegistry(),
    logger: deps.logger,
    renderUpdatedMessage: renderScalingIndicators,
  };
}

async function connect(slack: SlackApp, env: BotEnv, host: string | undefined) {
  try {
    await slack.init();
  } catch (error) {
    throw toSlackAuthError(error, 'SLACK_BOT_TOKEN');
  }
  try {
    return await slack.start(host);
  } catch (error) {
    if (env.mode.kind === 'socket') throw toSlackAuthError(error, 'SLACK_APP_TOKEN');
    throw error;
  }
}

/** The weekly digest (every replica ticks; leases in the store decide who sends) and retention. */
function startJobs(runtime: Runtime, owner: string | undefined) {
  const { env, config, deps, logger, store } = runtime;
  const retention = startRetentionJob(
    () => store.cleanup({ now: deps.clock(), retentionDays: config.store.retentionDays }),
    logger,
  );
  const digestDeps = createDigestDeps(deps, config.digest, {
    botToken: env.botToken,
    slackApiUrl: env.slackApiUrl,
    ...(owner === undefined ? {} : { owner }),
  });
  const digest = config.digest.enabled
    ? startDigestJob(
        (tickOptions) =>
          runDigestTick(digestDeps, { ...tickOptions, concurrency: config.digest.concurrency }),
        logger,
        config.digest.tickCron,
      )
    : null;
  return {
    digest,
    async stop() {
      await Promise.all([retention.stop(), digest?.stop()]);
    },
  };
}

/**
 * The composition root: environment and config file parsed once (failing fast with one line per
 * problem), store opened, metrics source created (or the reason there is none), Slack connected.
 */
export async function startBot(options: StartBotOptions): Promise<RunningBot> {
  const runtime = await openRuntime(options);
  const { env, logger, store, deps } = runtime;
  const slackDeps = slackDepsOf(deps);
  const slack = createSlackApp({
    botToken: env.botToken,
    mode: env.mode,
    slackApiUrl: env.slackApiUrl,
    logger,
    deps: slackDeps,
  });
  let started: { port: number | null };
  try {
    started = await connect(slack, env, options.overrides?.host);
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  const jobs = startJobs(runtime, options.overrides?.digestOwner);
  logger.info(
    { mode: slack.mode, port: started.port, store: store.kind, digest: jobs.digest !== null },
    'Scale Review is running',
  );
  let stopped: Promise<void> | null = null;
  const stop = async () => {
    logger.info({}, 'stopping: no new work, finishing in-flight replies');
    await slack
      .stop()
      .catch((error: unknown) => logger.warn({ err: error }, 'receiver stop failed'));
    await jobs.stop();
    const drained = await slackDeps.tracker.drain(DRAIN_TIMEOUT_MS);
    if (!drained) logger.warn({ inFlight: slackDeps.tracker.size }, 'gave up waiting for replies');
    await store.close();
    await deps.metrics?.close?.();
    logger.info({}, 'stopped');
  };
  return {
    mode: slack.mode,
    port: started.port,
    logger,
    deps,
    slackDeps,
    slack,
    idle: () => slackDeps.tracker.idle(),
    stop: () => {
      stopped ??= stop();
      return stopped;
    },
  };
}
