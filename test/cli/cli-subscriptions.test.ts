import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { captureIo, NOW, tempDir } from './cli-harness.js';

const silent = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

let dir: { dir: string; cleanup: () => void };
let dataDir: string;

beforeEach(() => {
  dir = tempDir();
  dataDir = join(dir.dir, 'data');
});

afterEach(() => {
  dir.cleanup();
});

async function cli(argv: string[]) {
  const run = captureIo({ cwd: dir.dir, env: { DATA_DIR: dataDir } });
  const code = await runCli(argv, run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

describe('subscriptions', () => {
  async function seed() {
    const store = SqliteStore.open(dataDir, silent);
    const input = {
      schedule: { weekday: 1, time: '09:00' } as const,
      createdBy: 'U1ANA',
      active: true,
    };
    const paris = await store.subscriptions.upsert(
      {
        ...input,
        teamId: 'T0FAKE',
        channelId: 'C0OPS',
        timezone: 'Europe/Paris',
        nextRunAt: new Date('2026-12-07T08:00:00Z'),
      },
      NOW,
    );
    await store.subscriptions.setNextRun(paris.id, new Date('2026-12-07T08:00:00Z'), {
      periodKey: '2026-W49',
      status: 'sent',
      at: new Date('2026-11-30T08:00:05Z'),
      ts: '1764489605.000100',
    });
    const gone = await store.subscriptions.upsert(
      {
        ...input,
        teamId: 'T0OTHER',
        channelId: 'C0GONE',
        timezone: 'UTC',
        nextRunAt: new Date('2026-12-07T09:00:00Z'),
      },
      NOW,
    );
    await store.subscriptions.markFailure(gone.id, {
      code: 'channel_not_found',
      at: new Date('2026-11-30T09:00:01Z'),
      reported: true,
    });
    await store.close();
    return { paris, gone };
  }

  it('lists channel, schedule, timezone, next run, last result and failure', async () => {
    // Arrange
    await seed();

    // Act
    const result = await cli(['subscriptions']);

    // Assert
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^Digest subscriptions: every team \(embedded SQLite store at /);
    expect(lines[2]).toMatch(/^Team +Channel +Schedule +Timezone +Next run +Last result +Failure$/);
    expect(lines[3]).toMatch(
      /^T0FAKE +C0OPS +Mon 09:00 +Europe\/Paris +Mon 7 Dec 2026 09:00 +sent 2026-W49, Mon 30 Nov 2026 08:00 UTC +-$/,
    );
    expect(lines[4]).toMatch(
      /^T0OTHER +C0GONE +Mon 09:00 +UTC +Mon 7 Dec 2026 09:00 +never run +channel_not_found since Mon 30 Nov 2026 09:00 UTC, subscriber told$/,
    );
  });

  it('prints the JSON shape and filters by --team', async () => {
    // Arrange
    const { paris } = await seed();

    // Act
    const result = await cli(['subscriptions', '--team', 'T0FAKE', '--json']);

    // Assert
    expect(JSON.parse(result.stdout)).toEqual({
      subscriptions: [
        {
          id: paris.id,
          teamId: 'T0FAKE',
          channelId: 'C0OPS',
          schedule: { weekday: 1, time: '09:00' },
          timezone: 'Europe/Paris',
          active: true,
          nextRunAt: '2026-12-07T08:00:00.000Z',
          createdBy: 'U1ANA',
          lastResult: {
            periodKey: '2026-W49',
            status: 'sent',
            at: '2026-11-30T08:00:05.000Z',
            ts: '1764489605.000100',
            detail: null,
          },
          failure: null,
        },
      ],
    });
  });

  it('says how to subscribe when there is none', async () => {
    // Act
    const result = await cli(['subscriptions']);

    // Assert
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^No digest subscriptions for every team \(/);
    expect(result.stdout).toContain('/scale subscribe');
  });
});
