import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { captureIo, tempDir } from './cli-harness.js';

/**
 * `status --save` of a snapshot that says when it was captured (issue 20, "data honesty"): an
 * earlier week is filed under its own review period (a backfill), and a snapshot from the future
 * or from before the lookback is refused, not reviewed as now.
 */

const DAY = 86_400_000;
/** Tuesday 1 December 2026, 09:00 UTC: ISO week 2026-W49. */
const NOW = new Date('2026-12-01T09:00:00Z');
const STAGE_3 = {
  memoryPercent: 60,
  dbConnections: 40,
  dbMaxConnections: 100,
  responseTimeP95Ms: 300,
  errorRatePercent: 0.2,
  dbSizeMb: 5000,
  conversationsPerMonth: 8000,
};

let dir: { dir: string; cleanup: () => void };

beforeEach(() => {
  dir = tempDir();
});

afterEach(() => {
  dir.cleanup();
});

async function save(cpuPercent: number, capturedDaysAgo: number | null) {
  const file = join(dir.dir, `m-${cpuPercent}-${capturedDaysAgo}.json`);
  const capturedAt =
    capturedDaysAgo === null
      ? {}
      : { capturedAt: new Date(NOW.getTime() - capturedDaysAgo * DAY).toISOString() };
  writeFileSync(file, JSON.stringify({ ...STAGE_3, cpuPercent, ...capturedAt }));
  const run = captureIo({
    cwd: dir.dir,
    env: { DATA_DIR: join(dir.dir, 'data') },
    now: () => NOW,
  });
  const code = await runCli(['status', '--save', '--metrics', file], run.io);
  return { code, out: run.stdout(), err: run.stderr() };
}

describe('status --save of a captured snapshot', () => {
  it('files last week under last week: the next save counts it as a week of its own', async () => {
    // Arrange: last week over 75%, captured a week ago, saved today
    const backfill = await save(82, 7);
    // Act: this week over 75% too
    const now = await save(84, null);
    // Assert: two breached weeks confirm (one period would be "first breach")
    expect(backfill.code, backfill.err).toBe(0);
    expect(now.code, now.err).toBe(0);
    expect(now.out).toMatch(/^Recommendation: Scale: /m);
    expect(now.out).toContain('(over in 2 of the last 3 weeks)');
  });

  it('refuses a snapshot from the future', async () => {
    // Act
    const result = await save(60, -3);
    // Assert
    expect(result.code).not.toBe(0);
    expect(result.err).toContain('is in the future');
    expect(result.out).toBe('');
  });

  it('refuses a snapshot older than the periods a review reads', async () => {
    // Act
    const result = await save(60, 120);
    // Assert
    expect(result.code).not.toBe(0);
    expect(result.err).toContain('older than the 8 review periods a review reads');
  });
});
