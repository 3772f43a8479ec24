import { afterEach, describe, expect, it, vi } from 'vitest';
import { ackCommand, BUSY_MESSAGE, STOPPING_MESSAGE } from '../../src/slack/ack.js';
import { type Answer, AnswerQueue, BURST_GAP_MS } from '../../src/slack/answer-queue.js';
import { WorkTracker } from '../../src/slack/work-tracker.js';
import { CapturingLogger } from '../store/fixtures.js';

/** A job that runs until `release()`; `started` says whether it began. */
function gated(kind = 'test') {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const job = {
    started: false,
    answer: {
      kind,
      meta: {},
      run: async () => {
        job.started = true;
        await gate;
      },
    } satisfies Answer,
    release: () => release(),
  };
  return job;
}

/** Lets every pending promise callback run (the queue's yield here resolves at once). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function queue(capacity: number, concurrency: number) {
  const logger = new CapturingLogger();
  const tracker = new WorkTracker();
  let yields = 0;
  const clock = { ms: 0 };
  const answers = new AnswerQueue({
    capacity,
    concurrency,
    tracker,
    logger,
    yieldToAcks: async () => {
      yields += 1;
    },
    now: () => clock.ms,
  });
  return { answers, tracker, logger, clock, yields: () => yields };
}

describe('AnswerQueue', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs at most `concurrency` answers at once, each after a yield, in order', async () => {
    // Arrange
    const { answers, clock, yields } = queue(10, 2);
    const jobs = [gated(), gated(), gated()];
    // Act: commands far apart (no burst)
    const offers = jobs.map((job) => {
      clock.ms += BURST_GAP_MS;
      return answers.offer(job.answer);
    });
    const runNothingSynchronously = jobs.map((job) => job.started);
    await settle();
    // Assert
    expect(offers).toEqual(['queued', 'queued', 'queued']);
    expect(runNothingSynchronously).toEqual([false, false, false]);
    expect(jobs.map((job) => job.started)).toEqual([true, true, false]);
    expect({ active: answers.active, queued: answers.queued }).toEqual({ active: 2, queued: 1 });
    jobs[0]?.release();
    await settle();
    expect(jobs[2]?.started).toBe(true);
    expect(yields()).toBe(3);
  });

  it('says `full` past its capacity (waiting and running answers count), with a log line', async () => {
    const { answers, logger } = queue(2, 1);
    const jobs = [gated(), gated(), gated()];
    const offers = jobs.map((job) => answers.offer(job.answer));
    expect(offers).toEqual(['queued', 'queued', 'full']);
    expect(logger.entries.map((e) => e.msg)).toContain(
      'answer queue full: the user is asked to try again',
    );
    await settle();
    jobs[0]?.release();
    await settle();
    expect(answers.offer(gated().answer)).toBe('queued');
  });

  it('runs one answer at a time while commands keep arriving (a burst), acks first', async () => {
    // Arrange: offers 10 ms apart, under BURST_GAP_MS; the queue's recheck timer on virtual time
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { answers, clock } = queue(10, 4);
    const jobs = [gated(), gated(), gated()];
    // Act
    for (const job of jobs) {
      answers.offer(job.answer);
      clock.ms += 10;
    }
    await settle();
    const duringBurst = jobs.map((job) => job.started);
    clock.ms += BURST_GAP_MS;
    await vi.advanceTimersByTimeAsync(BURST_GAP_MS);
    await settle();
    // Assert: once the burst is over, the others start without waiting for the first to end
    expect(duringBurst).toEqual([true, false, false]);
    expect(jobs.map((job) => job.started)).toEqual([true, true, true]);
  });

  it('once closed takes nothing; abandon() drops what has not started and frees idle()', async () => {
    // Arrange
    const { answers, tracker } = queue(10, 1);
    const running = gated();
    const waiting = [gated(), gated()];
    answers.offer(running.answer);
    for (const job of waiting) answers.offer(job.answer);
    await settle();
    // Act
    answers.close();
    const afterClose = answers.offer(gated().answer);
    const dropped = answers.abandon();
    running.release();
    await tracker.idle();
    // Assert
    expect(afterClose).toBe('closed');
    expect(dropped).toBe(2);
    expect(waiting.map((job) => job.started)).toEqual([false, false]);
    expect(tracker.size).toBe(0);
  });

  it('logs an answer that throws and keeps going', async () => {
    const { answers, tracker, logger } = queue(10, 1);
    answers.offer({
      kind: 'boom',
      meta: { teamId: 'T1' },
      run: () => Promise.reject(new Error('x')),
    });
    const after = gated();
    answers.offer(after.answer);
    await settle();
    after.release();
    await tracker.idle();
    expect(after.started).toBe(true);
    expect(logger.entries).toContainEqual(
      expect.objectContaining({ level: 'error', msg: 'answer failed unexpectedly' }),
    );
  });
});

describe('ackCommand', () => {
  const acks = () => {
    const sent: unknown[] = [];
    return { sent, ack: async (message?: unknown) => void sent.push(message ?? null) };
  };

  it('acks empty and queues the answer', async () => {
    const { answers } = queue(1, 1);
    const { sent, ack } = acks();
    const outcome = await ackCommand({ ack, answers, answer: gated().answer });
    expect(outcome).toBe('queued');
    expect(sent).toEqual([null]);
  });

  it('acks with the busy message when the queue is full, and the restarting one when closed', async () => {
    const { answers } = queue(1, 1);
    answers.offer(gated().answer);
    const full = acks();
    expect(await ackCommand({ ack: full.ack, answers, answer: gated().answer })).toBe('full');
    answers.close();
    const closed = acks();
    expect(await ackCommand({ ack: closed.ack, answers, answer: gated().answer })).toBe('closed');
    expect(JSON.stringify(full.sent)).toContain(BUSY_MESSAGE);
    expect(JSON.stringify(closed.sent)).toContain(STOPPING_MESSAGE);
    expect(full.sent[0]).toMatchObject({ response_type: 'ephemeral' });
  });

  it('puts an answer already in memory in the ack itself and queues nothing', async () => {
    const { answers } = queue(1, 1);
    const { sent, ack } = acks();
    const job = gated();
    const answerNow = { response_type: 'ephemeral' as const, text: 'from memory' };
    const outcome = await ackCommand({ ack, answers, answer: job.answer, answerNow });
    await settle();
    expect(outcome).toBe('answered');
    expect(sent).toEqual([answerNow]);
    expect(job.started).toBe(false);
    expect(answers.queued + answers.active).toBe(0);
  });
});
