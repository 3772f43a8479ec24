/**
 * Waiting in tests without depending on the machine's speed (CONTRIBUTING.md, "On a busy
 * machine"): poll for the condition with a generous deadline, never sleep a fixed time. A deadline
 * only decides how long a failing test takes to say so; a passing test ends as soon as the
 * condition holds, so deadlines here are long enough for a loaded 2-core machine.
 */

/** The default deadline of a poll. */
export const WAIT_DEADLINE_MS = 20_000;
/** How long a test waits for a real process it started to be ready, or to exit. */
export const PROCESS_DEADLINE_MS = 30_000;

export interface WaitOptions {
  /** Give up after this long (default WAIT_DEADLINE_MS). */
  deadlineMs?: number;
  /** Between two checks (default 10 ms; use more for checks that do I/O). */
  intervalMs?: number;
  /** What is awaited, for the error message. */
  what?: string;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` (sync or async) until it returns something other than undefined, and returns
 * that; throws once the deadline has passed. A number as `options` is the deadline.
 */
export async function waitFor<T>(
  check: () => T | undefined | Promise<T | undefined>,
  options: WaitOptions | number = {},
): Promise<T> {
  const {
    deadlineMs = WAIT_DEADLINE_MS,
    intervalMs = 10,
    what = 'the condition',
  } = typeof options === 'number' ? { deadlineMs: options } : options;
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`waitFor: ${what} not met after ${deadlineMs} ms`);
    await pause(intervalMs);
  }
}

/** Polls `predicate` until it is true; throws once the deadline has passed. */
export async function waitUntil(
  predicate: () => boolean | Promise<boolean>,
  options: WaitOptions | number = {},
): Promise<void> {
  await waitFor(async () => ((await predicate()) ? true : undefined), options);
}

/**
 * The value of `promise`, or `timedOut` when it has not settled within `deadlineMs` (its timer is
 * cleared either way). For "does this ever end": the deadline is generous, never a measurement.
 */
export async function within<T, U>(
  promise: Promise<T>,
  deadlineMs: number,
  timedOut: U,
): Promise<T | U> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<U>((resolve) => {
    timer = setTimeout(() => resolve(timedOut), deadlineMs);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
