import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse as parseYaml } from 'yaml';
import { startBot } from '../src/bootstrap/start-bot.js';
import { parseMetricsConfig } from '../src/metrics/config.js';
import { createMetricsSource } from '../src/metrics/create-source.js';
import { newCallLog, testClientFactory } from '../test/metrics/support/moto.js';
import { dropDatabase, withDatabase } from '../test/store/mongo-harness.js';
import { freePort, TEST_BOT_TOKEN, waitFor } from '../test/support/bot-harness.js';
import { FakeSlack } from '../test/support/fake-slack.js';
import {
  postSigned,
  slashCommandBody,
  TEST_SIGNING_SECRET,
} from '../test/support/slack-request.js';
import type { BenchContext } from './lib/context.js';
import { capturedLogger } from './lib/quiet-logger.js';
import { METRICS_YAML, MOTO_DEFAULT_ACCOUNT, REGION } from './lib/services.js';
import { median, percentile } from './lib/stats.js';
import { isIndicators } from './servers/indicators.js';

/**
 * 2. Full answer: from sending a signed `/scale status` to the fake Slack receiving the
 * response_url post that carries the full Scaling Indicators, with moto as CloudWatch and FerretDB
 * as the store. Cold: the metrics cache has expired (its clock is moved past the TTL), so the
 * answer waits for GetMetricData; warm: the cache answers, and the shared answer goes in the
 * ack itself (then the answer time is the ack's). Requests are sent one at a time.
 */

export interface AnswerStats {
  p50Ms: number;
  p95Ms: number;
  /** GetMetricData calls per answer. */
  callsPerAnswer: number;
  /** Share of the answers sent in the ack itself (no response_url POST). */
  inAckShare: number;
}

export interface FullAnswerRound {
  /** Reviews already stored when the round began (each answer stores one). */
  reviewsAtStart: number;
  cold: AnswerStats;
  warm: AnswerStats;
  /** The ack (HTTP 200) of the same requests, for reference. */
  ackP50Ms: number;
}

export interface FullAnswerResult {
  samplesPerRound: number;
  cacheTtlSeconds: number;
  rounds: FullAnswerRound[];
  median: { cold: AnswerStats; warm: AnswerStats; ackP50Ms: number };
  getMetricDataCalls: number;
  answers: number;
}

/** Milliseconds since the epoch with sub-millisecond resolution (the fake Slack's clock too). */
const preciseNow = () => performance.timeOrigin + performance.now();

const discard = new Writable({
  write(_chunk, _encoding, done) {
    done();
  },
});

type Sample = { ms: number; calls: number; inAck: number };

function stats(samples: readonly Sample[]): AnswerStats {
  const ms = samples.map((s) => s.ms);
  return {
    p50Ms: percentile(ms, 50),
    p95Ms: percentile(ms, 95),
    callsPerAnswer: samples.reduce((sum, s) => sum + s.calls, 0) / samples.length,
    inAckShare: samples.reduce((sum, s) => sum + s.inAck, 0) / samples.length,
  };
}

export async function benchFullAnswer(ctx: BenchContext): Promise<FullAnswerResult> {
  const samples = ctx.quick ? 5 : 20;
  const slack = new FakeSlack({ clock: preciseNow });
  const { apiUrl } = await slack.start();
  const dir = await mkdtemp(join(tmpdir(), 'scale-review-bench-answer-'));
  const configPath = join(dir, 'scale-review.yml');
  await writeFile(configPath, METRICS_YAML);
  const database = `scale_review_bench_answer_${Date.now()}`;
  const port = await freePort();
  const calls = newCallLog();
  const config = parseMetricsConfig((parseYaml(METRICS_YAML) as { metrics: unknown }).metrics);
  let cacheClockOffsetMs = 0;
  const metrics = createMetricsSource(config, {
    logger: capturedLogger('warn').logger,
    region: REGION,
    now: () => new Date(Date.now() + cacheClockOffsetMs),
    createCloudWatchClient: testClientFactory({
      endpoint: ctx.emulators.motoUrl,
      account: MOTO_DEFAULT_ACCOUNT,
      calls,
    }),
  });
  const bot = await startBot({
    env: {
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: apiUrl,
      PORT: String(port),
      DATA_DIR: join(dir, 'data'),
      SCALE_REVIEW_CONFIG: configPath,
      MONGODB_URL: withDatabase(ctx.emulators.mongodbUrl, database),
      LOG_LEVEL: 'info',
    },
    cwd: dir,
    logDestination: discard,
    overrides: { metrics, host: '127.0.0.1' },
  });
  const url = `http://127.0.0.1:${port}/slack/events`;
  let seq = 0;
  const answer = async (team: string, cold: boolean) => {
    if (cold) cacheClockOffsetMs += (config.cacheTtlSeconds + 1) * 1000;
    seq += 1;
    const id = `answer-${seq}`;
    const body = slashCommandBody({
      text: 'status',
      team_id: team,
      response_url: slack.responseUrl(id),
    });
    const before = calls.getMetricData;
    const sent = preciseNow();
    const response = await postSigned(url, body);
    const text = await response.text();
    const acked = preciseNow();
    if (response.status !== 200) throw new Error(`/scale status answered HTTP ${response.status}`);
    const calls1 = calls.getMetricData - before;
    // A warm answer comes in the ack itself: the answer is the HTTP 200.
    if (text.length > 0 && isIndicators(JSON.parse(text))) {
      return { ms: acked - sent, ackMs: acked - sent, calls: calls1, inAck: 1 };
    }
    const reply = await waitFor(() => slack.responses(id)[0], 15_000);
    if (!isIndicators(reply.payload)) {
      throw new Error(
        `the answer is not the Scaling Indicators: ${JSON.stringify(reply.payload).slice(0, 300)}`,
      );
    }
    return { ms: reply.at - sent, ackMs: acked - sent, calls: calls1, inAck: 0 };
  };
  const rounds: FullAnswerRound[] = [];
  try {
    await answer('T0WARMUP', true);
    await answer('T0WARMUP', false);
    for (let r = 1; r <= ctx.rounds; r++) {
      const team = `T0ANSWER${r}`;
      const reviewsAtStart = seq;
      const cold: Sample[] = [];
      const warm: Sample[] = [];
      const acks: number[] = [];
      for (let i = 0; i < samples; i++) {
        const c = await answer(team, true);
        const w = await answer(team, false);
        cold.push(c);
        warm.push(w);
        acks.push(c.ackMs, w.ackMs);
      }
      const result = {
        reviewsAtStart,
        cold: stats(cold),
        warm: stats(warm),
        ackP50Ms: percentile(acks, 50),
      };
      rounds.push(result);
      ctx.log(
        `  answer round ${r} (${reviewsAtStart} reviews stored): cold p50 ${result.cold.p50Ms.toFixed(0)} ms p95 ${result.cold.p95Ms.toFixed(0)} ms (${result.cold.callsPerAnswer} calls each), warm p50 ${result.warm.p50Ms.toFixed(0)} ms p95 ${result.warm.p95Ms.toFixed(0)} ms (${result.warm.callsPerAnswer} calls)`,
      );
    }
  } finally {
    await bot.stop();
    await slack.close();
    await dropDatabase(ctx.emulators.mongodbUrl, database);
    await rm(dir, { recursive: true, force: true });
  }
  const pick = (f: (r: FullAnswerRound) => number) => median(rounds.map(f));
  return {
    samplesPerRound: samples,
    cacheTtlSeconds: config.cacheTtlSeconds,
    rounds,
    median: {
      cold: {
        p50Ms: pick((r) => r.cold.p50Ms),
        p95Ms: pick((r) => r.cold.p95Ms),
        callsPerAnswer: pick((r) => r.cold.callsPerAnswer),
        inAckShare: pick((r) => r.cold.inAckShare),
      },
      warm: {
        p50Ms: pick((r) => r.warm.p50Ms),
        p95Ms: pick((r) => r.warm.p95Ms),
        callsPerAnswer: pick((r) => r.warm.callsPerAnswer),
        inAckShare: pick((r) => r.warm.inAckShare),
      },
      ackP50Ms: pick((r) => r.ackP50Ms),
    },
    getMetricDataCalls: calls.getMetricData,
    answers: seq,
  };
}
