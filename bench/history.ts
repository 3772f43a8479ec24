import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { AppDeps } from '../src/app/deps.js';
import { observe, recordReview } from '../src/app/observe-and-record.js';
import { startBot } from '../src/bootstrap/start-bot.js';
import type { MetricsSnapshot } from '../src/domain/metrics.js';
import type { MetricsResult } from '../src/metrics/port.js';
import { staticMetrics } from '../test/digest/digest-harness.js';
import { dropDatabase, withDatabase } from '../test/store/mongo-harness.js';
import { freePort, TEST_BOT_TOKEN, waitFor } from '../test/support/bot-harness.js';
import { FakeSlack } from '../test/support/fake-slack.js';
import {
  postSigned,
  slashCommandBody,
  TEST_SIGNING_SECRET,
} from '../test/support/slack-request.js';
import type { BenchContext } from './lib/context.js';
import { median, percentile } from './lib/stats.js';
import { isIndicators } from './servers/indicators.js';

/**
 * History scaling (issue 10): the warm `/scale status` answer with 2 and with 1,000 prior statuses
 * of the team, in the same review period and spread over the past year, on the embedded store and
 * on FerretDB. The prior statuses are made by the status path itself (observe + recordReview, each
 * with other metrics so that each one writes), at the right times; then a warm answer (metrics in
 * memory) is timed from the signed request to the response_url post. Target: the answer with 1,000
 * priors within 1.1× of the answer with 2.
 */

export type StoreKind = 'embedded' | 'ferretdb';
export type Spread = 'same period' | 'past periods';

export interface HistoryCase {
  store: StoreKind;
  priors: number;
  spread: Spread;
  p50Ms: number;
  p95Ms: number;
}

export interface HistoryResult {
  samples: number;
  cases: HistoryCase[];
  /** p50 with 1,000 priors over p50 with 2, per store and spread (the 1.1× target). */
  ratios: { store: StoreKind; spread: Spread; ratio: number }[];
}

const WEEK_MS = 7 * 86_400_000;
const NOW = new Date('2026-12-01T09:00:00Z');
const BASE: MetricsSnapshot = {
  cpuPercent: 62,
  memoryPercent: 58,
  dbConnections: 40,
  dbMaxConnections: 100,
  responseTimeP95Ms: 320,
  errorRatePercent: 0.2,
  dbSizeMb: 3000,
  conversationsPerMonth: 3200,
};

const discard = new Writable({
  write(_chunk, _encoding, done) {
    done();
  },
});

function result(snapshot: MetricsSnapshot): MetricsResult {
  return {
    snapshot,
    series: {},
    quality: [],
    source: { kind: 'file', description: 'bench snapshot', apiCalls: 0, metricsRequested: 0 },
    notes: [],
  };
}

/** `count` statuses of the team made by the status path, in this period or over the past year. */
async function seed(deps: AppDeps, teamId: string, count: number, spread: Spread) {
  for (let i = 0; i < count; i += 1) {
    const weeksBack = spread === 'same period' ? 0 : 1 + (i % 52);
    const now = new Date(NOW.getTime() - weeksBack * WEEK_MS - (i % 5) * 3_600_000);
    const metrics = result({ ...BASE, cpuPercent: 40 + (i % 30), dbSizeMb: 2000 + i });
    const observed = await observe(deps, { teamId, now, metrics, requestedBy: 'slack' });
    await recordReview(deps, observed, {
      channelId: null,
      view: { kind: 'status', weekLabel: 'bench', sourceLine: 'bench seed' },
      now,
    });
  }
}

async function oneStore(ctx: BenchContext, store: StoreKind, samples: number, rounds: number) {
  const slack = new FakeSlack();
  const { apiUrl } = await slack.start();
  const dir = await mkdtemp(join(tmpdir(), 'scale-review-bench-history-'));
  const database = `scale_review_bench_history_${Date.now()}`;
  const port = await freePort();
  const bot = await startBot({
    env: {
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: apiUrl,
      PORT: String(port),
      DATA_DIR: join(dir, 'data'),
      LOG_LEVEL: 'warn',
      ...(store === 'ferretdb'
        ? { MONGODB_URL: withDatabase(ctx.emulators.mongodbUrl, database) }
        : {}),
    },
    cwd: dir,
    logDestination: discard,
    overrides: { metrics: staticMetrics(BASE), host: '127.0.0.1', clock: () => NOW },
  });
  const url = `http://127.0.0.1:${port}/slack/events`;
  let seq = 0;
  const answer = async (team: string) => {
    seq += 1;
    const id = `history-${seq}`;
    const sent = performance.now();
    const response = await postSigned(
      url,
      slashCommandBody({ text: 'status', team_id: team, response_url: slack.responseUrl(id) }),
    );
    await response.body?.cancel();
    const reply = await waitFor(() => slack.responses(id)[0], 15_000);
    if (!isIndicators(reply.payload)) throw new Error('the answer is not the Scaling Indicators');
    return performance.now() - sent;
  };
  const shapes = (['same period', 'past periods'] as const).flatMap((spread) =>
    [2, 1000].map((priors) => ({
      spread,
      priors,
      team: `T0HIST${store === 'ferretdb' ? 'F' : 'E'}${spread === 'same period' ? 'S' : 'P'}${priors}`,
    })),
  );
  const cases: HistoryCase[] = [];
  try {
    await answer('T0HISTWARMUP');
    for (const shape of shapes) {
      await seed(bot.deps, shape.team, shape.priors, shape.spread);
      await answer(shape.team); // the first answer of these metrics writes; the rest are warm
    }
    // The cases alternate within each round, so machine noise falls on all of them alike.
    const perRound = shapes.map(() => [] as { p50: number; p95: number }[]);
    for (let r = 0; r < rounds; r += 1) {
      for (const [i, shape] of shapes.entries()) {
        const times: number[] = [];
        for (let k = 0; k < samples; k += 1) times.push(await answer(shape.team));
        perRound[i]?.push({ p50: percentile(times, 50), p95: percentile(times, 95) });
      }
    }
    for (const [i, shape] of shapes.entries()) {
      const runs = perRound[i] ?? [];
      const c: HistoryCase = {
        store,
        priors: shape.priors,
        spread: shape.spread,
        p50Ms: median(runs.map((x) => x.p50)),
        p95Ms: median(runs.map((x) => x.p95)),
      };
      cases.push(c);
      ctx.log(
        `  history ${store}, ${c.priors} prior statuses (${c.spread}): warm p50 ${c.p50Ms.toFixed(1)} ms, p95 ${c.p95Ms.toFixed(1)} ms`,
      );
    }
  } finally {
    await bot.stop();
    await slack.close();
    if (store === 'ferretdb') await dropDatabase(ctx.emulators.mongodbUrl, database);
    await rm(dir, { recursive: true, force: true });
  }
  return cases;
}

export async function benchHistory(ctx: BenchContext): Promise<HistoryResult> {
  const samples = ctx.quick ? 10 : 30;
  const rounds = ctx.quick ? 1 : ctx.rounds;
  const cases = [
    ...(await oneStore(ctx, 'embedded', samples, rounds)),
    ...(await oneStore(ctx, 'ferretdb', samples, rounds)),
  ];
  const ratios = cases
    .filter((c) => c.priors === 1000)
    .map((c) => {
      const small = cases.find(
        (x) => x.store === c.store && x.spread === c.spread && x.priors === 2,
      );
      return { store: c.store, spread: c.spread, ratio: small ? c.p50Ms / small.p50Ms : 0 };
    });
  return { samples, cases, ratios };
}
