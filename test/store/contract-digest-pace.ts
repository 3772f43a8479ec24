import { describe, expect, it } from 'vitest';
import { InvalidRecordError } from '../../src/store/errors.js';
import type { PaceReport } from '../../src/store/ports.js';
import type { ContractContext } from './contract.js';
import { at, DAY, uniqueTeam } from './fixtures.js';

const FRESH = 3_000;

function report(workspace: string, owner: string, fields: Partial<PaceReport> = {}): PaceReport {
  return {
    workspace,
    owner,
    postsPerSecond: 20,
    pausedUntil: null,
    now: at(0),
    freshMs: FRESH,
    ...fields,
  };
}

export function digestPaceContract(ctx: ContractContext): void {
  describe('digest pace', () => {
    it('one replica alone gets its own pace back', async () => {
      const workspace = uniqueTeam();

      const pace = await ctx.store.digestPace.exchange(
        report(workspace, 'a', { postsPerSecond: 12 }),
      );

      expect(pace).toEqual({ postsPerSecond: 12, pausedUntil: null, senders: 1 });
    });

    it('fresh replicas are counted once each; the lowest rate and the latest Retry-After win', async () => {
      const workspace = uniqueTeam();
      await ctx.store.digestPace.exchange(report(workspace, 'a', { postsPerSecond: 15 }));
      await ctx.store.digestPace.exchange(
        report(workspace, 'b', { pausedUntil: at(5_000), now: at(100) }),
      );
      await ctx.store.digestPace.exchange(
        report(workspace, 'a', { postsPerSecond: 18, now: at(200) }),
      );

      const pace = await ctx.store.digestPace.exchange(report(workspace, 'c', { now: at(300) }));

      expect(pace).toEqual({ postsPerSecond: 18, pausedUntil: at(5_000), senders: 3 });
    });

    it('a replica silent for freshMs no longer counts, nor does its past Retry-After', async () => {
      const workspace = uniqueTeam();
      await ctx.store.digestPace.exchange(
        report(workspace, 'gone', { postsPerSecond: 2, pausedUntil: at(1_000) }),
      );

      const pace = await ctx.store.digestPace.exchange(
        report(workspace, 'live', { now: at(FRESH) }),
      );

      expect(pace).toEqual({ postsPerSecond: 20, pausedUntil: null, senders: 1 });
    });

    it('workspaces do not mix, and records a day old are deleted', async () => {
      const one = uniqueTeam();
      const other = uniqueTeam();
      await ctx.store.digestPace.exchange(report(one, 'a', { postsPerSecond: 3 }));
      await ctx.store.digestPace.exchange(
        report(other, 'b', { postsPerSecond: 4, now: at(DAY + 1) }),
      );

      const pace = await ctx.store.digestPace.exchange(
        report(one, 'c', { now: at(DAY + 1), freshMs: 2 * DAY }),
      );

      expect(pace).toEqual({ postsPerSecond: 20, pausedUntil: null, senders: 1 });
    });

    it('survives a restart, and refuses a malformed report', async () => {
      const workspace = uniqueTeam();
      await ctx.store.digestPace.exchange(report(workspace, 'a', { postsPerSecond: 7 }));
      const reopened = await ctx.reopen();

      const pace = await reopened.digestPace.exchange(report(workspace, 'b', { now: at(10) }));

      expect(pace.postsPerSecond).toBe(7);
      await expect(
        reopened.digestPace.exchange(report(workspace, 'b', { postsPerSecond: 0 })),
      ).rejects.toThrow(InvalidRecordError);
    });
  });
}
