import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { METADATA_EVENT_TYPES } from '../../blocks/ids.js';
import { runCli } from '../../src/cli/run-cli.js';
import type { Subscription } from '../../src/store/ports.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { FakeSlack, type FakeSlackOptions } from '../support/fake-slack.js';
import { captureIo, NOW, SEED_WEEK, tempDir } from './cli-harness.js';

const silent = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
const TOKEN = 'xoxb-cli-test-token';

let dir: { dir: string; cleanup: () => void };
let dataDir: string;
let fake: FakeSlack;
let apiUrl: string;

async function startSlack(options: FakeSlackOptions = {}) {
  fake = new FakeSlack({ clock: () => NOW.getTime(), ...options });
  ({ apiUrl } = await fake.start());
}

beforeEach(async () => {
  // The chart is on (the default): the digest carries its table and chart blocks, as in the bot.
  dir = tempDir({
    'scale-review.yml': `metrics:\n  source: file\n  file: ${SEED_WEEK}\ndigest:\n  slackAttempts: 2\n`,
  });
  dataDir = join(dir.dir, 'data');
  await startSlack();
});

afterEach(async () => {
  await fake.close();
  dir.cleanup();
});

/** A Monday 09:00 UTC subscription, due at NOW (itself a Monday 09:00 UTC). */
async function subscribe(channelId = 'C0OPS123'): Promise<Subscription> {
  const store = SqliteStore.open(dataDir, silent);
  const subscription = await store.subscriptions.upsert(
    {
      teamId: 'T0FAKE',
      channelId,
      schedule: { weekday: 1, time: '09:00' },
      timezone: 'UTC',
      createdBy: 'U1ANA',
      active: true,
      nextRunAt: NOW,
    },
    new Date(NOW.getTime() - 86_400_000),
  );
  await store.close();
  return subscription;
}

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const run = captureIo({
    cwd: dir.dir,
    env: { DATA_DIR: dataDir, SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: apiUrl, ...env },
  });
  const code = await runCli(argv, run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

/** A pid that ran and ended: a sender of this host that stopped. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

/** A run of this period claimed by `owner` at `at` for a minute, as a sender that then went quiet. */
async function heldBy(subscription: Subscription, owner: string, at: Date) {
  const store = SqliteStore.open(dataDir, silent);
  await store.digestRuns.claim({
    subscriptionId: subscription.id,
    periodKey: '2026-W49',
    owner,
    now: at,
    leaseMs: 60_000,
  });
  await store.close();
}

/** The CLI on a clock that its sleeps move forward (no real waiting). */
async function cliOnClock(argv: string[], start: Date) {
  let now = start.getTime();
  const slept: number[] = [];
  const run = captureIo({
    cwd: dir.dir,
    env: { DATA_DIR: dataDir, SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: apiUrl },
    now: () => new Date(now),
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  });
  const code = await runCli(argv, run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr(), slept };
}

describe('digest --now after a sender stopped', () => {
  it('says a previous run stopped mid-send, waits out its lease and sends', async () => {
    // Arrange: a CLI run of this host claimed the period 20 s ago, then its process died
    const subscription = await subscribe();
    const pid = deadPid();
    await heldBy(subscription, `cli:${hostname()}:${pid}`, NOW);

    // Act
    const result = await cliOnClock(['digest', '--now'], new Date(NOW.getTime() + 20_000));

    // Assert
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      `Retrying: C0OPS123 (team T0FAKE): a previous run (cli:${hostname()}:${pid}) stopped mid-send (process ${pid} on this host is not running); retrying after its lease ends at 09:01:00 UTC.`,
      'Digest: 1 due, 1 sent, 0 edited, 0 skipped, 0 failed, 0 leased (40.0 s)',
      '',
    ]);
    expect(result.slept).toEqual([40_000]);
    expect(fake.messages('C0OPS123').filter((m) => m.metadata !== undefined)).toHaveLength(1);
  });

  it('treats a sender of another host that stopped renewing its lease as stopped', async () => {
    const subscription = await subscribe();
    await heldBy(subscription, 'bot:other-host:4242:a1b2c3', NOW);

    const result = await cliOnClock(['digest', '--now'], new Date(NOW.getTime() + 45_000));

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Retrying: C0OPS123 \(team T0FAKE\): a previous run \(bot:other-host:4242:a1b2c3\) stopped mid-send \(not heard from for 45 s\); retrying after its lease ends at 09:01:00 UTC\.\nDigest: 1 due, 1 sent, /,
    );
    expect(result.slept).toEqual([15_000]);
  });

  it('leaves a live sender alone and says who sends it and until when', async () => {
    const subscription = await subscribe();
    await heldBy(subscription, 'bot:other-host:4242:a1b2c3', NOW);

    const result = await cliOnClock(['digest', '--now'], new Date(NOW.getTime() + 5_000));

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'Digest: 1 due, 0 sent, 0 edited, 0 skipped, 0 failed, 1 leased (0.0 s)\n' +
        'Leased: C0OPS123 (team T0FAKE): bot:other-host:4242:a1b2c3 is sending it right now (last heard from 5 s ago; lease until 09:01:00 UTC).\n',
    );
    expect(result.slept).toEqual([]);
    expect(fake.calls('chat.postMessage')).toHaveLength(0);
  });
});

describe('digest --now', () => {
  it('posts a due digest exactly once, with its metadata; a rerun posts nothing', async () => {
    // Arrange
    const subscription = await subscribe();

    // Act
    const first = await cli(['digest', '--now']);
    const again = await cli(['digest', '--now', '--channel', 'C0OPS123']);
    const nothingDue = await cli(['digest', '--now']);

    // Assert
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      'Digest: 1 due, 1 sent, 0 edited, 0 skipped, 0 failed, 0 leased (0.0 s)\n',
    );
    const posts = fake.calls('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.token).toBe(TOKEN);
    expect(posts[0]?.args).toMatchObject({
      channel: 'C0OPS123',
      metadata: {
        event_type: METADATA_EVENT_TYPES.digest,
        event_payload: { subscriptionId: subscription.id, periodKey: '2026-W49' },
      },
    });
    const blocks = (posts[0]?.args.blocks ?? []) as { type: string }[];
    const blockTypes = blocks.map((b) => b.type);
    expect(blockTypes).toEqual(expect.arrayContaining(['table', 'data_visualization']));
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      /^Digest: 1 due, 0 sent, 0 edited, 1 skipped, 0 failed, 0 leased \(0\.0 s\)\nSkipped: /,
    );
    expect(nothingDue.stdout).toMatch(/^Digest: 0 due, 0 sent, .+\nNothing is due now; /);
    expect(fake.calls('chat.postMessage')).toHaveLength(1);
    expect(fake.calls('chat.update')).toHaveLength(0);
  });

  it('records the result on the subscription, shown by subscriptions', async () => {
    // Arrange
    await subscribe();
    await cli(['digest', '--now']);

    // Act
    const listed = await cli(['subscriptions', '--json']);

    // Assert
    const [subscription] = JSON.parse(listed.stdout).subscriptions;
    const [digest] = fake.messages('C0OPS123').filter((m) => m.metadata !== undefined);
    expect(subscription.lastResult).toEqual({
      periodKey: '2026-W49',
      status: 'sent',
      at: NOW.toISOString(),
      ts: digest?.ts,
      detail: null,
    });
    expect(subscription.nextRunAt).toBe('2026-12-07T09:00:00.000Z');
  });

  it('reports a channel Slack refuses as failed, with exit 1, and keeps the others going', async () => {
    // Arrange
    await fake.close();
    await startSlack({
      knownChannelsOnly: true,
      channels: { C0OPS123: {}, C0ARCH12: { isArchived: true } },
    });
    await subscribe('C0OPS123');
    await subscribe('C0ARCH12');

    // Act
    const result = await cli(['digest', '--now']);

    // Assert
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^Digest: 2 due, 1 sent, 0 edited, 0 skipped, 1 failed, 0 leased/,
    );
    const digests = fake.messages('C0OPS123').filter((m) => m.metadata !== undefined);
    expect(digests).toHaveLength(1);
    expect(fake.messages('C0ARCH12')).toEqual([]);
    expect(result.stderr).not.toContain(TOKEN);
  });

  it('posts a digest Slack refuses with its table and chart once more with the mrkdwn lines: one digest', async () => {
    // Arrange: a Slack that does not take table and chart blocks
    const subscription = await subscribe();
    fake.refuseNativeBlocks();

    // Act
    const first = await cli(['digest', '--now']);
    const again = await cli(['digest', '--now', '--channel', 'C0OPS123']);

    // Assert: refused once, then posted with the lines; the same metadata; nothing more after
    expect(first.code).toBe(0);
    expect(first.stderr).toBe(
      "scale-review: warning: Slack refused the digest's chart and table; sending it with the mrkdwn lines instead (channelId: C0OPS123)\n",
    );
    expect(first.stdout).toMatch(/^Digest: 1 due, 1 sent, 0 edited, 0 skipped, 0 failed/);
    expect(again.stdout).toMatch(/^Digest: 1 due, 0 sent, 0 edited, 1 skipped/);
    const posts = fake.calls('chat.postMessage');
    expect(posts.map((c) => c.error ?? 'ok')).toEqual(['invalid_blocks', 'ok']);
    expect(fake.blockRefusals()).toEqual(['unsupported type: table [json-pointer:/blocks/3/type]']);
    const digests = fake.messages('C0OPS123');
    expect(digests).toHaveLength(1);
    expect(digests[0]?.metadata).toMatchObject({
      event_payload: { subscriptionId: subscription.id, periodKey: '2026-W49' },
    });
    const shown = JSON.stringify(digests[0]?.blocks);
    expect(shown).not.toMatch(/"type":"(table|data_visualization)"/);
    expect(shown).toContain('Server CPU: 72% (consider scaling at &gt;75%)');
    expect(shown).toContain('*Indicators vs thresholds*');
  });

  it('a forced run for a channel subscribed today is not "delayed", and names its next digest', async () => {
    // Arrange: Mon 7 Dec 10:00 UTC, a Tuesday 09:00 digest subscribed an hour ago; its latest
    // period is week 49 (Tue 1 Dec), a slot from before the subscription existed
    const today = new Date('2026-12-07T10:00:00Z');
    const store = SqliteStore.open(dataDir, silent);
    await store.subscriptions.upsert(
      {
        teamId: 'T0FAKE',
        channelId: 'C0TUE123',
        schedule: { weekday: 2, time: '09:00' },
        timezone: 'UTC',
        createdBy: 'U1ANA',
        active: true,
        nextRunAt: new Date('2026-12-08T09:00:00Z'),
      },
      new Date('2026-12-07T09:00:00Z'),
    );
    await store.close();

    // Act
    const result = await cliOnClock(['digest', '--now', '--channel', 'C0TUE123'], today);

    // Assert
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Digest: 1 due, 1 sent, /);
    const [digest] = fake.messages('C0TUE123').filter((m) => m.metadata !== undefined);
    const shown = `${digest?.text}\n${JSON.stringify(digest?.blocks)}`;
    expect(digest?.text).toMatch(/^Scaling Indicators · Week 49, 2026: /);
    expect(shown).not.toContain('delayed');
    expect(shown).not.toContain('Delayed');
    const nextTuesday = Math.floor(Date.parse('2026-12-08T09:00:00Z') / 1000);
    expect(shown).toContain(
      `Next digest: <!date^${nextTuesday}^{date_long_pretty}|Tue 8 Dec 2026>`,
    );
    expect(shown).not.toContain('Next review');
    const listed = JSON.parse((await cli(['subscriptions', '--json'])).stdout);
    expect(listed.subscriptions[0].lastResult).toMatchObject({ status: 'sent', detail: null });
  });

  it('a digest caught up after downtime is still marked delayed', async () => {
    // Arrange: the Monday 09:00 slot was the subscription's, and the run is 3 hours late
    await subscribe();

    // Act
    const result = await cliOnClock(['digest', '--now'], new Date(NOW.getTime() + 3 * 3600_000));

    // Assert
    expect(result.stdout).toMatch(/^Digest: 1 due, 1 sent, /);
    const [digest] = fake.messages('C0OPS123').filter((m) => m.metadata !== undefined);
    expect(digest?.text).toMatch(/^Scaling Indicators · Week 49, 2026 \(delayed\): /);
    const nextMonday = Math.floor(Date.parse('2026-12-07T09:00:00Z') / 1000);
    expect(JSON.stringify(digest?.blocks)).toContain(
      `Next digest: <!date^${nextMonday}^{date_long_pretty}|Mon 7 Dec 2026>`,
    );
  });

  it('refuses a channel without a subscription', async () => {
    // Arrange
    await subscribe();

    // Act
    const result = await cli(['digest', '--now', '--channel', 'C0NOPE12']);

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'scale-review: channel C0NOPE12 has no digest subscription; subscribe it in Slack with /scale subscribe (see scale-review subscriptions)\n',
    );
    expect(fake.calls()).toEqual([]);
  });

  it('reads SLACK_BOT_TOKEN and SLACK_API_URL from ./.env, as npm start does', async () => {
    // Arrange: the variables only in the working directory's .env
    await subscribe();
    writeFileSync(join(dir.dir, '.env'), `SLACK_BOT_TOKEN=${TOKEN}\nSLACK_API_URL="${apiUrl}"\n`);
    const run = captureIo({ cwd: dir.dir, env: { DATA_DIR: dataDir } });

    // Act
    const code = await runCli(['digest', '--now'], run.io);

    // Assert
    expect(run.stderr()).toBe('');
    expect(code).toBe(0);
    expect(fake.calls('chat.postMessage').map((c) => c.token)).toEqual([TOKEN]);
  });

  it('needs SLACK_BOT_TOKEN: exit 2 with the fix, before touching the store or Slack', async () => {
    // Act
    const result = await cli(['digest', '--now'], { SLACK_BOT_TOKEN: '' });

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^scale-review: SLACK_BOT_TOKEN is not set: set it to the Bot User OAuth Token \(xoxb-\.\.\.\) .+\n$/,
    );
    expect(existsSync(dataDir)).toBe(false);
    expect(fake.calls()).toEqual([]);
  });

  it('refuses a bad digest section, naming the field', async () => {
    // Arrange
    const config = tempDir({ 'scale-review.yml': 'digest:\n  slackAttempts: 0\n' });
    const run = captureIo({
      cwd: config.dir,
      env: { DATA_DIR: dataDir, SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: apiUrl },
    });

    // Act
    const code = await runCli(['digest', '--now'], run.io);
    config.cleanup();

    // Assert
    expect(code).toBe(2);
    expect(run.stderr().split('\n')[0]).toMatch(
      /^scale-review: scale-review\.yml: digest\.slackAttempts: /,
    );
  });
});
