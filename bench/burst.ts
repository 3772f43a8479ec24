import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { BUSY_MESSAGE } from '../src/slack/ack.js';
import { freePort } from '../test/support/bot-harness.js';
import { botWorkspace } from './lib/bot-env.js';
import { type BurstResult, sendBurst } from './lib/burst.js';
import type { BenchContext } from './lib/context.js';
import { pinSelf, placement } from './lib/cpus.js';
import { type Child, ROOT, spawnChild } from './lib/rpc.js';
import { METRICS_YAML } from './lib/services.js';
import { slashCommands } from './lib/slack-requests.js';
import { medianOf } from './lib/stats.js';
import type { ResponseSummary } from './servers/fake-slack-server.js';

/**
 * 1c. A burst: 2,000 signed `/scale status` issued at one instant, against the bot and against a
 * bare Bolt app (ack only), alternately, on a busy machine: a CPU-bound process shares the server's
 * core for the whole burst. The figure is the ack p99 and the share of commands not acked within
 * Slack's 3 s. For the bot, also how many acks said "busy" and how long the answers took to follow.
 */

export interface BurstRound extends BurstResult {
  /** Bot only: answers (full Scaling Indicators) posted, and when the last one was. */
  answered?: number;
  answersDoneSeconds?: number;
}

export interface BurstComparison {
  bare: BurstRound;
  bot: BurstRound;
  rounds: { bare: BurstRound[]; bot: BurstRound[] };
}

export interface BurstBenchResult extends BurstComparison {
  count: number;
  sources: number;
  socketsPerSource: number;
  placement: string;
  busyMachine: string;
}

const SOURCES = Array.from({ length: 8 }, (_, i) => `127.0.0.${i + 2}`);
const SOCKETS_PER_SOURCE = 32;

/** A process that keeps one core busy (the rest of a shared machine's work). */
function burnCpu(cpus: string | undefined): ChildProcess {
  const args = ['-e', 'for (;;) {}'];
  return cpus === undefined
    ? spawn(process.execPath, args, { stdio: 'ignore' })
    : spawn('taskset', ['-c', cpus, process.execPath, ...args], { stdio: 'ignore' });
}

interface Target {
  name: 'bare' | 'bot';
  child: Child;
  url: string;
}

async function round(
  target: Target,
  slack: Child,
  responseBase: string,
  count: number,
  label: string,
  cpus: string | undefined,
): Promise<BurstRound> {
  await slack.call('reset');
  const commands = slashCommands(responseBase, `${target.name}-${label}`);
  const burner = burnCpu(cpus);
  const started = performance.now();
  try {
    const result = await sendBurst({
      url: target.url,
      count,
      sources: SOURCES,
      socketsPerSource: SOCKETS_PER_SOURCE,
      next: commands.next,
      busyText: BUSY_MESSAGE,
    });
    if (target.name === 'bare') return result;
    await target.child.call('idle');
    const answersDoneSeconds = (performance.now() - started) / 1000;
    const summary = await slack.call<ResponseSummary>('summary');
    return { ...result, answered: summary.indicators + result.answeredInAck, answersDoneSeconds };
  } finally {
    burner.kill('SIGKILL');
  }
}

export async function benchBurst(ctx: BenchContext): Promise<BurstBenchResult> {
  const where = placement();
  const count = ctx.quick ? 500 : 2_000;
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
  const server = where.server === undefined ? {} : { cpus: where.server };
  const bare = await spawnChild(join(ROOT, 'bench/servers/bare-bolt.mjs'), {
    ...server,
    env: { ...workspace.env, PORT: String(barePort) },
  });
  const bot = await spawnChild(join(ROOT, 'bench/servers/bot-process.mjs'), {
    ...server,
    env: workspace.env,
  });
  const targets: Target[] = [
    { name: 'bare', child: bare, url: `http://127.0.0.1:${barePort}/slack/events` },
    { name: 'bot', child: bot, url: `http://127.0.0.1:${botPort}/slack/events` },
  ];
  const unpin = pinSelf(where.helpers);
  try {
    ctx.log(
      `burst: ${count} commands at once, ${where.describe}, a CPU burner on the server's core`,
    );
    for (const target of targets)
      await round(target, slack, responseBase, Math.min(count, 200), 'warmup', where.server);
    const rounds: { bare: BurstRound[]; bot: BurstRound[] } = { bare: [], bot: [] };
    for (let i = 1; i <= ctx.rounds; i++) {
      const order = i % 2 === 1 ? targets : [...targets].reverse();
      for (const target of order) {
        const r = await round(target, slack, responseBase, count, `burst${i}`, where.server);
        rounds[target.name].push(r);
        ctx.log(
          `  burst round ${i} ${target.name}: p50 ${r.p50Ms.toFixed(0)} ms, p99 ${r.p99Ms.toFixed(0)} ms, ` +
            `over 3 s ${(r.over3sShare * 100).toFixed(2)}%` +
            (r.answered === undefined
              ? ''
              : `, busy ${r.busy}, answered ${r.answered} by ${r.answersDoneSeconds?.toFixed(1)} s`),
        );
      }
    }
    const median = (list: BurstRound[]) =>
      medianOf(list as unknown as Record<string, number>[]) as unknown as BurstRound;
    return {
      count,
      sources: SOURCES.length,
      socketsPerSource: SOCKETS_PER_SOURCE,
      placement: where.describe,
      busyMachine: `a CPU-bound process on CPU ${where.server ?? 'any'} during each burst`,
      bare: median(rounds.bare),
      bot: median(rounds.bot),
      rounds,
    };
  } finally {
    unpin();
    await Promise.all([bare.stop(), bot.stop(), slack.stop()]);
    await workspace.remove();
  }
}
