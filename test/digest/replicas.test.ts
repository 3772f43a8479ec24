import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { defaultStoreConfig } from '../../src/store/config.js';
import { MongoStore } from '../../src/store/mongo/mongo-store.js';
import type { DigestRun, Store, Subscription } from '../../src/store/ports.js';
import { CapturingLogger } from '../store/fixtures.js';
import { dropDatabase, randomDatabaseName, withDatabase } from '../store/mongo-harness.js';
import { type BotProcess, spawnBot } from '../support/bot-process.js';
import { FakeSlack } from '../support/fake-slack.js';
import { waitUntil } from '../support/wait.js';

const SEED_WEEK = join(import.meta.dirname, '..', '..', 'examples', 'seed-week.json');
const TEAM = 'T0REPLICAS';

let fake: FakeSlack;
let apiUrl: string;
let dir: string;
let database: string;
let store: Store;
let bots: BotProcess[] = [];

function mongoUrl(): string {
  return withDatabase(inject('mongodbUrl'), database);
}

beforeEach(async () => {
  fake = new FakeSlack();
  ({ apiUrl } = await fake.start());
  dir = mkdtempSync(join(tmpdir(), 'scale-review-replicas-'));
  database = randomDatabaseName();
  store = await MongoStore.connect({
    url: mongoUrl(),
    defaultDatabase: database,
    client: defaultStoreConfig().mongo,
    logger: new CapturingLogger(),
  });
  writeFileSync(
    join(dir, 'scale-review.yml'),
    [
      'metrics:',
      '  source: file',
      `  file: ${JSON.stringify(SEED_WEEK)}`,
      'digest:',
      "  tickCron: '*/2 * * * * *'",
      '  leaseSeconds: 4',
      '  chart: false',
      '  slackAttempts: 3',
      '',
    ].join('\n'),
  );
});

afterEach(async () => {
  await Promise.all(bots.map((bot) => bot.kill('SIGKILL')));
  bots = [];
  await store.close();
  await dropDatabase(inject('mongodbUrl'), database);
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

function botEnv(): NodeJS.ProcessEnv {
  return {
    SLACK_BOT_TOKEN: 'xoxb-replica-test',
    SLACK_SIGNING_SECRET: 'replica-signing-secret',
    SLACK_API_URL: apiUrl,
    MONGODB_URL: mongoUrl(),
    SCALE_REVIEW_CONFIG: join(dir, 'scale-review.yml'),
    LOG_LEVEL: process.env.TEST_BOT_LOG_LEVEL ?? 'warn',
  };
}

/** Subscriptions whose weekly slot was a minute ago: due now, and not "delayed". */
async function seedDue(count: number): Promise<Subscription[]> {
  const slot = new Date(Math.floor((Date.now() - 60_000) / 60_000) * 60_000);
  const weekday = (((slot.getUTCDay() + 6) % 7) + 1) as Subscription['schedule']['weekday'];
  const time = slot.toISOString().slice(11, 16);
  const subs: Subscription[] = [];
  for (let i = 0; i < count; i++) {
    subs.push(
      await store.subscriptions.upsert(
        {
          teamId: TEAM,
          channelId: `C${String(i).padStart(4, '0')}`,
          schedule: { weekday, time },
          timezone: 'UTC',
          createdBy: 'U0ADMIN',
          active: true,
          nextRunAt: slot,
        },
        new Date(),
      ),
    );
  }
  return subs;
}

/**
 * Polls the store until every subscription's digest is sent. The deadline is generous: the bots'
 * pacer slows the posts down to about one a second after the 429s, on any machine.
 */
async function allSent(subs: Subscription[], timeoutMs: number): Promise<void> {
  let runs: (DigestRun | null)[] = [];
  const sent = () => runs.every((run) => run?.status === 'sent');
  await waitUntil(
    async () => {
      runs = await Promise.all(
        subs.map(async (s) => {
          const sub = await store.subscriptions.getById(s.id);
          const period = sub?.lastResult?.periodKey;
          return period ? store.digestRuns.get(s.id, period) : null;
        }),
      );
      return sent();
    },
    { deadlineMs: timeoutMs, intervalMs: 200 },
  ).catch(() => undefined);
  if (sent()) return;
  const pending = runs.filter((run) => run?.status !== 'sent');
  const logs = bots.map((b) => b.output().split('\n').slice(-40).join('\n')).join('\n---\n');
  throw new Error(
    `${pending.length} of ${subs.length} digests not sent after ${timeoutMs} ms: ${JSON.stringify(pending)}\n${logs}`,
  );
}

function postsPerChannel(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of fake.messages()) counts.set(m.channel, (counts.get(m.channel) ?? 0) + 1);
  return counts;
}

describe('digest across real bot processes sharing one MongoDB (FerretDB)', () => {
  it('three replicas, 50 channels due at once, 429s on 20% of posts: exactly 50 digests', async () => {
    // Arrange
    const subs = await seedDue(50);
    fake.setRandomFaults({
      seed: 7,
      probability: 0.2,
      faults: [{ kind: 'rateLimited', retryAfterSeconds: 1 }],
      methods: ['chat.postMessage'],
    });
    // Act
    bots = await Promise.all([1, 2, 3].map(() => spawnBot(botEnv(), dir)));
    await allSent(subs, 150_000);
    // Assert
    const counts = postsPerChannel();
    expect(counts.size).toBe(50);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(fake.calls('chat.postMessage').some((c) => c.status === 429)).toBe(true);
    for (const m of fake.messages()) {
      expect(m.metadata).toMatchObject({ event_type: 'scale_review_digest' });
    }
  }, 180_000);

  it('a replica killed mid-run leaves no channel without, or with two, digests', async () => {
    // Arrange: three posts land, the fourth lands but its answer is lost, the rest hang
    const subs = await seedDue(10);
    const ok = { kind: 'delay', ms: 0 } as const;
    fake.script(
      'chat.postMessage',
      ok,
      ok,
      ok,
      { kind: 'lostResponse' },
      ...Array.from({ length: 20 }, () => ({ kind: 'hang' }) as const),
    );
    const first = await spawnBot(botEnv(), dir);
    bots.push(first);
    await waitUntil(() => fake.calls('chat.postMessage').length >= 5, {
      deadlineMs: 30_000,
      what: 'five posts',
    });
    // Act: SIGKILL mid-run, then the held requests reach "Slack", then a new replica starts
    await first.kill('SIGKILL');
    fake.clearFaults();
    fake.releaseHeld();
    const second = await spawnBot(botEnv(), dir);
    bots.push(second);
    await allSent(subs, 90_000);
    // Assert: every channel has exactly one digest; the lost one was edited, not reposted
    const counts = postsPerChannel();
    expect(counts.size).toBe(10);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(fake.messages().some((m) => m.edits > 0)).toBe(true);
    // One advice for the team's ten channels, the edited one included, across the kill
    expect(new Set(fake.messages().map((m) => m.text)).size).toBe(1);
    expect(new Set(fake.messages().map((m) => JSON.stringify(m.blocks))).size).toBe(1);
  }, 120_000);

  it('after downtime over the scheduled time, the next start posts the missed digest once, delayed', async () => {
    // Arrange: the slot was 3 hours ago and no bot was running
    const slot = new Date(Math.floor((Date.now() - 3 * 3600_000) / 60_000) * 60_000);
    const weekday = (((slot.getUTCDay() + 6) % 7) + 1) as Subscription['schedule']['weekday'];
    const sub = await store.subscriptions.upsert(
      {
        teamId: TEAM,
        channelId: 'CDOWN',
        schedule: { weekday, time: slot.toISOString().slice(11, 16) },
        timezone: 'UTC',
        createdBy: 'U0ADMIN',
        active: true,
        nextRunAt: slot,
      },
      new Date(),
    );
    // Act
    bots.push(await spawnBot(botEnv(), dir));
    await allSent([sub], 45_000);
    // Assert
    const messages = fake.messages('CDOWN');
    expect(messages).toHaveLength(1);
    expect(JSON.stringify(messages[0]?.blocks)).toMatch(/[Dd]elayed/);
  }, 60_000);
});
