import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPacer, type PostOutcome } from '../../src/digest/pacer.js';
import { storePaceExchange } from '../../src/digest/shared-pace.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { CapturingLogger } from '../store/fixtures.js';
import { virtualTime } from '../support/virtual-time.js';

const T0 = Date.parse('2026-12-01T09:00:00.000Z');

let dir: string;
let store: SqliteStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scale-review-pace-'));
  store = SqliteStore.open(dir, new CapturingLogger());
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A replica: its pacer on the shared time and store, and a loop that posts from `from` to `until`. */
function replica(time: ReturnType<typeof virtualTime>, owner: string) {
  const pacer = createPacer({
    ratePerSecond: 20,
    now: () => time.state.now,
    sleep: time.sleep,
    share: storePaceExchange(
      store.digestPace,
      owner,
      () => new Date(T0 + time.state.now),
      new CapturingLogger(),
    ),
  });
  const sentAt: number[] = [];
  const run = async (
    until: number,
    answer: (at: number) => PostOutcome = () => ({ kind: 'accepted' }),
  ) => {
    while (time.state.now < until) {
      const permit = await pacer.take();
      sentAt.push(time.state.now);
      permit.settle(answer(time.state.now));
    }
  };
  return { sentAt, run };
}

const within = (times: readonly number[], from: number, to: number) =>
  times.filter((t) => t >= from && t < to);

describe('the pace shared through the store', () => {
  it('two replicas sending at once each take half of the workspace rate; alone, one takes all', async () => {
    // Arrange
    const time = virtualTime();
    const a = replica(time, 'replica-a');
    const b = replica(time, 'replica-b');
    // Act: A alone for 2 s, then both until 6 s
    const runs = [a.run(6_000)];
    await time.advanceTo(2_000);
    runs.push(b.run(6_000));
    await time.advanceTo(6_500);
    await Promise.all(runs);
    // Assert: 20 a second alone; 10 each (20 together) once both have exchanged
    expect(within(a.sentAt, 1_000, 2_000)).toHaveLength(20);
    expect(within(a.sentAt, 4_000, 5_000)).toHaveLength(10);
    expect(within(b.sentAt, 4_000, 5_000)).toHaveLength(10);
  });

  it("one replica's 429 pauses the other for its Retry-After", async () => {
    // Arrange
    const time = virtualTime();
    const a = replica(time, 'replica-a');
    const b = replica(time, 'replica-b');
    let refused = false;
    // Act: both send; A's first post after 2 s is refused with Retry-After 3 s
    const runs = [
      a.run(8_000, (at) => {
        if (at < 2_000 || refused) return { kind: 'accepted' };
        refused = true;
        return { kind: 'rateLimited', retryAfterMs: 3_000 };
      }),
      b.run(8_000),
    ];
    await time.advanceTo(8_500);
    await Promise.all(runs);
    // Assert: B stops within one exchange (1 s) of the refusal and sends nothing until it ends
    const refusedAt = a.sentAt.find((t) => t >= 2_000) as number;
    expect(within(b.sentAt, refusedAt + 1_000, refusedAt + 3_000)).toHaveLength(0);
    expect(within(b.sentAt, refusedAt + 3_000, 8_000).length).toBeGreaterThan(0);
  });
});

describe('storePaceExchange', () => {
  it('tells a failing store once a minute and passes the failure on (the pacer keeps its own view)', async () => {
    // Arrange
    const logger = new CapturingLogger();
    let now = T0;
    const failing = {
      exchange: async () => {
        throw new Error('store down');
      },
    } as unknown as typeof store.digestPace;
    const share = storePaceExchange(failing, 'a', () => new Date(now), logger);
    const mine = { postsPerSecond: 20, pauseMs: 0 };
    // Act
    await expect(share.exchange(mine)).rejects.toThrow('store down');
    now += 30_000;
    await expect(share.exchange(mine)).rejects.toThrow('store down');
    now += 30_000;
    await expect(share.exchange(mine)).rejects.toThrow('store down');
    // Assert
    expect(logger.entries.map((e) => [e.level, e.msg])).toEqual([
      ['warn', 'digest pace exchange failed; this replica paces on its own view'],
      ['warn', 'digest pace exchange failed; this replica paces on its own view'],
    ]);
  });
});
