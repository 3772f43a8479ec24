import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { captureIo, tempDir } from './cli-harness.js';

/**
 * `status --save` across simulated weeks with an injected clock: what a team sees when it runs
 * the review every week (and sometimes several times a week) on the embedded store.
 */

const DAY = 86_400_000;
/** Tuesday 27 October 2026, 09:00 UTC: ISO week 2026-W44. */
const WEEK_0 = new Date('2026-10-27T09:00:00Z');
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

function at(week: number, day = 0): Date {
  return new Date(WEEK_0.getTime() + (week * 7 + day) * DAY);
}

/** `status --save` for `team` with these metrics at week `week` (+ `day` days). */
async function save(team: string, week: number, cpuPercent: number, day = 0) {
  const file = join(dir.dir, `m-${team}-${cpuPercent}.json`);
  writeFileSync(file, JSON.stringify({ ...STAGE_3, cpuPercent }));
  const run = captureIo({
    cwd: dir.dir,
    env: { DATA_DIR: join(dir.dir, 'data') },
    now: () => at(week, day),
  });
  const code = await runCli(['status', '--save', '--team', team, '--metrics', file], run.io);
  const out = run.stdout();
  expect(code, run.stderr()).toBe(0);
  return {
    headline: /^Recommendation: (.*)$/m.exec(out)?.[1],
    reviewId: /Saved as review (\S+) /.exec(out)?.[1],
    forecast: /^ {2}- (Server CPU.*)$/m.exec(out)?.[1],
    out,
  };
}

describe('status --save week after week', () => {
  it('forecasts a rising CPU, waits for a second breached week, and then scales', async () => {
    // Arrange: four weeks rising 4 points a week
    for (const [week, cpu] of [
      [0, 58],
      [1, 62],
      [2, 66],
    ] as const)
      await save('T1', week, cpu);

    // Act
    const rising = await save('T1', 3, 70);
    const firstBreach = await save('T1', 4, 78);
    const repeats = [await save('T1', 4, 78, 1), await save('T1', 4, 78, 2)];
    const secondWeek = await save('T1', 5, 80);

    // Assert
    // A server takes 1-3 days to add and 75% is a week away: decide before the next review.
    expect(rising.headline).toBe('Plan now: Add 1 server (1 → 2), decide by 23 Nov');
    expect(rising.forecast).toBe(
      'Server CPU crosses 75% in about 1 week (80% range 1 week, around 26 Nov) and its critical 90% in about 5 weeks (80% range 5 weeks, around 22 Dec): +4 pts a week (Theil–Sen over 4 weeks)',
    );
    expect(firstBreach.headline).toBe(
      'Monitor: Server CPU over 75% (first breach), confirm at the next review',
    );
    for (const repeat of repeats) {
      expect(repeat.headline).toBe(firstBreach.headline);
      expect(repeat.reviewId).toBe(firstBreach.reviewId);
    }
    // Sized with headroom: one server at 80% has no spare, and two would each carry 80% if one
    // failed (issue 20, class 11).
    expect(secondWeek.headline).toBe(
      "Scale: Add 2 servers (1 → 3): more than stage 3's 2, see stage 4",
    );
    expect(secondWeek.out).toContain(
      '      why: Server CPU 80% is over 75% (over in 2 of the last 3 weeks)',
    );
  });

  it('lets the latest metrics of a week win, without counting the week twice', async () => {
    await save('T2', 0, 60);
    await save('T2', 1, 80);
    const corrected = await save('T2', 1, 70, 2);
    const next = await save('T2', 2, 80);
    expect(corrected.headline).toBe('Monitor, no action needed yet');
    expect(next.headline).toBe(
      'Monitor: Server CPU over 75% (first breach), confirm at the next review',
    );
  });

  it('lets a one-week blip pass', async () => {
    await save('T3', 0, 60);
    const blip = await save('T3', 1, 82);
    const after = await save('T3', 2, 61);
    expect(blip.headline).toBe(
      'Monitor: Server CPU over 75% (first breach), confirm at the next review',
    );
    expect(after.headline).toBe('Monitor, no action needed yet');
  });

  it('acts at once on a critical reading', async () => {
    await save('T4', 0, 60);
    const critical = await save('T4', 1, 95);
    // One server at 95% needs three (65% target, one's loss covered): beyond stage 3's two, so
    // servers now and the move to stage 4 as one plan.
    expect(critical.headline).toBe(
      'Scale now: Move to stage 4 (Large Team): Move to an auto-scaling group',
    );
    expect(critical.out).toContain('      why: Server CPU 95% is over its critical 90%');
  });
});
