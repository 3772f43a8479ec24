import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { captureIo, NOW, SEED_WEEK, tempDir } from './cli-harness.js';

const DAY = 86_400_000;
const silent = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

let dir: { dir: string; cleanup: () => void };
let dataDir: string;

beforeEach(() => {
  dir = tempDir({ 'hot.json': JSON.stringify({ cpuPercent: 90 }) });
  dataDir = join(dir.dir, 'data');
});

afterEach(() => {
  dir.cleanup();
});

/** Runs the CLI in the temp directory with DATA_DIR set, at `now`. */
async function cli(argv: string[], options: { now?: Date; env?: NodeJS.ProcessEnv } = {}) {
  const run = captureIo({
    cwd: dir.dir,
    env: { DATA_DIR: dataDir, ...options.env },
    now: () => options.now ?? NOW,
  });
  const code = await runCli(argv, run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

function savedId(stdout: string): string {
  const match = /Saved as review (\S+) \(team /.exec(stdout);
  if (!match?.[1]) throw new Error(`no review id in: ${stdout}`);
  return match[1];
}

describe('status --save and history', () => {
  it('stores the printed review and lists it, newest first, as text and JSON', async () => {
    // Arrange
    const first = await cli(['status', '--save', '--metrics', SEED_WEEK]);
    const later = new Date(NOW.getTime() + 7 * DAY);
    const second = await cli(['status', '--save', '--metrics', 'hot.json'], { now: later });

    // Act
    const text = await cli(['history'], { now: later });
    const json = await cli(['history', '--json'], { now: later });

    // Assert
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Recommendation: Monitor, no action needed yet');
    expect(first.stdout).toMatch(
      /\nSaved as review \S+ \(team local, embedded SQLite store at .+scale-review\.sqlite \(one process only\)\)\n$/,
    );
    expect(second.code).toBe(0);
    const [firstId, secondId] = [savedId(first.stdout), savedId(second.stdout)];
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toMatch(/^Review history: team local, newest first \(embedded SQLite store/);
    const entries = lines.filter((l) => / · Stage /.test(l));
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatch(/^Mon 7 Dec 2026 09:00 UTC · Stage 1 Small Team · /);
    expect(entries[0]).toContain(`(review ${secondId})`);
    expect(entries[1]).toBe(
      `Mon 30 Nov 2026 09:00 UTC · Stage 1 Small Team · Monitor, no action needed yet (review ${firstId})`,
    );
    const parsed = JSON.parse(json.stdout);
    expect(parsed.teamId).toBe('local');
    expect(parsed.reviews.map((r: { id: string }) => r.id)).toEqual([secondId, firstId]);
    expect(parsed.reviews[1]).toEqual({
      id: firstId,
      createdAt: NOW.toISOString(),
      stage: { number: 1, name: 'Small Team' },
      headline: 'Monitor, no action needed yet',
      decisions: [],
    });
  });

  it('prints the stored review id in the JSON output', async () => {
    // Act
    const saved = await cli(['status', '--save', '--json', '--metrics', SEED_WEEK]);
    const history = await cli(['history', '1', '--json']);

    // Assert
    expect(saved.code).toBe(0);
    const json = JSON.parse(saved.stdout);
    expect(json.reviewId).toEqual(expect.any(String));
    expect(JSON.parse(history.stdout).reviews[0].id).toBe(json.reviewId);
  });

  it('takes the advice from history: a breach becomes "act" only when it persists (hysteresis)', async () => {
    // Act
    const once = await cli(['status', '--save', '--json', '--metrics', 'hot.json']);
    const twice = await cli(['status', '--save', '--json', '--metrics', 'hot.json'], {
      now: new Date(NOW.getTime() + 7 * DAY),
    });

    // Assert
    const severities = (out: string) =>
      JSON.parse(out).recommendations.map((r: { severity: string }) => r.severity);
    expect(severities(once.stdout)).not.toContain('act');
    expect(severities(twice.stdout)).toContain('act');
  });

  it('saves for --team and lists each team apart', async () => {
    // Arrange
    await cli(['status', '--save', '--team', 'T0123ABCD', '--metrics', SEED_WEEK]);

    // Act
    const team = await cli(['history', '--team', 'T0123ABCD', '--json']);
    const local = await cli(['history', '--json']);

    // Assert
    expect(JSON.parse(team.stdout).reviews).toHaveLength(1);
    expect(JSON.parse(local.stdout)).toEqual({ teamId: 'local', reviews: [] });
  });

  it('shows the decisions taken on a review', async () => {
    // Arrange
    const saved = await cli(['status', '--save', '--metrics', 'hot.json']);
    const reviewId = savedId(saved.stdout);
    const store = SqliteStore.open(dataDir, silent);
    const [review] = await store.reviews.latest({ teamId: 'local', limit: 1 });
    const key = review?.review.recommendations[0]?.key ?? 'missing';
    await store.decisions.record({
      teamId: 'local',
      reviewId,
      recommendationKey: key,
      kind: 'ack',
      userId: 'U1ANA',
      at: new Date(NOW.getTime() + 3_600_000),
      snoozeUntil: null,
      metricsAtDecision: { cpuPercent: 90 },
    });
    await store.close();

    // Act
    const text = await cli(['history']);
    const json = await cli(['history', '--json']);

    // Assert
    expect(text.stdout).toMatch(/\n {2}- acknowledged ".+" by U1ANA, Mon 30 Nov 2026 10:00 UTC\n/);
    expect(JSON.parse(json.stdout).reviews[0].decisions).toEqual([
      {
        kind: 'ack',
        recommendationKey: key,
        recommendationText: expect.any(String),
        userId: 'U1ANA',
        at: '2026-11-30T10:00:00.000Z',
        snoozeUntil: null,
        reason: null,
        active: false,
      },
    ]);
  });

  it('says so on an empty store, and how to fill it', async () => {
    // Act
    const text = await cli(['history']);
    const json = await cli(['history', '--json']);

    // Assert
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^No reviews stored for team local yet \(embedded SQLite store at /,
    );
    expect(text.stdout).toContain('Store one with: scale-review status --save');
    expect(JSON.parse(json.stdout)).toEqual({ teamId: 'local', reviews: [] });
    expect(text.stderr).toBe('');
  });

  it('does not touch the store without --save', async () => {
    // Act
    const result = await cli(['status', '--metrics', SEED_WEEK]);

    // Assert
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('Saved as review');
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe('store errors', () => {
  it('refuses a store another Scale Review holds, in one line, and leaves it intact', async () => {
    // Arrange
    const bot = SqliteStore.open(dataDir, silent);

    // Act
    const saved = await cli(['status', '--save', '--metrics', SEED_WEEK]);
    const history = await cli(['history']);
    const stored = await bot.reviews.latest({ teamId: 'local', limit: 5 });
    await bot.close();

    // Assert
    for (const result of [saved, history]) {
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        `scale-review: another Scale Review (the bot?) is using ${dataDir}, and the embedded store serves one process at a time: ask the bot in Slack instead (/scale history, /scale subscriptions, /scale status), or stop it and run this again; with MongoDB (MONGODB_URL) the bot and this command share the store\n`,
      );
    }
    expect(stored).toEqual([]);
  });

  it('names the MongoDB host, never the password, when it is unreachable', async () => {
    // Arrange
    const config =
      'store:\n  mongo:\n    serverSelectionTimeoutMS: 200\n    connectTimeoutMS: 200\n';
    const files = tempDir({ 'scale-review.yml': config });
    const run = captureIo({
      cwd: files.dir,
      env: { MONGODB_URL: 'mongodb://scale:hunter2@127.0.0.1:1/scale_review' },
    });

    // Act
    const code = await runCli(['history'], run.io);
    files.cleanup();

    // Assert
    expect(code).toBe(2);
    expect(run.stderr()).toMatch(
      /^scale-review: Cannot use MongoDB at 127\.0\.0\.1:1, database scale_review \(from MONGODB_URL\): .+\n$/,
    );
    expect(run.stderr()).not.toContain('hunter2');
  });
});
