import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Subscription } from '../../src/store/ports.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { FakeSlack } from '../support/fake-slack.js';
import { PROCESS_DEADLINE_MS, waitUntil } from '../support/wait.js';
import { BIN, SEED_WEEK, tempDir } from './cli-harness.js';

/**
 * `scale-review digest --now` as a user runs it: the built binary in its own process, against the
 * fake Slack. A process can end before its work does (a timer that does not keep it alive, a
 * top-level await left pending: exit code 13), which no in-process test can see.
 */

const TOKEN = 'xoxb-cli-process-token';
/** Longer than a rerun's start-up on a loaded machine: it must still find the killed run's lease. */
const RERUN_LEASE_SECONDS = 15;
const silent = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

let dir: { dir: string; cleanup: () => void };
let fake: FakeSlack;
let apiUrl: string;

beforeAll(() => {
  if (!existsSync(BIN)) {
    throw new Error(
      `${BIN} is missing: run \`npm run build\` first (\`npm test\` does it for you)`,
    );
  }
});

function writeConfig(digest: string) {
  writeFileSync(
    join(dir.dir, 'scale-review.yml'),
    `metrics:\n  source: file\n  file: ${SEED_WEEK}\ndigest:\n${digest}`,
  );
}

beforeEach(async () => {
  dir = tempDir();
  writeConfig('  chart: false\n');
});

afterEach(async () => {
  await fake?.close();
  dir.cleanup();
});

async function startSlack(channels: Record<string, { isMember?: boolean }>) {
  fake = new FakeSlack({ channels });
  ({ apiUrl } = await fake.start());
}

/** Subscriptions due now (the process runs on the real clock). */
async function subscribe(channelIds: string[]): Promise<Subscription[]> {
  const store = SqliteStore.open(join(dir.dir, 'data'), silent);
  const now = new Date();
  const weekday = (((now.getUTCDay() + 6) % 7) + 1) as Subscription['schedule']['weekday'];
  const subscriptions: Subscription[] = [];
  for (const channelId of channelIds) {
    subscriptions.push(
      await store.subscriptions.upsert(
        {
          teamId: 'T0FAKE',
          channelId,
          schedule: { weekday, time: now.toISOString().slice(11, 16) },
          timezone: 'UTC',
          createdBy: 'U1ANA',
          active: true,
          nextRunAt: new Date(now.getTime() - 1000),
        },
        new Date(now.getTime() - 86_400_000),
      ),
    );
  }
  await store.close();
  return subscriptions;
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the binary without blocking this process (the fake Slack answers from here). */
function scaleReview(args: string[]): Promise<Run> {
  return finished(start(args));
}

function start(args: string[]): ChildProcessWithoutNullStreams {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: join(dir.dir, 'data'),
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_API_URL: apiUrl,
    SCALE_REVIEW_CONFIG: join(dir.dir, 'scale-review.yml'),
  };
  for (const name of ['MONGODB_URL', 'AWS_REGION']) delete env[name];
  return spawn(process.execPath, [BIN, ...args], { cwd: dir.dir, env });
}

function finished(child: ChildProcessWithoutNullStreams): Promise<Run> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`scale-review did not exit within ${PROCESS_DEADLINE_MS} ms`));
    }, PROCESS_DEADLINE_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

describe('the scale-review digest --now process', () => {
  it('prints its summary, DMs the subscriber and exits 1 when a channel refuses the digest', async () => {
    // Arrange: the app was removed from the channel
    await startSlack({ C0GONE12: { isMember: false } });

    // Act: five runs, as the failure was intermittent (4 of 5 runs ended silently with code 13)
    const runs: Run[] = [];
    for (let i = 0; i < 5; i++) {
      fake.reset();
      const [sub] = await subscribe(['C0GONE12']);
      expect(sub?.failure).toBeUndefined();
      runs.push(await scaleReview(['digest', '--now']));
    }

    // Assert
    for (const run of runs) {
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 1, stderr: '' });
      expect(run.stdout).toMatch(/^Digest: 1 due, 0 sent, 0 edited, 0 skipped, 1 failed, 0 leased/);
      expect(run.stdout).toContain(
        'Failed for good: C0GONE12 (team T0FAKE): not_in_channel (the subscriber is told once by DM)',
      );
    }
    expect(fake.calls('chat.postMessage').filter((c) => c.args.channel === 'U1ANA')).toHaveLength(
      1,
    );
  }, 120_000);

  it('waits out a Retry-After and sends: the wait does not end the process', async () => {
    // Arrange: Slack refuses the first post with a 429, Retry-After 1 s
    await startSlack({ C0OPS123: {} });
    await subscribe(['C0OPS123']);
    fake.script('chat.postMessage', { kind: 'rateLimited', retryAfterSeconds: 1 });

    // Act
    const run = await scaleReview(['digest', '--now']);

    // Assert
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^Digest: 1 due, 1 sent, 0 edited, 0 skipped, 0 failed, 0 leased/);
    const posts = fake.calls('chat.postMessage');
    expect(posts.map((c) => c.status)).toEqual([429, 200]);
    expect((posts[1]?.at ?? 0) - (posts[0]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  }, 60_000);

  it('after a run killed mid-send, a rerun says so, waits out its lease and edits the digest', async () => {
    // Arrange: the first run's post reaches Slack but its answer never comes back; it is killed.
    // The rerun must find the lease still running, after its own start-up (about 4 s on a loaded
    // 2-core machine, which a 3 s lease did not survive), so the lease is long and the test waits it out.
    writeConfig(`  leaseSeconds: ${RERUN_LEASE_SECONDS}\n`);
    await startSlack({ C0OPS123: {} });
    await subscribe(['C0OPS123']);
    fake.script('chat.postMessage', { kind: 'lostResponse' });
    const first = start(['digest', '--now']);
    const killed = finished(first);
    await waitUntil(() => fake.calls('chat.postMessage').length > 0, {
      deadlineMs: PROCESS_DEADLINE_MS,
      what: 'the first post',
    });
    first.kill('SIGKILL');
    expect((await killed).signal).toBe('SIGKILL');
    fake.releaseHeld();

    // Act
    const rerun = await scaleReview(['digest', '--now']);

    // Assert: one digest, edited, with its table and chart
    expect({ code: rerun.code, stderr: rerun.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = rerun.stdout.split('\n');
    expect(lines[0]).toMatch(
      new RegExp(
        `^Retrying: C0OPS123 \\(team T0FAKE\\): a previous run \\(cli:${hostname()}:${first.pid}\\) stopped mid-send \\(process ${first.pid} on this host is not running\\); retrying after its lease ends at \\d{2}:\\d{2}:\\d{2} UTC\\.$`,
      ),
    );
    expect(lines[1]).toMatch(/^Digest: 1 due, 0 sent, 1 edited, 0 skipped, 0 failed, 0 leased/);
    const digests = fake.messages('C0OPS123').filter((m) => m.metadata !== undefined);
    expect(digests).toHaveLength(1);
    expect(digests[0]?.edits).toBe(1);
    expect(JSON.stringify(digests[0]?.blocks)).toMatch(
      /"type":"table".*"type":"data_visualization"/,
    );
  }, 120_000);
});
