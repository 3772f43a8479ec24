import { digestConfigSchema } from '../../src/digest/config.js';
import { runTenantsDigestTick, type TickSummary } from '../../src/digest/run-digest.js';
import { createBoltLogger } from '../../src/slack/bolt-logger.js';
import { defaultStoreConfig } from '../../src/store/config.js';
import { MongoStore } from '../../src/store/mongo/mongo-store.js';
import {
  type InstalledReplica,
  installedReplica,
  sealerFrom,
} from '../../test/digest/install-harness.js';
import { withDatabase } from '../../test/store/mongo-harness.js';
import { capturedLogger } from '../lib/quiet-logger.js';
import {
  countCommands,
  countingStore,
  monitoredClientOptions,
  OpCounts,
} from '../lib/store-ops.js';
import { serveRpc } from './rpc-child.mjs';

/**
 * One replica of the installable app's digest, in a process of its own (the many-workspaces
 * benchmark): its own MongoDB connection to the shared database, its own tenants and owner id.
 * `tick` runs one digest tick over every installed workspace and says what it cost this process:
 * time, memory (after a full GC, before and after; the peak while it ran) and store operations.
 * Started with --expose-gc.
 */

export interface ReplicaOpen {
  mongodbUrl: string;
  database: string;
  slackApiUrl: string;
  owner: string;
  /** SEALING_KEYS, as the deployment has it. */
  sealingKeys: string;
  /** The `digest:` section (defaults when empty). */
  digest: unknown;
  tenantConcurrency?: number;
}

export interface Memory {
  rssMb: number;
  heapUsedMb: number;
}

export interface ReplicaTick {
  owner: string;
  /** Epoch ms (every process reads the same clock). */
  startedAt: number;
  endedAt: number;
  summary: Omit<TickSummary, 'held'> & { held: number };
  /** After a full GC, before the tick and after it. */
  before: Memory;
  after: Memory;
  /** The highest seen while the tick ran (sampled every 20 ms). */
  peak: Memory;
  /** Port calls (`digestRuns.claim`…) and driver commands (`find`, `update`…) during the tick. */
  ops: Record<string, number>;
  opsTotal: number;
  commands: Record<string, number>;
  commandsTotal: number;
  /** Milliseconds from each command's start to its answer, summed by command. */
  commandMs: Record<string, number>;
  commandMsTotal: number;
  tokensOpened: number;
  /** Warnings and errors logged (the last 20), to explain a failure. */
  problems: string[];
  logCounts: Record<string, number>;
}

const MB = 1024 * 1024;
const ops = new OpCounts();
const commands = new OpCounts();
const commandMs = new OpCounts();
const captured = capturedLogger('info');
let store: MongoStore | null = null;
let replica: InstalledReplica | null = null;
let tenantConcurrency: number | undefined;
let owner = '';

function memory(): Memory {
  const m = process.memoryUsage();
  return { rssMb: m.rss / MB, heapUsedMb: m.heapUsed / MB };
}

function settled(): Memory {
  globalThis.gc?.();
  globalThis.gc?.();
  return memory();
}

async function open(params: ReplicaOpen): Promise<{ owner: string }> {
  const { logger } = captured;
  store = await MongoStore.connect({
    url: withDatabase(params.mongodbUrl, params.database),
    defaultDatabase: params.database,
    client: monitoredClientOptions(defaultStoreConfig().mongo),
    logger,
  });
  countCommands(store.rawDatabaseForTests().client, commands, commandMs);
  tenantConcurrency = params.tenantConcurrency;
  owner = params.owner;
  replica = installedReplica({
    store: countingStore(store, ops),
    sealer: sealerFrom(params.sealingKeys),
    logger,
    clientLogger: createBoltLogger(logger, 'web-api'),
    slackApiUrl: params.slackApiUrl,
    owner: params.owner,
    config: digestConfigSchema.parse(params.digest ?? {}),
  });
  return { owner: params.owner };
}

async function tick(): Promise<ReplicaTick> {
  if (replica === null) throw new Error('open first');
  const before = settled();
  ops.reset();
  commands.reset();
  commandMs.reset();
  const opened = replica.tokensOpened();
  const peak = memory();
  const sampler = setInterval(() => {
    const now = memory();
    peak.rssMb = Math.max(peak.rssMb, now.rssMb);
    peak.heapUsedMb = Math.max(peak.heapUsedMb, now.heapUsedMb);
  }, 20);
  const startedAt = Date.now();
  const { held, ...counts } = await runTenantsDigestTick(replica.tenancy, {
    ...(tenantConcurrency === undefined ? {} : { tenantConcurrency }),
  }).finally(() => clearInterval(sampler));
  const endedAt = Date.now();
  return {
    owner,
    startedAt,
    endedAt,
    summary: { ...counts, held: held.length },
    before,
    after: settled(),
    peak,
    ops: ops.snapshot(),
    opsTotal: ops.total(),
    commands: commands.snapshot(),
    commandsTotal: commands.total(),
    commandMs: commandMs.snapshot(),
    commandMsTotal: commandMs.total(),
    tokensOpened: replica.tokensOpened() - opened,
    problems: captured.tail.filter((line) => /"level":(40|50)/.test(line)),
    logCounts: { ...captured.counts },
  };
}

serveRpc(
  {
    open: (params) => open(params as ReplicaOpen),
    tick,
    memory: () => settled(),
    stop: async () => {
      await replica?.close();
      await store?.close();
      process.exit(0);
    },
  },
  { pid: process.pid },
);
