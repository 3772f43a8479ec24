import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { isValidTimezone } from '../domain/schedule.js';
import type { Logger } from '../logging/logger.js';

const usersInfoSchema = z.object({
  user: z.object({ tz: z.string().optional() }).optional(),
});

interface Entry {
  timezone: string | null;
  expiresAt: number;
}

export interface UserDirectoryOptions {
  clock: () => Date;
  logger: Logger;
  /** How long a looked-up timezone is kept (default 10 minutes). */
  ttlMs?: number;
  /** Entries kept at most; the oldest go first (default 5,000). */
  maxEntries?: number;
}

/**
 * Users' Slack timezones (users.info, scope users:read), cached briefly in memory: snoozing until a
 * date and subscribing both need it, and a user usually clicks several times in a row.
 */
export class UserDirectory {
  private readonly cache = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(private readonly options: UserDirectoryOptions) {
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.maxEntries = options.maxEntries ?? 5_000;
  }

  /** The user's IANA timezone, or null when Slack does not say (or cannot be asked right now). */
  async timezoneOf(client: WebClient, teamId: string, userId: string): Promise<string | null> {
    const key = `${teamId}:${userId}`;
    const now = this.options.clock().getTime();
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > now) return cached.timezone;
    const found = await this.lookUp(client, userId);
    // A failed look-up is not cached: the next click asks Slack again.
    if (found.ok) this.remember(key, { timezone: found.timezone, expiresAt: now + this.ttlMs });
    return found.timezone;
  }

  private async lookUp(
    client: WebClient,
    userId: string,
  ): Promise<{ ok: boolean; timezone: string | null }> {
    try {
      const parsed = usersInfoSchema.safeParse(await client.users.info({ user: userId }));
      const tz = parsed.success ? parsed.data.user?.tz : undefined;
      return { ok: true, timezone: tz !== undefined && isValidTimezone(tz) ? tz : null };
    } catch (error) {
      this.options.logger.warn({ err: error, userId }, 'users.info failed; timezone unknown');
      return { ok: false, timezone: null };
    }
  }

  private remember(key: string, entry: Entry): void {
    this.cache.delete(key);
    this.cache.set(key, entry);
    while (this.cache.size > this.maxEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }
}
