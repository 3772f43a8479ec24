import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  installShutdown,
  LOG_FLUSH_MS,
  SHUTDOWN_EXIT,
  SHUTDOWN_GRACE_MS,
} from '../../src/bootstrap/shutdown.js';
import { CapturingLogger } from '../store/fixtures.js';

const DRAIN_MS = 2_000;

function setUp(stop: () => Promise<void>) {
  const signals = new EventEmitter();
  const logger = new CapturingLogger();
  const exits: number[] = [];
  const order: string[] = [];
  const flushed: number[] = [];
  installShutdown(
    {
      stop: () => {
        order.push('stop');
        return stop();
      },
    },
    {
      ...logger,
      debug: () => undefined,
      info: (meta, message) => {
        order.push(message);
        logger.info(meta, message);
      },
      warn: (meta, message) => logger.warn(meta, message),
      error: (meta, message) => logger.error(meta, message),
    },
    {
      drainMs: DRAIN_MS,
      flushLogs: async (ms) => {
        flushed.push(ms);
      },
      exit: (code) => exits.push(code),
      signals,
    },
  );
  return { signals, logger, exits, order, flushed };
}

describe('installShutdown', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts stopping before it logs anything, flushes the logs, then exits 0', async () => {
    const t = setUp(() => Promise.resolve());
    t.signals.emit('SIGTERM', 'SIGTERM');
    await vi.runAllTimersAsync();
    expect(t.order).toEqual(['stop', 'shutdown requested']);
    expect(t.flushed).toEqual([LOG_FLUSH_MS]);
    expect(t.exits).toEqual([SHUTDOWN_EXIT.stopped]);
  });

  it('exits 1 at the drain deadline plus the grace when stop() never ends', async () => {
    const t = setUp(() => new Promise<void>(() => undefined));
    t.signals.emit('SIGTERM', 'SIGTERM');
    await vi.advanceTimersByTimeAsync(DRAIN_MS + SHUTDOWN_GRACE_MS - 1);
    expect(t.exits).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.exits).toEqual([SHUTDOWN_EXIT.forced]);
    expect(t.logger.entries.map((e) => e.msg)).toContain(
      'shutdown did not finish in time: exiting now',
    );
  });

  it('exits 1 when stop() fails, and at once on a second signal', async () => {
    const failing = setUp(() => Promise.reject(new Error('store close failed')));
    failing.signals.emit('SIGINT', 'SIGINT');
    await vi.runAllTimersAsync();
    expect(failing.exits).toEqual([SHUTDOWN_EXIT.forced]);

    const stuck = setUp(() => new Promise<void>(() => undefined));
    stuck.signals.emit('SIGTERM', 'SIGTERM');
    stuck.signals.emit('SIGTERM', 'SIGTERM');
    expect(stuck.exits).toEqual([SHUTDOWN_EXIT.forced]);
  });
});
