import { describe, expect, it } from 'vitest';
import { runPurge, startPurgeJob } from '../../jobs/purge-job.js';
import { type PurgeCounts, type PurgeOutcome, TENANT_RECORD_KINDS } from '../../src/store/ports.js';

function recordingLogger() {
  const lines: { level: string; msg: string; obj: object }[] = [];
  const log = (level: string) => (obj: object, msg: string) => {
    lines.push({ level, msg, obj });
  };
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

function counts(each: number): PurgeCounts {
  return {
    digestRuns: each,
    subscriptions: each,
    reviews: each,
    observations: each,
    decisions: each,
    estate: each,
    digestPace: each,
    idempotencyKeys: each,
    canvases: each,
    installation: 1,
    workspace: 1,
  } satisfies PurgeCounts;
}

describe('the purge job', () => {
  it('logs one line per tenant with the number of records it deleted', async () => {
    // Arrange
    const logger = recordingLogger();
    const outcomes: PurgeOutcome[] = [
      { key: 'T0GONE', outcome: 'purged', counts: counts(2) },
      {
        key: 'T0BACK',
        outcome: 'reinstalled',
        counts: { ...counts(1), installation: 0, workspace: 0 },
      },
    ];
    // Act
    const result = await runPurge(async () => outcomes, logger);
    // Assert
    expect(result).toEqual(outcomes);
    expect(logger.lines).toEqual([
      {
        level: 'info',
        msg: 'uninstalled workspace purged',
        obj: { tenant: 'T0GONE', records: 2 * TENANT_RECORD_KINDS.length + 2, counts: counts(2) },
      },
      {
        level: 'info',
        msg: 'uninstalled workspace reinstalled before its purge: new install kept',
        obj: expect.objectContaining({ tenant: 'T0BACK', records: TENANT_RECORD_KINDS.length }),
      },
    ]);
  });

  it('logs a failed run instead of throwing', async () => {
    // Arrange
    const logger = recordingLogger();
    // Act
    const result = await runPurge(() => Promise.reject(new Error('store down')), logger);
    // Assert
    expect(result).toEqual([]);
    expect(logger.lines.map((l) => [l.level, l.msg])).toEqual([
      ['error', 'purge of uninstalled workspaces failed; will try again in an hour'],
    ]);
  });

  it('waits for its schedule (no run at start-up) and stops', async () => {
    // Arrange
    let runs = 0;
    const purge = async () => {
      runs += 1;
      return [];
    };
    // Act
    const job = startPurgeJob(purge, recordingLogger(), '0 0 1 1 *');
    await job.stop();
    // Assert
    expect(runs).toBe(0);
  });
});
