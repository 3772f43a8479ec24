import { describe, expect, it } from 'vitest';
import { startDigestJob } from '../../jobs/digest-job.js';
import type { TickSummary } from '../../src/digest/run-digest.js';

const summary: TickSummary = {
  due: 0,
  sent: 0,
  edited: 0,
  skipped: 0,
  failed: 0,
  leased: 0,
  delayed: 0,
  durationMs: 0,
  held: [],
};

function recordingLogger() {
  const lines: { level: string; msg: string }[] = [];
  const log = (level: string) => (_obj: object, msg: string) => {
    lines.push({ level, msg });
  };
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

describe('startDigestJob', () => {
  it('runs a catch-up tick at start-up and waits for it on stop', async () => {
    // Arrange
    let release: () => void = () => undefined;
    let ticks = 0;
    let finished = false;
    const tick = () => {
      ticks += 1;
      return new Promise<TickSummary>((resolve) => {
        release = () => {
          finished = true;
          resolve(summary);
        };
      });
    };
    // Act
    const job = startDigestJob(tick, recordingLogger(), '0 0 1 1 *');
    const stopping = job.stop();
    release();
    await stopping;
    // Assert
    expect(ticks).toBe(1);
    expect(finished).toBe(true);
  });

  it('logs a failed tick instead of crashing the process', async () => {
    const logger = recordingLogger();
    const job = startDigestJob(() => Promise.reject(new Error('store down')), logger, '0 0 1 1 *');
    await job.stop();
    expect(logger.lines).toEqual([{ level: 'error', msg: 'digest tick failed' }]);
  });
});
