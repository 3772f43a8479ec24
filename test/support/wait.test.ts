import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WAIT_DEADLINE_MS, waitFor, waitUntil, within } from './wait.js';

/** The helpers on vitest's fake timers: the deadlines pass without real waiting. */
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('waitFor', () => {
  it('returns the first value the check gives, checking again after each interval', async () => {
    // Arrange
    let calls = 0;
    const check = () => {
      calls += 1;
      return calls === 3 ? 'ready' : undefined;
    };
    // Act
    const waiting = waitFor(check, { intervalMs: 100 });
    await vi.advanceTimersByTimeAsync(200);
    // Assert
    await expect(waiting).resolves.toBe('ready');
    expect(calls).toBe(3);
  });

  it('awaits an async check, and keeps a falsy value other than undefined', async () => {
    await expect(waitFor(async () => 0)).resolves.toBe(0);
  });

  it('throws, naming what it waited for, once the deadline has passed', async () => {
    // Arrange
    const waiting = waitFor(() => undefined, { deadlineMs: 1_000, what: 'the bot to start' });
    const settled = expect(waiting).rejects.toThrow(
      'waitFor: the bot to start not met after 1000 ms',
    );
    // Act
    await vi.advanceTimersByTimeAsync(1_100);
    // Assert
    await settled;
  });

  it('takes a number as the deadline, and defaults to a generous one', async () => {
    const short = expect(waitFor(() => undefined, 50)).rejects.toThrow('after 50 ms');
    await vi.advanceTimersByTimeAsync(100);
    await short;
    let given = false;
    const long = waitFor(() => (given ? true : undefined));
    await vi.advanceTimersByTimeAsync(WAIT_DEADLINE_MS - 100);
    given = true;
    await vi.advanceTimersByTimeAsync(50);
    await expect(long).resolves.toBe(true);
  });
});

describe('waitUntil', () => {
  it('resolves once the predicate holds, and throws when it never does', async () => {
    let open = false;
    const opened = waitUntil(() => open);
    open = true;
    await vi.advanceTimersByTimeAsync(20);
    await expect(opened).resolves.toBeUndefined();
    const never = expect(waitUntil(async () => false, { deadlineMs: 200 })).rejects.toThrow(
      'after 200 ms',
    );
    await vi.advanceTimersByTimeAsync(300);
    await never;
  });
});

describe('within', () => {
  it('gives the value of a promise that settles in time, and clears its timer', async () => {
    await expect(within(Promise.resolve(7), 1_000, 'late')).resolves.toBe(7);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('gives the fallback once the deadline passes', async () => {
    // Arrange
    const never = new Promise<number>(() => undefined);
    // Act
    const result = within(never, 1_000, 'still running' as const);
    await vi.advanceTimersByTimeAsync(1_000);
    // Assert
    await expect(result).resolves.toBe('still running');
  });
});
