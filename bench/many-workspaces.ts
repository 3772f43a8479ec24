import { loadavg } from 'node:os';
import { defaultStoreConfig } from '../src/store/config.js';
import { MongoStore } from '../src/store/mongo/mongo-store.js';
import type { Store } from '../src/store/ports.js';
import {
  channelsOf,
  type DigestTally,
  generatedSealingKeys,
  installWorkspace,
  sealerFrom,
  subscribeDue,
} from '../test/digest/install-harness.js';
import { dropDatabase, withDatabase } from '../test/store/mongo-harness.js';
import type { BenchContext } from './lib/context.js';
import { startFerretDbOnPostgres } from './lib/ferretdb-postgres.js';
import { capturedLogger } from './lib/quiet-logger.js';
import { median } from './lib/stats.js';
import { countingStore, OpCounts } from './lib/store-ops.js';
import {
  merged,
  type PerWorkspace,
  type PostTimes,
  perWorkspace,
  pool,
  postTimes,
  spanSeconds,
  sum,
} from './lib/workspaces-figures.js';
import {
  type FakeSlackProcess,
  type Replicas,
  startFakeSlack,
  startReplicas,
} from './lib/workspaces-fleet.js';
import type { ReplicaTick } from './servers/digest-replica.js';

/**
 * 6. Many workspaces (issue 23): N workspaces installed (the store write of an OAuth install:
 * sealed bot token, active workspace record; not the browser flow), 2 subscribed channels each,
 * 3 digest replicas (each a process with its own connection to one FerretDB database) ticking at
 * once against the fake Slack, whose limits apply per workspace (1 post/s per channel, 20/s per
 * workspace). Measured at each N: every digest exactly once; the fan-out's time against one
 * workspace's alone (the slowest of a few) and against the sum; memory and store operations per
 * workspace.
 */

export const REPLICAS = 3;
export const CHANNELS_PER_WORKSPACE = 2;
/** The fake Slack's limits, per workspace, as in benchmark 3. */
export const LIMITS = { perChannel: 1, workspace: 20 } as const;
/** Workspaces timed alone before the fan-out (after one unmeasured warm-up). */
const ALONE_SAMPLES = 3;
const INSTALL_CONCURRENCY = 16;

export const WORKSPACES_BACKENDS = ['postgresql', 'sqlite'] as const;
/** FerretDB's backend: PostgreSQL (its own server), or SQLite (the shared emulator's). */
export type WorkspacesBackend = (typeof WORKSPACES_BACKENDS)[number];

export interface AloneRun {
  key: string;
  seconds: number;
}

export interface WorkspacesSize {
  workspaces: number;
  /** os.loadavg() (1 minute) before and after: the machine is shared. */
  load: { before: number; after: number };
  install: { seconds: number; opsPerWorkspace: number };
  /** One workspace's digest tick (3 replicas ticking, it alone due), in seconds. */
  alone: { runs: AloneRun[]; medianSeconds: number; slowestSeconds: number };
  fanout: PostTimes & {
    seconds: number;
    /** N x the median workspace alone: the time one after the other would take. */
    sumSeconds: number;
    vsSlowest: number;
    vsSum: number;
  };
  /** Subscribed channels in all (the fan-out's and those ticked alone). */
  channels: number;
  tally: DigestTally;
  outcomes: { sent: number; skipped: number; leased: number; failed: number };
  perWorkspace: PerWorkspace;
  opsByMethod: Record<string, number>;
  commandsByName: Record<string, number>;
  slackByMethod: Record<string, number>;
  /** Slack calls made with a token the fake did not know (answered invalid_auth). */
  unknownTokenCalls: number;
  replicas: ReplicaTick[];
}

export interface WorkspacesResult {
  backend: WorkspacesBackend;
  store: string;
  replicas: number;
  channelsPerWorkspace: number;
  limits: typeof LIMITS;
  sizes: WorkspacesSize[];
}

const keyOf = (i: number) => `T1${String(i).padStart(7, '0')}`;
const tokenOf = (key: string) => `xoxb-bench-${key.toLowerCase()}`;

async function timeAlone(store: Store, replicas: Replicas, key: string): Promise<AloneRun> {
  await subscribeDue(store, key, CHANNELS_PER_WORKSPACE, new Date());
  return { key, seconds: spanSeconds(await replicas.tickAll()) };
}

interface SizeRun {
  mongodbUrl: string;
  slack: FakeSlackProcess;
  workspaces: number;
}

function figures(
  run: { n: number; keys: string[]; alone: AloneRun[]; ticks: ReplicaTick[] },
  calls: Awaited<ReturnType<FakeSlackProcess['summary']>>,
): Pick<WorkspacesSize, 'alone' | 'fanout' | 'outcomes' | 'perWorkspace'> {
  const { n, ticks } = run;
  const seconds = spanSeconds(ticks);
  const medianSeconds = median(run.alone.map((r) => r.seconds));
  const slowestSeconds = Math.max(...run.alone.map((r) => r.seconds));
  const sumSeconds = n * medianSeconds;
  const startedAt = Math.min(...ticks.map((t) => t.startedAt));
  return {
    alone: { runs: run.alone, medianSeconds, slowestSeconds },
    fanout: {
      seconds,
      sumSeconds,
      vsSlowest: seconds / slowestSeconds,
      vsSum: seconds / sumSeconds,
      ...postTimes(calls, run.keys, startedAt),
    },
    outcomes: {
      sent: sum(ticks, (t) => t.summary.sent),
      skipped: sum(ticks, (t) => t.summary.skipped),
      leased: sum(ticks, (t) => t.summary.leased),
      failed: sum(ticks, (t) => t.summary.failed),
    },
    perWorkspace: perWorkspace(ticks, calls, n),
  };
}

async function measureSize(ctx: BenchContext, run: SizeRun): Promise<WorkspacesSize> {
  const { slack, workspaces: n } = run;
  const loadBefore = loadavg()[0] ?? Number.NaN;
  const database = `scale_review_bench_workspaces_${n}_${Date.now()}`;
  const sealingKeys = generatedSealingKeys();
  const sealer = sealerFrom(sealingKeys);
  const installOps = new OpCounts();
  const raw = await MongoStore.connect({
    url: withDatabase(run.mongodbUrl, database),
    defaultDatabase: database,
    client: defaultStoreConfig().mongo,
    logger: capturedLogger('warn').logger,
  });
  const store = countingStore(raw, installOps);
  const aloneKeys = Array.from({ length: ALONE_SAMPLES + 1 }, (_, i) => keyOf(n + i));
  const keys = Array.from({ length: n }, (_, i) => keyOf(i));
  const everyKey = [...keys, ...aloneKeys];
  let replicas: Replicas | null = null;
  try {
    await slack.reset(LIMITS);
    await slack.addWorkspaces(everyKey.map((k) => ({ teamId: k, botToken: tokenOf(k) })));
    // The install: what the OAuth redirect writes, per workspace (not the browser flow).
    const t0 = performance.now();
    await pool(everyKey, INSTALL_CONCURRENCY, (key) =>
      installWorkspace(store, sealer, { key, botToken: tokenOf(key), now: new Date() }),
    );
    const install = {
      seconds: (performance.now() - t0) / 1000,
      opsPerWorkspace: installOps.total() / everyKey.length,
    };
    replicas = await startReplicas(REPLICAS, {
      mongodbUrl: run.mongodbUrl,
      database,
      slackApiUrl: slack.apiUrl,
      sealingKeys,
      digest: {},
    });
    const alone: AloneRun[] = [];
    for (const key of aloneKeys) alone.push(await timeAlone(store, replicas, key));
    await pool(keys, INSTALL_CONCURRENCY, async (key) => {
      await subscribeDue(store, key, CHANNELS_PER_WORKSPACE, new Date());
    });
    const since = Date.now();
    const ticks = await replicas.tickAll();
    const calls = await slack.summary(since);
    const tally = await slack.tally(
      everyKey.map((key) => ({ key, channels: channelsOf(key, CHANNELS_PER_WORKSPACE) })),
    );
    const result: WorkspacesSize = {
      workspaces: n,
      load: { before: loadBefore, after: loadavg()[0] ?? Number.NaN },
      install,
      // The first workspace alone warmed the replicas up: not counted.
      ...figures({ n, keys, alone: alone.slice(1), ticks }, calls),
      channels: everyKey.length * CHANNELS_PER_WORKSPACE,
      tally,
      opsByMethod: merged(ticks.map((t) => t.ops)),
      commandsByName: merged(ticks.map((t) => t.commands)),
      slackByMethod: calls.byMethod,
      unknownTokenCalls: calls.unknownToken,
      replicas: ticks,
    };
    const f = result.fanout;
    ctx.log(
      `  ${n} workspaces: fan-out ${f.seconds.toFixed(1)} s (alone: slowest ${result.alone.slowestSeconds.toFixed(2)} s; ${f.vsSlowest.toFixed(0)}x it, ${f.vsSum.toFixed(2)}x the sum); ${tally.exactlyOnce} channels exactly once, ${tally.missing} missing, ${tally.duplicates} duplicates; ${result.perWorkspace.ops.toFixed(1)} store calls per workspace; load ${loadBefore.toFixed(1)}`,
    );
    return result;
  } finally {
    await replicas?.stop();
    await raw.close();
    await dropDatabase(run.mongodbUrl, database);
  }
}

export const DEFAULT_SIZES: Record<WorkspacesBackend, { full: number[]; quick: number[] }> = {
  postgresql: { full: [100, 300, 1000], quick: [20, 100] },
  // A tick's lookups scan their collections on SQLite: 1,000 would take most of an hour.
  sqlite: { full: [100, 300], quick: [20, 100] },
};

export async function benchManyWorkspaces(
  ctx: BenchContext,
  backend: WorkspacesBackend = 'postgresql',
  sizes: readonly number[] = DEFAULT_SIZES[backend][ctx.quick ? 'quick' : 'full'],
): Promise<WorkspacesResult> {
  const server = backend === 'postgresql' ? await startFerretDbOnPostgres() : null;
  const mongodbUrl = server?.mongodbUrl ?? ctx.emulators.mongodbUrl;
  const slack = await startFakeSlack();
  const results: WorkspacesSize[] = [];
  try {
    for (const workspaces of sizes)
      results.push(await measureSize(ctx, { mongodbUrl, slack, workspaces }));
  } finally {
    await slack.stop();
    await server?.stop();
  }
  return {
    backend,
    store: server?.description ?? 'FerretDB 1.24.2 (SQLite backend, the shared emulator)',
    replicas: REPLICAS,
    channelsPerWorkspace: CHANNELS_PER_WORKSPACE,
    limits: LIMITS,
    sizes: results,
  };
}
