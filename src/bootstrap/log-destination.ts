import { writeSync } from 'node:fs';

/**
 * Where the bot's JSON lines go (stdout), built so that a broken or stalled reader can never
 * block or crash the bot.
 *
 * pino's default destination (sonic-boom) flushes synchronously when the process exits, and that
 * flush retries a write failing with EPIPE every 100 ms, forever, on the main thread: a bot whose
 * stdout reader had gone away logged "shutdown requested", tried to exit, and hung for good,
 * deaf to every further SIGTERM. Here each line is written with one non-blocking attempt:
 * - EAGAIN (the reader is slow): the rest waits in a bounded backlog, retried on a timer; past the
 *   bound, lines are dropped and counted, and a line saying how many follows when writes resume;
 * - any other error (EPIPE: the reader is gone; EBADF...): the destination is broken for good,
 *   every later line is dropped, and one line says so on stderr (when that still works).
 * Nothing here ever sleeps or loops on a failing write.
 */

/** Bytes kept while the reader is slow; more than that is dropped (and counted). */
export const MAX_BACKLOG_BYTES = 1024 * 1024;
const RETRY_MS = 20;

export interface LogDestination {
  /** pino's destination interface: one JSON line per call. */
  write(line: string): void;
  /** Waits until the backlog is written, the destination breaks, or `timeoutMs` passes. */
  flush(timeoutMs: number): Promise<void>;
  readonly broken: boolean;
  /** Lines dropped so far (slow reader past the backlog bound, or broken). */
  readonly dropped: number;
}

export interface LogDestinationOptions {
  /** File descriptor (default 1, stdout). */
  fd?: number;
  maxBacklogBytes?: number;
  /** Told once when the destination breaks (default: one line on stderr, errors ignored). */
  onBroken?: (error: NodeJS.ErrnoException) => void;
  /** The write syscall (tests inject failures). */
  write?: (fd: number, data: Buffer) => number;
}

function tellStderr(error: NodeJS.ErrnoException): void {
  try {
    writeSync(
      2,
      `scale-review: the log output failed (${error.code ?? error.message}); logs are dropped from now on\n`,
    );
  } catch {
    // stderr is gone too: nobody is left to tell.
  }
}

function droppedLine(count: number): Buffer {
  const line = {
    level: 40,
    time: Date.now(),
    app: 'scale-review',
    dropped: count,
    msg: 'log lines dropped: the log reader was not keeping up',
  };
  return Buffer.from(`${JSON.stringify(line)}\n`);
}

export function createLogDestination(options: LogDestinationOptions = {}): LogDestination {
  const fd = options.fd ?? 1;
  const maxBacklog = options.maxBacklogBytes ?? MAX_BACKLOG_BYTES;
  const onBroken = options.onBroken ?? tellStderr;
  const write = options.write ?? ((target, data) => writeSync(target, data));
  const backlog: Buffer[] = [];
  let backlogBytes = 0;
  let droppedSinceTold = 0;
  let dropped = 0;
  let broken = false;
  let timer: NodeJS.Timeout | null = null;

  const breakFor = (error: NodeJS.ErrnoException) => {
    broken = true;
    dropped += backlog.length;
    backlog.length = 0;
    backlogBytes = 0;
    if (timer) clearTimeout(timer);
    timer = null;
    onBroken(error);
  };

  /** Writes the backlog's head until it is empty or the fd would block; false when it would. */
  const drainBacklog = (): boolean => {
    while (backlog.length > 0 && !broken) {
      const head = backlog[0] as Buffer;
      let written: number;
      try {
        written = write(fd, head);
      } catch (error) {
        const e = error as NodeJS.ErrnoException;
        if (e.code === 'EAGAIN') return false;
        breakFor(e);
        return false;
      }
      backlogBytes -= written;
      if (written < head.length) backlog[0] = head.subarray(written);
      else backlog.shift();
    }
    return !broken;
  };

  const schedule = () => {
    if (timer || broken) return;
    timer = setTimeout(() => {
      timer = null;
      if (!drainBacklog()) schedule();
      else if (droppedSinceTold > 0) {
        const count = droppedSinceTold;
        droppedSinceTold = 0;
        enqueue(droppedLine(count));
      }
    }, RETRY_MS);
    // Logs never keep the process alive; shutdown flushes what it can.
    timer.unref();
  };

  const enqueue = (data: Buffer) => {
    if (backlog.length > 0 && backlogBytes + data.length > maxBacklog) {
      dropped += 1;
      droppedSinceTold += 1;
      return;
    }
    const waiting = backlog.length > 0;
    backlog.push(data);
    backlogBytes += data.length;
    // Lines already waiting go first, on the timer; otherwise this one is written at once.
    if (!waiting && drainBacklog()) return;
    schedule();
  };

  return {
    write(line: string) {
      if (broken) {
        dropped += 1;
        return;
      }
      enqueue(Buffer.from(line));
    },
    async flush(timeoutMs: number) {
      const deadline = Date.now() + timeoutMs;
      while (backlog.length > 0 && !broken && Date.now() < deadline) {
        if (drainBacklog()) return;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    },
    get broken() {
      return broken;
    },
    get dropped() {
      return dropped;
    },
  };
}

/**
 * process.stdout and process.stderr emit EPIPE as an 'error' event when a library writes to them
 * after the reader left (console.warn of a dependency, say); unhandled, that event would crash the
 * bot. The bot's own lines go through createLogDestination, so these errors are ignored. Opening
 * the streams also puts a piped stdout in non-blocking mode (libuv), so a stalled reader gives
 * EAGAIN instead of blocking the event loop in write(2).
 */
export function ignoreBrokenStdio(): void {
  const ignore = () => undefined;
  process.stdout.on('error', ignore);
  process.stderr.on('error', ignore);
}
