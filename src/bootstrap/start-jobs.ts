import { startDigestJob } from '../../jobs/digest-job.js';
import { startPurgeJob } from '../../jobs/purge-job.js';
import { startRetentionJob } from '../../jobs/retention-job.js';
import type { AppDeps } from '../app/deps.js';
import { purgeDueTenants } from '../app/uninstall.js';
import type { AppConfig } from '../config/app-config.js';
import type { StartEnv } from '../config/start-env.js';
import { createDigestDeps, replicaOwner } from '../digest/create-digest-deps.js';
import { installedDigests } from '../digest/installed-digests.js';
import { runDigestTick, runTenantsDigestTick, type TickOptions } from '../digest/run-digest.js';
import type { Ops } from '../ops/ops.js';
import { createBoltLogger } from '../slack/bolt-logger.js';
import type { Store } from '../store/ports.js';
import type { PinoLogger } from './logger.js';
import type { OAuthRuntime } from './oauth-startup.js';

export interface JobsInput {
  env: StartEnv;
  config: AppConfig;
  deps: AppDeps;
  logger: PinoLogger;
  store: Store;
  ops: Ops;
  oauth: OAuthRuntime | null;
  /** The digest lease owner id (default host:pid:random). */
  owner: string | undefined;
}

/**
 * The digest tick: with SLACK_BOT_TOKEN, one workspace's (the deployment's deps, its token); as
 * an installable app, every tenant's, each with its deps, its own bot token (refreshed first when
 * rotation is on: a digest has no incoming request to make Bolt do it) and its own pace.
 */
function digestTick(input: JobsInput): (options?: TickOptions) => ReturnType<typeof runDigestTick> {
  const { env, config, deps, logger, store, ops, oauth } = input;
  const owner = input.owner ?? replicaOwner();
  const slack = {
    slackApiUrl: env.slackApiUrl,
    clientLogger: createBoltLogger(logger, 'web-api'),
    fetch: ops.slackFetch(env.slackApiUrl),
    nativeFallbacks: ops.nativeFallbacks,
    owner,
  };
  const concurrency = config.digest.concurrency;
  if (oauth === null || env.auth.kind === 'token') {
    const botToken = env.auth.kind === 'token' ? env.auth.botToken : '';
    const digestDeps = createDigestDeps(deps, config.digest, { ...slack, botToken });
    return (options = {}) => runDigestTick(digestDeps, { ...options, concurrency });
  }
  const tenancy = installedDigests({
    tenants: oauth.tenants,
    botTokenFor: async (key) => (await oauth.tokens.botTokenFor(key))?.botToken ?? null,
    config: config.digest,
    slack,
    shared: { store, logger, clock: deps.clock },
  });
  return (options = {}) => runTenantsDigestTick(tenancy, { ...options, concurrency });
}

/** The weekly digest (every replica ticks; leases in the store decide who sends), retention, purge. */
export function startJobs(input: JobsInput) {
  const { config, deps, logger, store, ops } = input;
  const retention = startRetentionJob(
    () => store.cleanup({ now: deps.clock(), retentionDays: config.store.retentionDays }),
    logger,
  );
  // Uninstalled workspaces' data, once their retention is over (nothing in single mode).
  const purge = startPurgeJob(() => purgeDueTenants({ store }, deps.clock()), logger);
  const digest = config.digest.enabled
    ? startDigestJob(digestTick(input), logger, config.digest.tickCron, ops.digestObserver)
    : null;
  return {
    digest,
    async stop() {
      await Promise.all([retention.stop(), purge.stop(), digest?.stop()]);
    },
  };
}
