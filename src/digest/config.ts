import { validateDetailed } from 'node-cron';
import { z } from 'zod';

/** Every minute: the default tick. */
export const DEFAULT_TICK_CRON = '* * * * *';

/**
 * A node-cron expression, checked the way the scheduler checks it, so that a bad one is refused
 * where the file is read (by the bot and the CLI alike), never at `schedule()`.
 */
const cronSchema = z.string().superRefine((expression, ctx) => {
  const problem = cronProblem(expression);
  if (problem === null) return;
  ctx.addIssue({
    code: 'custom',
    message: `expected a cron expression (5 fields: minute hour day month weekday, in UTC; or 6, seconds first), got ${JSON.stringify(expression)} (${problem})`,
  });
});

/** Why node-cron would refuse `expression`, or null when it would schedule it. */
function cronProblem(expression: string): string | null {
  try {
    const result = validateDetailed(expression);
    return result.valid ? null : (result.errors[0]?.message ?? 'invalid');
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The `digest:` section of scale-review.yml. */
export const digestConfigSchema = z.strictObject({
  /** Set false to run a replica that never sends digests (e.g. a Socket Mode dev bot). */
  enabled: z.boolean().default(true),
  /**
   * How often each replica looks for due digests (node-cron syntax, UTC). Every minute by default;
   * the schedules themselves live in the store, per channel and timezone.
   */
  tickCron: cronSchema.default(DEFAULT_TICK_CRON),
  /**
   * A claimed digest slot is leased this long, renewed every third of it while its send is alive:
   * the channels of a sender that died wait at most this long for another to take over.
   */
  leaseSeconds: z.number().int().min(3).max(86_400).default(60),
  /** Channels sent in parallel within one tick. */
  concurrency: z.number().int().min(1).max(50).default(4),
  /**
   * The trend and projection charts and the indicators table as native blocks in the digest
   * (Slack's data visualization and table blocks); false: the mrkdwn lines only.
   */
  chart: z.boolean().default(true),
  /** Attempts per Slack call (429s honour Retry-After; others back off with jitter). */
  slackAttempts: z.number().int().min(1).max(10).default(5),
  /**
   * The ceiling of chat.postMessage calls per second across all channels and all replicas (they
   * share the pace through the store). Below it the pacer learns the workspace's rate from 429s and
   * probes back up after sustained success (docs/digest.md, "Pacing"); null turns pacing off.
   */
  postsPerSecond: z.number().positive().max(1000).nullable().default(20),
});
export type DigestConfig = z.infer<typeof digestConfigSchema>;

export function defaultDigestConfig(): DigestConfig {
  return digestConfigSchema.parse({});
}
