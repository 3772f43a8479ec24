import type { DestinationStream } from 'pino';
import type { AppDeps } from '../app/deps.js';
import { StatusAnswers, watchDecisions } from '../app/status-answers.js';
import { type AppConfig, loadAppConfig, resolveDataDir } from '../config/app-config.js';
import { readMetricsEnv } from '../config/metrics-env.js';
import { parseStartEnv, type StartEnv } from '../config/start-env.js';
import type { MetricsSource } from '../metrics/port.js';
import { Ops } from '../ops/ops.js';
import { checkPortsFree, isListenError, PortUnavailableError } from '../ops/ports.js';
import { AnswerQueue } from '../slack/answer-queue.js';
import { createSlackApp, type SlackApp } from '../slack/app.js';
import { createBoltLogger } from '../slack/bolt-logger.js';
import { ListenerRegistry } from '../slack/registry.js';
import { responseUrlPolicy } from '../slack/response-url.js';
import type { SlackDeps } from '../slack/slack-deps.js';
import { UserDirectory } from '../slack/user-directory.js';
import { WorkTracker } from '../slack/work-tracker.js';
import { slackClientsByToken } from '../slack-api/web-client.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/ports.js';
import { singleTenant } from '../tenancy/single-tenant.js';
import { createLogDestination } from './log-destination.js';
import { createLogger, type PinoLogger } from './logger.js';
import { logSourceFailures, startMetrics } from './metrics-startup.js';
import { type OAuthRuntime, slackAuthFor } from './oauth-startup.js';
import { toSlackAuthError } from './slack-auth.js';
import { startJobs } from './start-jobs.js';
import { stopBot } from './stop-bot.js';

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
  /** Socket Mode: the client's reconnect step and pong timeout (default 5 s). */
  socketReconnectMs?: number;
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
  logger: PinoLogger;
  deps: AppDeps;
  slackDeps: SlackDeps;
  slack: SlackApp;
  /**
   * OAuth mode (an installable app): the token source the digest asks for a tenant's bot token
   * (src/slack-api/token-refresher.ts), the tenants, the install URL; null with SLACK_BOT_TOKEN.
   */
  oauth: OAuthRuntime | null;
  /** SHUTDOWN_DRAIN_SECONDS in milliseconds: how long stop() waits for answers and connections. */
  drainMs: number;
  /** Resolves once every answer accepted so far has gone out. */
  idle(): Promise<void>;
  /**
   * Stops taking work, then waits up to the drain deadline for the answers queued and running,
   * the open connections and a digest tick in progress; past it, closes every connection and
   * abandons the rest with a log line. Closes the store. Idempotent.
   */
  stop(): Promise<void>;
  /** Writes the log lines still held for a slow stdout, for at most `timeoutMs`. */
  flushLogs(timeoutMs: number): Promise<void>;
  /** Logs "Scale Review is running": the entry point calls it once its signal handlers are in. */
  announce(): void;
}

interface Runtime {
  env: StartEnv;
  config: AppConfig;
  logger: PinoLogger;
  flushLogs: (timeoutMs: number) => Promise<void>;
  store: Store;
  deps: AppDeps;
  ops: Ops;
  statusAnswers: StatusAnswers;
}

async function openRuntime(options: StartBotOptions): Promise<Runtime> {
  const env = parseStartEnv(options.env);
  const stdout = options.logDestination === undefined ? createLogDestination() : undefined;
  const logger = createLogger({
    level: env.logLevel,
    destination: stdout ?? options.logDestination,
  });
  const flushLogs = (timeoutMs: number) => stdout?.flush(timeoutMs) ?? Promise.resolve();
  const config = await loadAppConfig({ explicitPath: env.configPath, cwd: options.cwd });
  const overrides = options.overrides ?? {};
  // A port in use stops the start before the store is opened (and is checked again at listen).
  await checkPortsFree(env.mode, env.healthPort, overrides.host);
  const clock = overrides.clock ?? (() => new Date());
  // Before the store: a metrics source that cannot work at all stops the start (one line).
  const setup = await startMetrics({
    config,
    awsRegion: env.awsRegion,
    databaseUrl: readMetricsEnv(options.env, config.metrics).databaseUrl,
    cwd: options.cwd,
    logger,
    clock,
    override: overrides.metrics,
  });
  const ops = new Ops({
    healthPort: env.healthPort,
    logger,
    ...(overrides.host === undefined ? {} : { host: overrides.host }),
  });
  const opened = await openStore(
    {
      ...config.store,
      dataDir: resolveDataDir(options.env, config.store),
      reviewIntervalDays: config.plan.review.intervalDays,
      ...(env.mongodbUrl === undefined ? {} : { mongodbUrl: env.mongodbUrl }),
    },
    { logger },
  );
  // Every decision recorded through the store invalidates the team's shared status answer.
  let statusAnswers: StatusAnswers | null = null;
  const store = watchDecisions(
    ops.wrapStore(overrides.wrapStore ? overrides.wrapStore(opened) : opened),
    (teamId) => statusAnswers?.invalidate(teamId),
  );
  const deps: AppDeps = {
    plan: config.plan,
    infrastructure: config.infrastructure,
    store,
    metrics: ops.wrapMetricsSource(setup.metrics),
    metricsProblem: setup.problem,
    logger,
    clock,
    permissions: { admins: config.slack.admins, ackers: config.slack.ackers },
  };
  statusAnswers = new StatusAnswers(deps, { ttlMs: config.metrics.cacheTtlSeconds * 1000 });
  return { env, config, logger, flushLogs, store, deps, ops, statusAnswers };
}

function slackDepsOf(runtime: Runtime, oauth: OAuthRuntime | null): SlackDeps {
  const { deps, config, env, ops, statusAnswers } = runtime;
  const tracker = new WorkTracker();
  const quickClient = slackClientsByToken({
    policy: 'quick',
    apiUrl: env.slackApiUrl,
    logger: createBoltLogger(runtime.logger, 'web-api'),
    fetch: ops.slackFetch(env.slackApiUrl),
  });
  return {
    tenants: oauth?.tenants ?? singleTenant(deps, statusAnswers),
    ...(oauth === null
      ? {}
      : {
          settings: oauth.settings.editing,
          closeSettings: () => oauth.settings.close(),
          clientForTenant: async (key: string) => {
            const token = await oauth.tokens.botTokenFor(key);
            return token === null ? null : quickClient(token.botToken);
          },
        }),
    ...(env.auth.kind === 'oauth'
      ? { uninstallRetentionDays: env.auth.install.uninstallRetentionDays }
      : {}),
    store: deps.store,
    clock: deps.clock,
    users: new UserDirectory({ clock: deps.clock, logger: deps.logger }),
    tracker,
    answers: new AnswerQueue({
      capacity: config.slack.answers.capacity,
      concurrency: config.slack.answers.concurrency,
      tracker,
      logger: deps.logger,
    }),
    responseUrls: responseUrlPolicy(env.slackApiUrl, ops.slackFetch(env.slackApiUrl)),
    registry: new ListenerRegistry(),
    logger: deps.logger,
    quickClient,
    nativeFallbacks: ops.nativeFallbacks,
  };
}

async function connect(slack: SlackApp, env: StartEnv, host: string | undefined) {
  try {
    await slack.init();
  } catch (error) {
    // OAuth mode calls nothing at init: there is no token to check.
    throw env.auth.kind === 'token' ? toSlackAuthError(error, 'SLACK_BOT_TOKEN') : error;
  }
  try {
    return await slack.start(host);
  } catch (error) {
    if (env.mode.kind === 'socket') throw toSlackAuthError(error, 'SLACK_APP_TOKEN');
    if (isListenError(error)) throw new PortUnavailableError('PORT', env.mode.port, error);
    throw error;
  }
}

/**
 * The composition root: environment and config file parsed once (failing fast with one line per
 * problem), store opened, metrics source created (or the reason there is none), Slack connected.
 */
export async function startBot(options: StartBotOptions): Promise<RunningBot> {
  const runtime = await openRuntime(options);
  const { env, logger, store, deps, ops } = runtime;
  const { auth, oauth } = await slackAuthFor(env, {
    slackApiUrl: env.slackApiUrl,
    config: runtime.config,
    deps,
    logger,
    fetch: ops.slackFetch(env.slackApiUrl),
    wrapSource: (source) => ops.wrapMetricsSource(logSourceFailures(source, logger)) ?? source,
  }).catch(async (error: unknown) => {
    await store.close().catch(() => undefined);
    throw error;
  });
  const slackDeps = slackDepsOf(runtime, oauth);
  const slack = createSlackApp({
    auth,
    mode: env.mode,
    slackApiUrl: env.slackApiUrl,
    logger,
    deps: slackDeps,
    readiness: ops.readiness,
    fetch: ops.slackFetch(env.slackApiUrl),
    socketReconnectMs: options.overrides?.socketReconnectMs,
  });
  ops.instrumentSlack(slack.app, () => slack.connected());
  let started: { port: number | null };
  try {
    await ops.start({ deps, mode: slack.mode });
    started = await connect(slack, env, options.overrides?.host);
  } catch (error) {
    await ops.stop();
    await store.close().catch(() => undefined);
    throw error;
  }
  ops.markStarted();
  const jobs = startJobs({ ...runtime, oauth, owner: options.overrides?.digestOwner });
  // Said by the entry point once its signal handlers are in place: whoever waits for this line
  // (an orchestrator, a test) may stop the bot at once and get a clean shutdown.
  const announce = () =>
    logger.info(
      {
        mode: slack.mode,
        port: started.port,
        healthPort: ops.healthPort,
        store: store.kind,
        digest: jobs.digest !== null,
        ...(oauth === null ? {} : { installUrl: oauth.installUrl }),
      },
      'Scale Review is running',
    );
  let stopped: Promise<void> | null = null;
  const stop = () =>
    stopBot({ logger, drainMs: env.drainMs, ops, slackDeps, slack, jobs, store, deps });
  return {
    mode: slack.mode,
    port: started.port,
    logger,
    deps,
    slackDeps,
    slack,
    oauth,
    drainMs: env.drainMs,
    idle: () => slackDeps.tracker.idle(),
    stop: () => {
      stopped ??= stop();
      return stopped;
    },
    flushLogs: runtime.flushLogs,
    announce,
  };
}
