import { Writable } from 'node:stream';
import { createLogger, type PinoLogger } from '../../../src/bootstrap/logger.js';
import type { Store, Subscription } from '../../../src/store/ports.js';

/** The bot's own pino logger (redaction included) writing JSON lines into memory. */
export function capturedLogger(level = 'debug'): { logger: PinoLogger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level, destination }), lines };
}

/** The latest weekly slot at or before `now - ageMs`, on the minute (UTC). */
export function recentSlot(now: Date, ageMs = 60_000) {
  const at = new Date(Math.floor((now.getTime() - ageMs) / 60_000) * 60_000);
  const weekday = (((at.getUTCDay() + 6) % 7) + 1) as Subscription['schedule']['weekday'];
  return { at, schedule: { weekday, time: at.toISOString().slice(11, 16) } };
}

/** `count` subscriptions in `teamId` whose weekly slot was a minute before `now`: due now. */
export async function seedDueSubscriptions(
  store: Store,
  options: { teamId: string; count: number; now: Date; prefix?: string },
): Promise<Subscription[]> {
  const slot = recentSlot(options.now);
  const subscriptions: Subscription[] = [];
  for (let i = 0; i < options.count; i++) {
    subscriptions.push(
      await store.subscriptions.upsert(
        {
          teamId: options.teamId,
          channelId: `${options.prefix ?? 'C'}${String(i).padStart(4, '0')}`,
          schedule: slot.schedule,
          timezone: 'UTC',
          createdBy: 'U0ADMIN',
          active: true,
          nextRunAt: slot.at,
        },
        options.now,
      ),
    );
  }
  return subscriptions;
}

/** The digest run of each subscription's current period (from its last result), or null. */
export async function digestRunsOf(store: Store, subscriptions: readonly Subscription[]) {
  return Promise.all(
    subscriptions.map(async (s) => {
      const current = await store.subscriptions.getById(s.id);
      const period = current?.lastResult?.periodKey;
      return period ? store.digestRuns.get(s.id, period) : null;
    }),
  );
}
