import { join } from 'node:path';
import { ACTION_IDS, encodeRecommendationRef, parseRecommendationBlockId } from '../blocks/ids.js';
import { freePort } from '../test/support/bot-harness.js';
import { botWorkspace } from './lib/bot-env.js';
import type { BenchContext } from './lib/context.js';
import { pinSelf, placement } from './lib/cpus.js';
import { runLoad } from './lib/load.js';
import { type Child, ROOT, spawnChild } from './lib/rpc.js';
import { METRICS_YAML } from './lib/services.js';
import { type SignedRequest, signedClick, slashCommands } from './lib/slack-requests.js';
import { median } from './lib/stats.js';
import type { ResponseSummary } from './servers/fake-slack-server.js';

/**
 * 5. Memory: the bot as a process of its own (the load generator's memory is not in the figure),
 * RSS after start-up, after a warm-up, and after 10,000 `/scale status` commands and 1,000
 * Acknowledge clicks, sent in five equal steps; three such runs, each with a fresh bot. Each figure is taken once every reply has gone out,
 * after a full garbage collection (--expose-gc), so it is what the process keeps, not what it is
 * still working on; it is the median of five samples 300 ms apart.
 */

export interface MemoryPoint {
  label: string;
  commands: number;
  clicks: number;
  /** Median of the samples. */
  rssMb: number;
  rssMinMb: number;
  rssMaxMb: number;
  heapUsedMb: number;
  /** V8 heap reserved (used or not): RSS the process may keep after a peak. */
  heapTotalMb: number;
  /** Memory of Buffers and other C++ objects tied to JS objects. */
  externalMb: number;
}

export interface MemoryRun {
  points: MemoryPoint[];
  startupRssMb: number;
  warmRssMb: number;
  finalRssMb: number;
  /** RSS after all the load minus RSS once warm (medians). */
  growthMb: number;
  /** The same for the V8 heap in use: what a leak in JavaScript would show. */
  heapGrowthMb: number;
  answers: number;
  answersExpected: number;
}

/** RUNS runs, each with a bot process of its own (the target holds in each of them). */
export interface MemoryResult {
  runs: MemoryRun[];
  /** RSS growth once warm, per run, scaled to 10,000 commands. */
  growthPer10kMb: number[];
}

export const RUNS = 3;

const MB = 1024 * 1024;
const CONNECTIONS = 20;
const SAMPLES = 5;
const SAMPLE_INTERVAL_MS = 300;

interface Usage {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

/** The first recommendation of a status reply: what an Acknowledge click refers to. */
async function firstRecommendation(slack: Child, id: string) {
  const replies = await slack.call<{ blocks?: { block_id?: string }[] }[]>('replies', id);
  for (const block of replies[0]?.blocks ?? []) {
    const ref = block.block_id ? parseRecommendationBlockId(block.block_id) : null;
    if (ref && block.block_id) return { ...ref, blockId: block.block_id };
  }
  throw new Error('the status reply has no recommendation to acknowledge');
}

/** Clicks numbered across the whole run: each has its own action_ts, user and response URL. */
function clicks(
  responseBase: string,
  rec: Awaited<ReturnType<typeof firstRecommendation>>,
  counter: { n: number },
): () => SignedRequest {
  return () => {
    counter.n += 1;
    const n = counter.n;
    return signedClick({
      action: {
        type: 'button',
        action_id: ACTION_IDS.acknowledge,
        block_id: rec.blockId,
        value: encodeRecommendationRef(rec),
      },
      // A different user each time: the same user clicking twice within 30 s is a double click.
      user: { id: `U${String(n).padStart(8, '0')}`, username: `user${n}` },
      responseUrl: `${responseBase}/click-${n}`,
      actionTs: `1764585120.${String(n).padStart(6, '0')}`,
      surface: { kind: 'message', channelId: 'C0OPS', messageTs: '1764930000.000100' },
    });
  };
}

export async function benchMemory(ctx: BenchContext): Promise<MemoryResult> {
  const runs: MemoryRun[] = [];
  for (let i = 1; i <= RUNS; i++) {
    ctx.log(`  memory run ${i} of ${RUNS}`);
    runs.push(await oneRun(ctx));
  }
  return {
    runs,
    growthPer10kMb: runs.map((r) => {
      const commands = (r.points.at(-1)?.commands ?? 0) - (r.points[1]?.commands ?? 0);
      return commands === 0 ? Number.NaN : (r.growthMb * 10_000) / commands;
    }),
  };
}

async function oneRun(ctx: BenchContext): Promise<MemoryRun> {
  const where = placement();
  const scale = ctx.quick ? 0.1 : 1;
  const steps = 5;
  const commandsPerStep = Math.round((10_000 * scale) / steps);
  const clicksPerStep = Math.round((1_000 * scale) / steps);
  const slack = await spawnChild(join(ROOT, 'bench/servers/fake-slack-server.ts'), {
    ...(where.helpers === undefined ? {} : { cpus: where.helpers }),
  });
  const responseBase = `${String(slack.info.url)}/response`;
  const port = await freePort();
  const workspace = await botWorkspace({
    configYaml: METRICS_YAML,
    apiUrl: String(slack.info.apiUrl),
    port,
    motoUrl: ctx.emulators.motoUrl,
  });
  const bot = await spawnChild(join(ROOT, 'bench/servers/bot-process.mjs'), {
    ...(where.server === undefined ? {} : { cpus: where.server }),
    env: workspace.env,
    nodeFlags: ['--expose-gc'],
  });
  const url = `http://127.0.0.1:${port}/slack/events`;
  const unpin = pinSelf(where.helpers);
  const points: MemoryPoint[] = [];
  let commandsSent = 0;
  let clicksSent = 0;
  let answers = 0;
  const clickCounter = { n: 0 };
  const measure = async (label: string) => {
    await bot.call('idle');
    answers += (await slack.call<ResponseSummary>('summary')).posts;
    await slack.call('reset');
    // RSS after a GC still moves by tens of MB as V8 and malloc hand pages back (or not): take
    // the median of several samples, each after a full GC, a settle interval apart.
    const samples: Usage[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_INTERVAL_MS));
      samples.push(await bot.call<Usage>('memory', { collect: true }));
    }
    const mid = (pick: (u: Usage) => number) => median(samples.map(pick)) / MB;
    const point = {
      label,
      commands: commandsSent,
      clicks: clicksSent,
      rssMb: mid((u) => u.rss),
      rssMinMb: Math.min(...samples.map((u) => u.rss)) / MB,
      rssMaxMb: Math.max(...samples.map((u) => u.rss)) / MB,
      heapUsedMb: mid((u) => u.heapUsed),
      heapTotalMb: mid((u) => u.heapTotal),
      externalMb: mid((u) => u.external),
    };
    points.push(point);
    ctx.log(
      `  memory ${label}: RSS ${point.rssMb.toFixed(1)} MB (${point.rssMinMb.toFixed(1)}-${point.rssMaxMb.toFixed(1)}), heap ${point.heapUsedMb.toFixed(1)} of ${point.heapTotalMb.toFixed(1)} MB, external ${point.externalMb.toFixed(1)} MB`,
    );
  };
  const send = async (commandCount: number, clickCount: number, label: string) => {
    const commands = slashCommands(responseBase, `mem-${label}`);
    const sent = await runLoad({
      url,
      connections: CONNECTIONS,
      durationSeconds: 600,
      amount: commandCount,
      next: commands.next,
    });
    commandsSent += commandCount;
    answers += sent.answeredInAck;
    // A fresh review to click on, from the command just answered.
    await bot.call('idle');
    const rec = await firstRecommendation(slack, `mem-${label}-1`);
    const next = clicks(responseBase, rec, clickCounter);
    await runLoad({
      url,
      connections: CONNECTIONS,
      durationSeconds: 600,
      amount: clickCount,
      next,
    });
    clicksSent += clickCount;
  };
  try {
    await measure('after start-up');
    // Warm-up: as much as one step (the allocator and V8 reach their high-water mark in it).
    const warmCommands = commandsPerStep;
    const warmClicks = clicksPerStep;
    await send(warmCommands, warmClicks, 'warmup');
    await measure(`warm (${warmCommands} commands, ${warmClicks} clicks)`);
    for (let i = 1; i <= steps; i++) {
      await send(commandsPerStep, clicksPerStep, `step${i}`);
      await measure(`+${commandsSent - warmCommands} commands, +${clicksSent - warmClicks} clicks`);
    }
  } finally {
    unpin();
    await Promise.all([bot.stop(), slack.stop()]);
    await workspace.remove();
  }
  const startup = points[0]?.rssMb ?? Number.NaN;
  const warm = points[1]?.rssMb ?? Number.NaN;
  const final = points.at(-1)?.rssMb ?? Number.NaN;
  return {
    points,
    startupRssMb: startup,
    warmRssMb: warm,
    finalRssMb: final,
    growthMb: final - warm,
    heapGrowthMb: (points.at(-1)?.heapUsedMb ?? Number.NaN) - (points[1]?.heapUsedMb ?? Number.NaN),
    answers,
    answersExpected: commandsSent + clicksSent,
  };
}
