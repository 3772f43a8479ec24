import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDigestTick, type TickSummary } from '../../src/digest/run-digest.js';
import type { Subscription } from '../../src/store/ports.js';
import type { Fault } from '../support/fake-slack.js';
import { seededRandom } from '../support/fake-slack-faults.js';
import { digestRunsOf, seedDueSubscriptions } from './support/capture.js';
import { type DigestOverFake, startDigestOverFake } from './support/digest-over-fake.js';
import { HARNESS_SECRETS, leakedSecrets } from './support/secrets.js';
import { watchUnhandled } from './support/unhandled.js';

/**
 * A digest for 100 channels while 20% of all Web API calls (chat.postMessage, chat.update,
 * conversations.history) fail with a 429, a 500/503 or a timeout (no answer at all, or the call
 * takes effect but its answer is lost). The real digest
 * code (runDigestTick, sendDigest, the Slack poster and its retries, the embedded store) runs over
 * the fake Slack; ticks are repeated until every channel is served.
 *
 * The seed fixes the fault sequence; with concurrency > 1 the order in which calls draw from it
 * varies, so an exact replay needs RELIABILITY_DIGEST_CONCURRENCY=1 as well as RELIABILITY_SEED.
 */

const SEED = Number(process.env.RELIABILITY_SEED ?? 20_261_201);
const CONCURRENCY = Number(process.env.RELIABILITY_DIGEST_CONCURRENCY ?? 10);
const CHANNELS = 100;
const MAX_TICKS = 10;
/**
 * The client gives up on a silent Slack after this (production: 10 s). On a loaded machine an
 * answer that comes later is one more transient failure, which the digest must survive anyway.
 */
const CLIENT_TIMEOUT_MS = 250;
/** Retry-After of the injected 429s; backoff for other failures stays below BACKOFF_MAX_MS. */
const RETRY_AFTER_SECONDS = 2;
const BACKOFF_MAX_MS = 200;
/** Four client timeouts: generous, since this process is the fake Slack too (production: 3). */
const SETTLE_MS = 1_000;
const TEAM = 'T0SLACKFAULTS';

const FAULTS: readonly Fault[] = [
  { kind: 'rateLimited', retryAfterSeconds: RETRY_AFTER_SECONDS },
  { kind: 'httpError', status: 500 },
  { kind: 'httpError', status: 503 },
  { kind: 'hang' },
  { kind: 'lostResponse' },
];

describe(`a digest for ${CHANNELS} channels with 20% of Slack calls failing (seed ${SEED})`, () => {
  const unhandled = watchUnhandled();
  const sleeps: number[] = [];
  let d: DigestOverFake;

  beforeAll(async () => {
    d = await startDigestOverFake({
      clientTimeoutMs: CLIENT_TIMEOUT_MS,
      policy: {
        attempts: 2,
        baseDelayMs: 20,
        maxDelayMs: BACKOFF_MAX_MS,
        // A post that got no answer is looked up only once it is this old: Slack may
        // still apply it after the client gave up (under load, the fake in this very process did).
        settleMs: SETTLE_MS,
        // Virtual backoffs: the wait asked for is recorded (Retry-After is checked below) and the
        // retry goes on the next turn of the event loop. An attempt settling is waited in full:
        // that is the time the fake Slack, in this process, has to apply a request it was sent.
        sleep: (ms, reason) => {
          if (reason === 'settle') return new Promise((resolve) => setTimeout(resolve, ms));
          sleeps.push(ms);
          return new Promise((resolve) => setImmediate(resolve));
        },
        random: seededRandom(SEED),
      },
    });
  });

  afterAll(async () => {
    unhandled.stop();
    await d?.close();
  });

  it('every channel ends with exactly one digest, recorded with its ts', async () => {
    // Arrange
    const subscriptions: Subscription[] = await seedDueSubscriptions(d.store, {
      teamId: TEAM,
      count: CHANNELS,
      now: new Date(),
    });
    d.fake.setRandomFaults({ seed: SEED, probability: 0.2, faults: FAULTS });
    // Act: tick until every digest is recorded as sent (a transient failure releases its lease)
    const ticks: TickSummary[] = [];
    let runs = await digestRunsOf(d.store, subscriptions);
    while (ticks.length < MAX_TICKS && !runs.every((run) => run?.status === 'sent')) {
      ticks.push(await runDigestTick(d.deps, { concurrency: CONCURRENCY }));
      runs = await digestRunsOf(d.store, subscriptions);
    }
    d.fake.setRandomFaults(null);
    // Assert: faults of every kind happened, on about 20% of the calls
    const calls = d.fake.calls();
    const faulted = calls.filter((c) => c.fault !== undefined);
    const kinds = new Set(faulted.map((c) => c.fault));
    console.info(
      `slack faults: ${ticks.length} ticks, ${calls.length} Slack calls, ${faulted.length} faulted (${[...kinds].join(', ')}); ` +
        `ticks ${JSON.stringify(ticks.map(({ sent, edited, failed }) => ({ sent, edited, failed })))}`,
    );
    expect([...kinds].sort()).toEqual(['hang', 'httpError', 'lostResponse', 'rateLimited']);
    expect(faulted.length / calls.length).toBeGreaterThan(0.1);
    expect(faulted.length / calls.length).toBeLessThan(0.3);
    // Every channel: exactly one digest message, the one the store recorded
    const notSent = runs.filter((run) => run?.status !== 'sent');
    expect(notSent, `${notSent.length} digests not sent after ${ticks.length} ticks`).toEqual([]);
    for (const [i, subscription] of subscriptions.entries()) {
      const messages = d.fake.messages(subscription.channelId).filter((m) => !m.thread_ts);
      expect(messages, subscription.channelId).toHaveLength(1);
      expect(messages[0]?.metadata).toMatchObject({
        event_type: 'scale_review_digest',
        event_payload: { subscriptionId: subscription.id, periodKey: runs[i]?.periodKey },
      });
      expect(runs[i]?.posted?.ts).toBe(messages[0]?.ts);
    }
    expect(d.fake.messages().filter((m) => !m.thread_ts)).toHaveLength(CHANNELS);
    // Every digest carries its table and its chart, which the fake checked against Slack's limits
    for (const m of d.fake.messages()) {
      expect(JSON.stringify(m.blocks)).toMatch(/"type":"table".*"type":"data_visualization"/);
    }
    expect(d.fake.blockRefusals()).toEqual([]);
  }, 60_000);

  it('waited at least Retry-After after every 429 it retried, and backed off briefly otherwise', () => {
    const rateLimited = d.fake.calls().filter((c) => c.fault === 'rateLimited').length;
    const honoured = sleeps.filter((ms) => ms >= RETRY_AFTER_SECONDS * 1000);
    const backoffs = sleeps.filter((ms) => ms < RETRY_AFTER_SECONDS * 1000);
    expect(honoured.length).toBeGreaterThan(0);
    expect(honoured.length).toBeLessThanOrEqual(rateLimited);
    expect(backoffs.every((ms) => ms <= BACKOFF_MAX_MS)).toBe(true);
  });

  it('saw no unhandled rejection and logged no token', () => {
    expect(unhandled.errors).toEqual([]);
    expect(leakedSecrets(d.lines.join(''), HARNESS_SECRETS)).toEqual([]);
  });
});
