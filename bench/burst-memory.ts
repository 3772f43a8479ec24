import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startMoto } from '../test/setup/moto.js';
import { freePort } from '../test/support/bot-harness.js';
import { botWorkspace } from './lib/bot-env.js';
import { sendBurst } from './lib/burst.js';
import { placement } from './lib/cpus.js';
import { heapGrowth, summarizeHeap } from './lib/heap-summary.js';
import { type Child, ROOT, spawnChild } from './lib/rpc.js';
import { METRICS_YAML, MOTO_DEFAULT_ACCOUNT, seedBusyWeek } from './lib/services.js';
import { slashCommands } from './lib/slack-requests.js';

/**
 * What a burst of 2,000 signed `/scale status` leaves in the bot's memory (issue 21): the built bot
 * as a process of its own (`--expose-gc`, pinned like the burst bench), CloudWatch as moto, the
 * embedded store, a CPU burner on the bot's core during each burst. `process.memoryUsage()` and
 * V8's heap spaces are read before the burst, the moment its answers are out (no GC), after a
 * forced GC, and after 1, 5, 10 and 30 s idle (each after a GC). With `--snapshots`, heap
 * snapshots before and after are compared by kind of object. Figures, not pass/fail:
 *
 *   npm run build && node --import ./test/store/support/register-ts.mjs bench/burst-memory.ts \
 *     [--rounds 3] [--snapshots]
 *
 * Writing a heap snapshot leaves a few hundred MB of the writer's native memory with malloc, in
 * the RSS; with --snapshots the RSS after the first one is not comparable (the heap figures are).
 */

const MB = 1024 * 1024;
const COMMANDS = 2_000;
const SOURCES = Array.from({ length: 8 }, (_, i) => `127.0.0.${i + 2}`);
/** As the burst bench warms up its bot. */
const WARMUP = 200;
/** Readings after each burst, at these seconds idle (each after a GC). */
const IDLE_SECONDS = [1, 5, 10, 30, 60];
const SETTLE_MS = 10_000;

interface Usage {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

interface Space {
  name: string;
  size: number;
  used: number;
}

const mb = (bytes: number) => (bytes / MB).toFixed(1).padStart(6);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function options() {
  const { values } = parseArgs({
    options: { rounds: { type: 'string', default: '1' }, snapshots: { type: 'boolean' } },
  });
  return { rounds: Number(values.rounds), snapshots: values.snapshots === true };
}

async function reading(bot: Child, label: string, collect: boolean): Promise<Usage> {
  const u = await bot.call<Usage>('memory', { collect });
  const spaces = await bot.call<Space[]>('heapSpaces');
  const held = await bot.call<Record<string, number>>('holding');
  const space = (name: string) => {
    const s = spaces.find((x) => x.name === `${name}_space`);
    return `${name} ${mb(s?.used ?? 0)}/${mb(s?.size ?? 0)}`;
  };
  const native = u.rss - u.heapTotal - u.external;
  process.stdout.write(
    `${label.padEnd(30)} rss ${mb(u.rss)}  heapUsed ${mb(u.heapUsed)}  heapTotal ${mb(u.heapTotal)}  ` +
      `external ${mb(u.external)} (arrayBuffers ${mb(u.arrayBuffers)})  rss-heap-external ${mb(native)}  ` +
      `[${['new', 'old', 'large_object'].map(space).join(', ')}]  queued ${held.queued} tracked ${held.tracked}\n`,
  );
  return u;
}

async function burst(
  bot: Child,
  url: string,
  responseBase: string,
  count: number,
  label: string,
  cpu?: string,
) {
  const burner: ChildProcess =
    cpu === undefined
      ? spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' })
      : spawn('taskset', ['-c', cpu, process.execPath, '-e', 'for (;;) {}'], { stdio: 'ignore' });
  try {
    const commands = slashCommands(responseBase, label);
    const sent = await sendBurst({
      url,
      count,
      sources: SOURCES,
      socketsPerSource: 32,
      next: commands.next,
    });
    await bot.call('idle');
    return sent;
  } finally {
    burner.kill('SIGKILL');
  }
}

async function main(): Promise<void> {
  const opts = options();
  const where = placement();
  const snapshots = await mkdtemp(join(tmpdir(), 'scale-review-heap-'));
  const moto = await startMoto();
  await seedBusyWeek(moto.url, MOTO_DEFAULT_ACCOUNT, new Date());
  const slack = await spawnChild(join(ROOT, 'bench/servers/fake-slack-server.ts'), {
    ...(where.helpers === undefined ? {} : { cpus: where.helpers }),
  });
  const port = await freePort();
  const workspace = await botWorkspace({
    configYaml: METRICS_YAML,
    apiUrl: String(slack.info.apiUrl),
    port,
    motoUrl: moto.url,
  });
  const bot = await spawnChild(join(ROOT, 'bench/servers/bot-process.mjs'), {
    ...(where.server === undefined ? {} : { cpus: where.server }),
    env: workspace.env,
    nodeFlags: ['--expose-gc'],
  });
  const url = `http://127.0.0.1:${port}/slack/events`;
  const responseBase = `${String(slack.info.url)}/response`;
  try {
    process.stdout.write(`burst memory: ${COMMANDS} commands a burst, ${where.describe}\n`);
    await burst(bot, url, responseBase, WARMUP, 'warmup', where.server);
    await slack.call('reset');
    // Settled: V8 gives back what the warm-up grew (its memory reducer runs a few seconds idle)
    await sleep(SETTLE_MS);
    const before = await reading(bot, 'before (warm, GC)', true);
    if (opts.snapshots) await bot.call('heapSnapshot', join(snapshots, 'before.heapsnapshot'));
    let last = before;
    for (let round = 1; round <= opts.rounds; round++) {
      const sent = await burst(bot, url, responseBase, COMMANDS, `burst${round}`, where.server);
      process.stdout.write(
        `burst ${round}: ${sent.acked} acked, p99 ${sent.p99Ms.toFixed(0)} ms\n`,
      );
      await reading(bot, `burst ${round}: answers out`, false);
      await reading(bot, `burst ${round}: after a GC`, true);
      await slack.call('reset');
      let idle = 0;
      for (const seconds of IDLE_SECONDS) {
        await sleep((seconds - idle) * 1000);
        idle = seconds;
        last = await reading(bot, `  +${seconds} s idle, GC`, true);
      }
    }
    process.stdout.write(
      `kept: rss ${mb(last.rss - before.rss)} MB, heapUsed ${mb(last.heapUsed - before.heapUsed)} MB, heapTotal ${mb(last.heapTotal - before.heapTotal)} MB\n`,
    );
    if (opts.snapshots) {
      await bot.call('heapSnapshot', join(snapshots, 'after.heapsnapshot'));
      const [a, b] = await Promise.all(
        ['before', 'after'].map((s) => summarizeHeap(join(snapshots, `${s}.heapsnapshot`))),
      );
      if (a === undefined || b === undefined) return;
      process.stdout.write(
        `heap snapshots: ${a.nodes} nodes, ${mb(a.bytes)} MB before; ${b.nodes} nodes, ${mb(b.bytes)} MB after\n`,
      );
      for (const k of heapGrowth(a, b)) {
        process.stdout.write(
          `  ${k.kind.padEnd(40)} ${k.count >= 0 ? '+' : ''}${k.count} nodes, ${(k.bytes / 1024).toFixed(1)} KB\n`,
        );
      }
    }
  } finally {
    await Promise.all([bot.stop(), slack.stop(), moto.stop()]);
    await workspace.remove();
    await rm(snapshots, { recursive: true, force: true });
  }
}

await main();
