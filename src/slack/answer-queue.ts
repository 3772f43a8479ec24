import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Logger } from '../logging/logger.js';
import type { WorkTracker } from './work-tracker.js';

/**
 * The answers that follow acks (a command's review, a click's decision, an App Home publish),
 * bounded and paced so that acks always come first.
 *
 * A burst of 2,000 commands used to start 2,000 answers right after their acks; each ran its
 * store, review and blocks work to its first real I/O, and the acks of the requests arriving
 * meanwhile waited behind them (ack p99 up to 4.1 s, over Slack's 3 s). Here:
 * - at most `concurrency` answers run at once, and each starts on a later turn of the event loop
 *   (setImmediate), after the sockets already readable have been read, verified and acked;
 * - at most `capacity` answers wait or run; `offer` says `full` beyond that, and the ack tells the
 *   user to try again in a minute instead of accepting work it could not finish in time;
 * - on shutdown the queue takes nothing more (`closed`), finishes what it can by the drain
 *   deadline, and `abandon()` drops the answers not started.
 * Everything accepted is tracked by the WorkTracker (idle() in tests, drain() on shutdown).
 */

export interface AnswerQueueOptions {
  /** Answers waiting or running at most (slack.answers.capacity). */
  capacity: number;
  /** Answers running at once at most (slack.answers.concurrency). */
  concurrency: number;
  tracker: WorkTracker;
  logger: Logger;
  /** Waits for the next turn of the event loop (default setImmediate). */
  yieldToAcks?: () => Promise<void>;
}

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
  private readonly yieldToAcks: () => Promise<void>;

  constructor(private readonly options: AnswerQueueOptions) {
    this.yieldToAcks = options.yieldToAcks ?? (() => nextTurn());
  }

  /** Accepts the answer (it runs later) or says why not; never runs anything synchronously. */
  offer(answer: Answer): Offer {
    if (this.closed) return 'closed';
    if (this.waiting.length + this.running >= this.options.capacity) {
      this.options.logger.warn(
        { ...answer.meta, kind: answer.kind, capacity: this.options.capacity },
        'answer queue full: the user is asked to try again',
      );
      return 'full';
    }
    let done: () => void = () => undefined;
    const settled = new Promise<void>((resolve) => {
      done = resolve;
    });
    void this.options.tracker.track(() => settled);
    this.waiting.push({ answer, done });
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

  private pump(): void {
    while (this.running < this.options.concurrency && this.waiting.length > 0) {
      const next = this.waiting.shift() as Waiting;
      this.running += 1;
      void this.start(next);
    }
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
