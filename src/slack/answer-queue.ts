import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Logger } from '../logging/logger.js';
import { followUp } from '../ops/request-outcome.js';
import type { WorkTracker } from './work-tracker.js';

/**
 * The answers that follow acks (a command's review, a click's decision, an App Home publish),
 * bounded and paced so that acks always come first.
 *
 * A burst of 2,000 commands used to start 2,000 answers right after their acks; each ran its
 * store, review and blocks work to its first real I/O, and the acks of the requests arriving
 * meanwhile waited behind them (ack p99 up to 4.1 s, over Slack's 3 s). Here:
 * - each answer starts on a later turn of the event loop (setImmediate), after the sockets already
 *   readable have been read, verified and acked;
 * - while commands keep arriving (less than BURST_GAP_MS apart) one answer runs at a time, so
 *   each turn of the loop spends at most one answer's work between reading requests; once they stop, up to `concurrency` run at once (answers mostly wait on Slack, CloudWatch and
 *   the store, so several at a time is what makes a backlog go quickly);
 * - at most `capacity` answers wait or run; `offer` says `full` beyond that, and the ack tells the
 *   user to try again in a minute instead of accepting work it could not finish in time;
 * - on shutdown the queue takes nothing more (`closed`), finishes what it can by the drain
 *   deadline, and `abandon()` drops the answers not started.
 * Everything accepted is tracked by the WorkTracker (idle() in tests, drain() on shutdown).
 */

export interface AnswerQueueOptions {
  /** Answers waiting or running at most (slack.answers.capacity). */
  capacity: number;
  /** Answers running at once at most, once commands stop arriving (slack.answers.concurrency). */
  concurrency: number;
  tracker: WorkTracker;
  logger: Logger;
  /** Waits for the next turn of the event loop (default setImmediate). */
  yieldToAcks?: () => Promise<void>;
  /** Milliseconds (default performance.now). */
  now?: () => number;
}

/** Commands closer together than this are a burst: answers then run one at a time. */
export const BURST_GAP_MS = 25;
const REFUSAL_LOG_INTERVAL_MS = 10_000;

export interface Answer {
  /** What the answer is for, in its log lines ("slash command", "block_actions"...). */
  kind: string;
  meta: Record<string, unknown>;
  /** The work; it must not throw (a failure is a reply to the user), a throw is logged. */
  run: () => Promise<void>;
}

export type Offer = 'queued' | 'full' | 'closed';

interface Waiting {
  answer: Answer;
  done: () => void;
}

export class AnswerQueue {
  private readonly waiting: Waiting[] = [];
  private running = 0;
  private closed = false;
  private lastOfferAt = Number.NEGATIVE_INFINITY;
  /** While commands come closer together than BURST_GAP_MS: until this time, one at a time. */
  private burstUntil = Number.NEGATIVE_INFINITY;
  private recheck: NodeJS.Timeout | null = null;
  private refused = { count: 0, loggedAt: Number.NEGATIVE_INFINITY };
  private readonly yieldToAcks: () => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: AnswerQueueOptions) {
    this.yieldToAcks = options.yieldToAcks ?? (() => nextTurn());
    this.now = options.now ?? (() => performance.now());
  }

  /** Accepts the answer (it runs later) or says why not; never runs anything synchronously. */
  offer(answer: Answer): Offer {
    if (this.closed) return 'closed';
    const now = this.now();
    if (now - this.lastOfferAt < BURST_GAP_MS) this.burstUntil = now + BURST_GAP_MS;
    this.lastOfferAt = now;
    const size = this.waiting.length + this.running;
    if (size >= this.options.capacity) {
      this.refuse(answer, size);
      return 'full';
    }
    // The answer keeps the request's outcome scope (its refusals and failures count for it).
    const handed = followUp(answer.run);
    let settle: () => void = () => undefined;
    const settled = new Promise<void>((resolve) => {
      settle = resolve;
    });
    void this.options.tracker.track(() => settled);
    const done = () => {
      handed.done();
      settle();
    };
    this.waiting.push({ answer: { ...answer, run: handed.run }, done });
    this.pump();
    return 'queued';
  }

  /** Answers waiting to start. */
  get queued(): number {
    return this.waiting.length;
  }

  get active(): number {
    return this.running;
  }

  /** Takes no more answers (shutdown); those accepted still run. */
  close(): void {
    this.closed = true;
  }

  /** Drops the answers not started yet (the drain deadline passed); returns how many. */
  abandon(): number {
    const dropped = this.waiting.splice(0);
    for (const item of dropped) item.done();
    return dropped.length;
  }

  /** One at a time during a burst of commands, `concurrency` otherwise. */
  private limit(): number {
    return this.now() < this.burstUntil ? 1 : this.options.concurrency;
  }

  private pump(): void {
    const limit = this.limit();
    while (this.running < limit && this.waiting.length > 0) {
      const next = this.waiting.shift() as Waiting;
      this.running += 1;
      void this.start(next);
    }
    // Held back by a burst: look again once it may be over, not only when an answer ends.
    if (this.waiting.length > 0 && limit < this.options.concurrency && this.recheck === null) {
      this.recheck = setTimeout(() => {
        this.recheck = null;
        this.pump();
      }, BURST_GAP_MS);
    }
  }

  /** Logs refusals: the first, then at most one line (with the count) every 10 s. */
  private refuse(answer: Answer, size: number): void {
    this.refused.count += 1;
    const now = this.now();
    if (now - this.refused.loggedAt < REFUSAL_LOG_INTERVAL_MS) return;
    this.options.logger.warn(
      {
        ...answer.meta,
        kind: answer.kind,
        refused: this.refused.count,
        inQueue: size,
        capacity: this.options.capacity,
      },
      'answer queue full: the user is asked to try again',
    );
    this.refused = { count: 0, loggedAt: now };
  }

  private async start(item: Waiting): Promise<void> {
    try {
      await this.yieldToAcks();
      await item.answer.run();
    } catch (error) {
      this.options.logger.error(
        { ...item.answer.meta, kind: item.answer.kind, err: error },
        'answer failed unexpectedly',
      );
    } finally {
      this.running -= 1;
      item.done();
      this.pump();
    }
  }
}
