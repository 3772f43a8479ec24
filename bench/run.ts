import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type AckPathResult, benchAckPath } from './ack-path.js';
import { type BurstBenchResult, benchBurst } from './burst.js';
import { benchCloudWatchCost, type CloudWatchCostResult } from './cloudwatch-cost.js';
import { benchDigestFanout, type DigestFanoutResult } from './digest-fanout.js';
import { benchFullAnswer, type FullAnswerResult } from './full-answer.js';
import { benchHistory, type HistoryResult } from './history.js';
import type { BenchContext } from './lib/context.js';
import { placement } from './lib/cpus.js';
import { describeMachine } from './lib/machine.js';
import { summarizeProfiles } from './lib/profile.js';
import { ROOT } from './lib/rpc.js';
import { startEmulators } from './lib/services.js';
import {
  benchManyWorkspaces,
  WORKSPACES_BACKENDS,
  type WorkspacesResult,
} from './many-workspaces.js';
import { benchMemory, type MemoryResult } from './memory.js';
import { printReport } from './report.js';
import { printTargets } from './targets.js';

/**
 * `npm run bench`: the five benchmarks of issue 7 and the burst of issue 15 in one run, on loopback, against the built bot
 * (npm run build first), moto as CloudWatch and FerretDB as MongoDB. Prints the figures with their
 * ratios and writes the raw results to bench/results/ (git-ignored). Figures, not pass/fail.
 *
 *   npm run bench -- [--quick] [--only ack,burst,answer,history,digest,cloudwatch,memory,workspaces]
 *                    [--rounds N] [--profile] [--digest-yaml 'digest:\n  postsPerSecond: 10\n']
 *                    [--workspaces-backend postgresql|sqlite]
 */

const BENCHES = [
  'ack',
  'burst',
  'answer',
  'history',
  'digest',
  'cloudwatch',
  'memory',
  'workspaces',
] as const;
type Bench = (typeof BENCHES)[number];

/** The digest configuration measured: the defaults, spelled out (4 channels at a time, 20 posts/s). */
export const DIGEST_YAML = 'digest:\n  concurrency: 4\n  postsPerSecond: 20\n';

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  seconds: number;
  quick: boolean;
  rounds: number;
  machine: ReturnType<typeof describeMachine>;
  ack?: AckPathResult;
  burst?: BurstBenchResult;
  answer?: FullAnswerResult;
  history?: HistoryResult;
  digest?: DigestFanoutResult;
  cloudwatch?: CloudWatchCostResult;
  memory?: MemoryResult;
  workspaces?: WorkspacesResult;
  profile?: Awaited<ReturnType<typeof summarizeProfiles>>;
}

function options() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      rounds: { type: 'string' },
      profile: { type: 'boolean', default: false },
      'digest-yaml': { type: 'string' },
      'workspaces-backend': { type: 'string', default: 'postgresql' },
    },
  });
  const only = (values.only?.split(',') ?? [...BENCHES]).map((s) => s.trim());
  for (const name of only) {
    if (!(BENCHES as readonly string[]).includes(name))
      throw new Error(`--only: unknown benchmark ${name} (${BENCHES.join(', ')})`);
  }
  const rounds = Number(values.rounds ?? (values.quick ? 2 : 5));
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds must be a whole number');
  const backend = WORKSPACES_BACKENDS.find((b) => b === values['workspaces-backend']);
  if (backend === undefined)
    throw new Error(`--workspaces-backend: one of ${WORKSPACES_BACKENDS.join(', ')}`);
  return {
    quick: values.quick,
    only: only as Bench[],
    rounds,
    profile: values.profile,
    digestYaml: values['digest-yaml'] ?? DIGEST_YAML,
    workspacesBackend: backend,
  };
}

function build(): void {
  process.stderr.write(
    'bench: npm run build (the measured bot is the built one, as npm start runs it)\n',
  );
  const result = spawnSync('npm', ['run', 'build'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) throw new Error('npm run build failed');
}

async function main(): Promise<void> {
  // This process's own AWS SDK clients (the digest and CloudWatch benchmarks): see FAKE_AWS_ENV.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const opts = options();
  const started = new Date();
  const resultsDir = join(ROOT, 'bench', 'results');
  await mkdir(resultsDir, { recursive: true });
  build();
  const emulators = await startEmulators(placement().helpers);
  const ctx: BenchContext = {
    emulators,
    resultsDir,
    quick: opts.quick,
    rounds: opts.rounds,
    log: (message) => process.stderr.write(`${message}\n`),
  };
  const results: BenchResults = {
    startedAt: started.toISOString(),
    finishedAt: '',
    seconds: 0,
    quick: opts.quick,
    rounds: opts.rounds,
    machine: describeMachine(),
  };
  const run = async <T>(name: Bench, bench: () => Promise<T>): Promise<T | undefined> => {
    if (!opts.only.includes(name)) return undefined;
    const t0 = performance.now();
    ctx.log(`bench: ${name}`);
    const result = await bench();
    ctx.log(`bench: ${name} took ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    return result;
  };
  try {
    results.ack = await run('ack', () => benchAckPath(ctx, { profile: opts.profile }));
    results.burst = await run('burst', () => benchBurst(ctx));
    results.answer = await run('answer', () => benchFullAnswer(ctx));
    results.history = await run('history', () => benchHistory(ctx));
    results.digest = await run('digest', () => benchDigestFanout(ctx, opts.digestYaml));
    results.cloudwatch = await run('cloudwatch', () => benchCloudWatchCost(ctx));
    results.memory = await run('memory', () => benchMemory(ctx));
    results.workspaces = await run('workspaces', () =>
      benchManyWorkspaces(ctx, opts.workspacesBackend),
    );
    if (results.ack?.cpuProfile)
      results.profile = await summarizeProfiles(results.ack.cpuProfile, 25);
  } finally {
    await emulators.stop();
  }
  const finished = new Date();
  results.finishedAt = finished.toISOString();
  results.seconds = (finished.getTime() - started.getTime()) / 1000;
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const json = `${JSON.stringify(results, null, 2)}\n`;
  await writeFile(join(resultsDir, `bench-${stamp}.json`), json);
  await writeFile(join(resultsDir, 'latest.json'), json);
  printReport(results);
  printTargets(results);
  process.stdout.write(`\nraw results: bench/results/bench-${stamp}.json (and latest.json)\n`);
}

await main();
