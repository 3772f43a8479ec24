import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultDigestConfig } from '../../src/digest/config.js';
import { createDigestDeps } from '../../src/digest/create-digest-deps.js';
import type { DigestDeps } from '../../src/digest/digest-deps.js';
import { runDigestTick } from '../../src/digest/run-digest.js';
import { createBoltLogger } from '../../src/slack/bolt-logger.js';
import type { ReviewRecord } from '../../src/store/ports.js';
import { awsError, awsJson, type StubServer, startStub } from '../metrics/support/stub-server.js';
import { onlyReply, visibleText } from '../slack/helpers.js';
import { type BotHarness, startBotHarness, TEST_BOT_TOKEN } from '../support/bot-harness.js';
import { seedDueSubscriptions } from './support/capture.js';
import { HARNESS_SECRETS, leakedSecrets } from './support/secrets.js';
import { watchUnhandled } from './support/unhandled.js';

/**
 * CloudWatch faults under the bot's real CloudWatch adapter (built by the bot's own bootstrap from
 * scale-review.yml, the SDK pointed at a loopback stub through AWS_ENDPOINT_URL_CLOUDWATCH): every
 * GetMetricData call throttled, then a partial answer (only CPU and memory come back). Nothing may
 * be reported `ok` without data, and the digest still goes out, marked degraded.
 */

const NOW = new Date('2026-12-01T10:32:00Z');
const TEAM = 'T0CWFAULTS';
const MAX_ATTEMPTS = 2;
/** The only series the partial answer carries (query ids of src/metrics/cloudwatch/query-builder.ts). */
const ANSWERED = ['cpu', 'mem'];
const ANSWERED_INDICATORS = ['cpu', 'memory'];

type Mode = 'throttle' | 'partial';

interface Query {
  Id: string;
  ReturnData?: boolean;
  MetricStat?: { Period?: number };
}

const toSeconds = (value: unknown) =>
  typeof value === 'number' ? value : new Date(String(value)).getTime() / 1000;

/** Hourly points over the requested window for the answered series; the others are left out. */
function partialAnswer(body: string, res: ServerResponse) {
  const request = JSON.parse(body) as {
    MetricDataQueries: Query[];
    StartTime: unknown;
    EndTime: unknown;
  };
  const start = toSeconds(request.StartTime);
  const end = toSeconds(request.EndTime);
  const results = request.MetricDataQueries.filter(
    (q) => q.ReturnData !== false && ANSWERED.some((prefix) => q.Id.startsWith(`${prefix}_`)),
  ).map((q) => {
    const period = q.MetricStat?.Period ?? 3600;
    const timestamps: number[] = [];
    for (let t = start; t < end; t += period) timestamps.push(t);
    return {
      Id: q.Id,
      Timestamps: timestamps,
      Values: timestamps.map(() => 55),
      StatusCode: 'Complete',
    };
  });
  awsJson(res, { MetricDataResults: results });
}

function configYaml(): string {
  return [
    'metrics:',
    '  source: cloudwatch',
    '  cacheTtlSeconds: 0',
    '  timeoutMs: 10000',
    '  cloudwatch:',
    '    region: us-east-1',
    `    maxAttempts: ${MAX_ATTEMPTS}`,
    '    requestTimeoutMs: 2000',
    '    dimensions:',
    '      autoScalingGroupName: support-web',
    '      dbInstanceIdentifier: support-db',
    '      loadBalancer: app/support-alb/50dc6c495c0c9188',
    '      dbInstanceClass: db.t3.small',
    '      dbAllocatedStorageGb: 20',
    'digest:',
    '  enabled: false',
    '',
  ].join('\n');
}

describe('CloudWatch faults', () => {
  const unhandled = watchUnhandled();
  let mode: Mode = 'throttle';
  let stub: StubServer;
  let h: BotHarness;
  let digest: DigestDeps;
  let channel = 0;

  beforeAll(async () => {
    stub = await startStub((request, res) => {
      if (mode === 'throttle') return awsError(res, 400, 'Throttling', 'Rate exceeded');
      return partialAnswer(request.body, res);
    });
    vi.stubEnv('AWS_ENDPOINT_URL_CLOUDWATCH', stub.url);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDRELIABILITYTEST');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'reliability-aws-secret-not-real');
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    h = await startBotHarness({ now: NOW, metrics: null, configYaml: configYaml() });
    const apiUrl = `${h.slack.responseUrl('x').split('/response/')[0]}/api/`;
    digest = createDigestDeps(
      h.bot.deps,
      { ...defaultDigestConfig(), chart: false, slackAttempts: 2 },
      {
        botToken: TEST_BOT_TOKEN,
        slackApiUrl: apiUrl,
        clientLogger: createBoltLogger(h.bot.logger, 'web-api'),
        owner: 'reliability-cw',
      },
    );
  });

  afterAll(async () => {
    unhandled.stop();
    vi.unstubAllEnvs();
    await h?.close();
    await stub?.close();
  });

  /** One subscription due now, one digest tick; returns the channel's messages and the review. */
  async function digestOnce() {
    channel += 1;
    const [subscription] = await seedDueSubscriptions(h.bot.deps.store, {
      teamId: TEAM,
      count: 1,
      now: NOW,
      prefix: `CCW${channel}`,
    });
    const summary = await runDigestTick(digest, {
      only: { teamId: TEAM, channelId: subscription?.channelId ?? '' },
    });
    const messages = h.slack.messages(subscription?.channelId);
    const [review] = await h.bot.deps.store.reviews.latest({
      teamId: TEAM,
      channelId: subscription?.channelId ?? null,
      limit: 1,
    });
    return { summary, messages, review };
  }

  function statuses(review: ReviewRecord | undefined) {
    return Object.fromEntries((review?.review.indicators ?? []).map((i) => [i.key, i.status]));
  }

  describe('throttling on every call', () => {
    it('`/scale status` says the metrics are unavailable, and claims nothing is ok', async () => {
      mode = 'throttle';
      const before = stub.requests.length;
      const reply = await onlyReply(h, (await h.command('status', { team_id: TEAM })).responseId);
      const text = visibleText(reply);
      expect(reply.response_type).toBe('ephemeral');
      expect(text).toContain('Metrics unavailable');
      expect(text).toContain('throttled');
      expect(text).not.toContain(':large_green_circle:');
      // Bounded: the SDK's attempts, not an endless retry loop.
      expect(stub.requests.length - before).toBe(MAX_ATTEMPTS);
    });

    it('the digest is still sent, marked degraded, with every indicator unknown', async () => {
      mode = 'throttle';
      const { summary, messages, review } = await digestOnce();
      const text = visibleText(messages[0] as unknown as Record<string, unknown>);
      expect(summary).toMatchObject({ due: 1, sent: 1, failed: 0 });
      expect(messages).toHaveLength(1);
      expect(messages[0]?.text).toContain('(degraded)');
      expect(text).toContain('*Degraded*');
      expect(text).toContain('throttled');
      expect(text).not.toContain(':large_green_circle:');
      expect(new Set(Object.values(statuses(review)))).toEqual(new Set(['unknown']));
    });
  });

  describe('a partial answer (only CPU and memory)', () => {
    it('`/scale status` shows the missing indicators as unknown, never ok', async () => {
      mode = 'partial';
      const reply = await onlyReply(h, (await h.command('status', { team_id: TEAM })).responseId);
      const text = visibleText(reply);
      const [review] = await h.bot.deps.store.reviews.latest({
        teamId: TEAM,
        channelId: 'C0OPS',
        limit: 1,
      });
      const status = statuses(review);
      expect(reply.response_type).toBe('ephemeral');
      expect(text).toContain('Data quality: no data for');
      for (const [key, value] of Object.entries(status)) {
        if (ANSWERED_INDICATORS.includes(key)) expect(value, key).not.toBe('unknown');
        else expect(value, key).toBe('unknown');
      }
      expect(Object.keys(status)).toHaveLength(7);
    });

    it('the digest is still sent, marked degraded, and says which data is missing', async () => {
      mode = 'partial';
      const { summary, messages, review } = await digestOnce();
      const text = visibleText(messages[0] as unknown as Record<string, unknown>);
      const status = statuses(review);
      expect(summary).toMatchObject({ due: 1, sent: 1, failed: 0 });
      expect(messages).toHaveLength(1);
      expect(messages[0]?.text).toContain('(degraded)');
      expect(text).toContain('*Degraded*');
      expect(text).toContain('no data for');
      for (const [key, value] of Object.entries(status)) {
        if (!ANSWERED_INDICATORS.includes(key)) expect(value, key).toBe('unknown');
      }
    });
  });

  it('saw no unhandled rejection and logged no secret', () => {
    expect(unhandled.errors).toEqual([]);
    expect(
      leakedSecrets(h.logs.join(''), [...HARNESS_SECRETS, 'reliability-aws-secret-not-real']),
    ).toEqual([]);
  });
});
