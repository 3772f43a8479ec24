import { join } from 'node:path';
import { freePort } from '../test/support/bot-harness.js';
import { compareAcrossExpiry, type ExpiryComparison } from './ack-expiry.js';
import { benchCacheWaits, type CacheWaitResult } from './cache-wait.js';
import { botWorkspace } from './lib/bot-env.js';
import type { BenchContext } from './lib/context.js';
import { pinSelf, placement } from './lib/cpus.js';
import { type LoadResult, runLoad } from './lib/load.js';
import { type Child, ROOT, spawnChild } from './lib/rpc.js';
import { METRICS_YAML } from './lib/services.js';
import { slashCommands } from './lib/slack-requests.js';
import { medianOf, ratio } from './lib/stats.js';
import type { ResponseSummary } from './servers/fake-slack-server.js';

/**
 * 1. Ack path: signed `/scale status` against the bot in HTTP mode and against a bare Bolt app
 * whose handler only acks, same load generator, same connections, same core.
 *
 * The bot answers a status whose shared answer is in memory in the ack itself, and any other
 * after its ack (CloudWatch through its cache, the store, the response_url post to the fake
 * Slack). So that this work cannot hide behind the ack figure, each bot round also counts the
 * answers (in acks and posted) during the round and the time to post the rest.
 */

export interface BotRoundExtras {
  /** Answers (full Scaling Indicators) in the acks, or received by the fake Slack during the round. */
  answeredInRound: number;
  /** Of those, the answers sent in the ack itself (no response_url POST). */
  answeredInAckShare: number;
  answeredPerSecond: number;
  /** Acked commands still unanswered at the end of the round. */
  backlogAtEnd: number;
  /** Time from the end of the round until every answer had been posted. */
  drainMs: number;
  /** Acked (2xx) commands whose answer never came. */
  missingAnswers: number;
}

export type Round = LoadResult & Partial<BotRoundExtras>;

export interface AckComparison {
  offeredRate: number | null;
  bare: LoadResult;
  bot: LoadResult & BotRoundExtras;
  rounds: { bare: LoadResult[]; bot: Round[] };
  /** bot / bare. */
  throughputRatio: number;
  p50Ratio: number;
  p99Ratio: number;
}

export interface AckPathResult {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  placement: string;
  saturated: AckComparison;
  /** Both servers offered the same rate, FIXED_RATE commands a second (the latency at a load). */
  fixedRate: AckComparison;
  /** FIXED_RATE again, with a cache TTL so short that every round spans cache expiries. */
  acrossExpiry: ExpiryComparison;
  /** In-process: how long a fetch waits for the metrics across expiries, with and without stale serving. */
  cacheWaits: CacheWaitResult[];
  cpuProfile: string | null;
}

export interface Target {
  /** `bare` is the bare Bolt app; any other name is a Scale Review bot (its answers are counted). */
  name: string;
  child: Child;
  url: string;
}

const CONNECTIONS = 50;
/** Far more than a workspace sends, and below what the bot sustains: latency at a load it carries. */
export const FIXED_RATE = 100;

export async function round(
  target: Target,
  slack: Child,
  responseBase: string,
  load: { seconds: number; rate?: number },
  label: string,
): Promise<Round> {
  await slack.call('reset');
  const commands = slashCommands(responseBase, `${target.name}-${label}`);
  const result = await runLoad({
    url: target.url,
    connections: CONNECTIONS,
    durationSeconds: load.seconds,
    ...(load.rate === undefined ? {} : { overallRate: load.rate }),
    next: commands.next,
  });
  if (target.name === 'bare') return result;
  const atEnd = await slack.call<ResponseSummary>('summary');
  const drainStart = performance.now();
  await target.child.call('idle');
  const drainMs = performance.now() - drainStart;
  const total = await slack.call<ResponseSummary>('summary');
  const inRound = atEnd.indicators + result.answeredInAck;
  return {
    ...result,
    answeredInRound: inRound,
    answeredInAckShare: result.requests === 0 ? 0 : result.answeredInAck / result.requests,
    answeredPerSecond: inRound / result.seconds,
    backlogAtEnd: Math.max(0, result.requests - inRound),
    drainMs,
    missingAnswers: Math.max(0, result.requests - total.indicators - result.answeredInAck),
  };
}

async function compare(
  targets: Target[],
  slack: Child,
  responseBase: string,
  ctx: BenchContext,
  load: { seconds: number; rate?: number },
  label: string,
): Promise<AckComparison> {
  const rounds: { bare: LoadResult[]; bot: Round[] } = { bare: [], bot: [] };
  const bucket = (name: string) => (name === 'bare' ? rounds.bare : rounds.bot);
  for (let i = 1; i <= ctx.rounds; i++) {
    // Alternate which server goes first, so slow drift (thermal, page cache) hits both alike.
    const order = i % 2 === 1 ? targets : [...targets].reverse();
    for (const target of order) {
      const r = await round(target, slack, responseBase, load, `${label}${i}`);
      bucket(target.name).push(r);
      ctx.log(
        `  ${label} round ${i} ${target.name}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms` +
          (r.drainMs === undefined
            ? ''
            : `, answered ${r.answeredPerSecond?.toFixed(0)}/s, drain ${r.drainMs.toFixed(0)} ms`),
      );
    }
  }
  const bare = medianOf(
    rounds.bare as unknown as Record<string, number>[],
  ) as unknown as LoadResult;
  const bot = medianOf(rounds.bot as unknown as Record<string, number>[]) as unknown as LoadResult &
    BotRoundExtras;
  return {
    offeredRate: load.rate ?? null,
    bare,
    bot,
    rounds,
    throughputRatio: ratio(bot.rps, bare.rps),
    p50Ratio: ratio(bot.p50Ms, bare.p50Ms),
    p99Ratio: ratio(bot.p99Ms, bare.p99Ms),
  };
}

export interface AckPathOptions {
  /** Run the bot under --cpu-prof and write the profile to the results directory. */
  profile: boolean;
}

export async function benchAckPath(
  ctx: BenchContext,
  options: AckPathOptions,
): Promise<AckPathResult> {
  const where = placement();
  const seconds = ctx.quick ? 2 : 5;
  const warmupSeconds = ctx.quick ? 1 : 3;
  const slack = await spawnChild(join(ROOT, 'bench/servers/fake-slack-server.ts'), {
    ...(where.helpers === undefined ? {} : { cpus: where.helpers }),
  });
  const responseBase = `${String(slack.info.url)}/response`;
  const barePort = await freePort();
  const botPort = await freePort();
  const workspace = await botWorkspace({
    configYaml: METRICS_YAML,
    apiUrl: String(slack.info.apiUrl),
    port: botPort,
    motoUrl: ctx.emulators.motoUrl,
  });
  const profileDir = join(ctx.resultsDir, 'profiles');
  const server = where.server === undefined ? {} : { cpus: where.server };
  const bare = await spawnChild(join(ROOT, 'bench/servers/bare-bolt.mjs'), {
    ...server,
    env: { ...workspace.env, PORT: String(barePort) },
  });
  const bot = await spawnChild(join(ROOT, 'bench/servers/bot-process.mjs'), {
    ...server,
    env: workspace.env,
    ...(options.profile ? { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : {}),
  });
  const targets: Target[] = [
    { name: 'bare', child: bare, url: `http://127.0.0.1:${barePort}/slack/events` },
    { name: 'bot', child: bot, url: `http://127.0.0.1:${botPort}/slack/events` },
  ];
  const unpin = pinSelf(where.helpers);
  try {
    ctx.log(`ack path: ${where.describe}; warm-up ${warmupSeconds} s each`);
    for (const target of targets)
      await round(target, slack, responseBase, { seconds: warmupSeconds }, 'warmup');
    const saturated = await compare(targets, slack, responseBase, ctx, { seconds }, 'max');
    const rate = FIXED_RATE;
    const fixedRate = await compare(
      targets,
      slack,
      responseBase,
      ctx,
      { seconds, rate },
      `${rate}/s`,
    );
    const acrossExpiry = await compareAcrossExpiry(ctx, {
      slack,
      responseBase,
      bare: targets[0] as Target,
      server,
      seconds,
      warmupSeconds,
      apiUrl: String(slack.info.apiUrl),
    });
    const cacheWaits = await benchCacheWaits(ctx);
    return {
      connections: CONNECTIONS,
      durationSeconds: seconds,
      warmupSeconds,
      placement: where.describe,
      saturated,
      fixedRate,
      acrossExpiry,
      cacheWaits,
      cpuProfile: options.profile ? profileDir : null,
    };
  } finally {
    unpin();
    await Promise.all([bare.stop(), bot.stop(), slack.stop()]);
    await workspace.remove();
  }
}
