/**
 * Fault injection for the fake Slack: per-method scripts, seeded random faults and Slack-like rate
 * limits (about 1 chat.postMessage per second per channel, plus a workspace-wide rate).
 */

export type Fault =
  /** HTTP 429 with `Retry-After: <seconds>`. */
  | { kind: 'rateLimited'; retryAfterSeconds: number }
  /** A non-200 HTTP status (500, 503...). */
  | { kind: 'httpError'; status: number }
  /** HTTP 200 with `{ ok: false, error }` (`channel_not_found`, `not_in_channel`...). */
  | { kind: 'slackError'; error: string }
  /** Answer normally, after the fake's `sleep(ms)` (inject `sleep` to control it). */
  | { kind: 'delay'; ms: number }
  /** Never answer until `releaseHeld()` or `close()`: a client-side timeout. */
  | { kind: 'hang' }
  /**
   * The call takes effect (a message is stored) but its answer is held until `releaseHeld()`:
   * the ambiguous failure after which a client must not blindly retry.
   */
  | { kind: 'lostResponse' };

export interface RandomFaults {
  seed: number;
  /** Chance (0..1) that a call gets a fault. */
  probability: number;
  /** Picked uniformly when a call is faulted. */
  faults: readonly Fault[];
  /** Methods affected (default: every method, including `response_url`). */
  methods?: readonly string[];
}

export interface RateLimits {
  /** Accepted calls per channel per window (default 1). */
  perChannel?: number;
  /** Accepted calls across all channels per window (default: unlimited). */
  workspace?: number;
  /** Window length in ms (default 1000). */
  windowMs?: number;
  /** Methods limited (default `['chat.postMessage']`). */
  methods?: readonly string[];
}

/** mulberry32: a tiny seeded PRNG, so a failing fault pattern can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultPlan {
  private readonly scripts = new Map<string, Fault[]>();
  private random: { config: RandomFaults; next: () => number } | null = null;

  script(method: string, faults: readonly Fault[]): void {
    this.scripts.set(method, [...(this.scripts.get(method) ?? []), ...faults]);
  }

  setRandom(config: RandomFaults | null): void {
    this.random = config === null ? null : { config, next: seededRandom(config.seed) };
  }

  /** The fault for this call, if any: scripted faults first (consumed in order), then random ones. */
  next(method: string): Fault | null {
    const queued = this.scripts.get(method);
    if (queued && queued.length > 0) return queued.shift() ?? null;
    if (!this.random) return null;
    const { config, next } = this.random;
    if (config.methods && !config.methods.includes(method)) return null;
    if (config.faults.length === 0 || next() >= config.probability) return null;
    return config.faults[Math.floor(next() * config.faults.length)] ?? null;
  }

  clear(): void {
    this.scripts.clear();
    this.random = null;
  }
}

export class RateLimiter {
  private config: Required<RateLimits> | null = null;
  private readonly accepted = new Map<string, number[]>();

  set(config: RateLimits | null): void {
    this.accepted.clear();
    this.config =
      config === null
        ? null
        : {
            perChannel: config.perChannel ?? 1,
            workspace: config.workspace ?? Number.POSITIVE_INFINITY,
            windowMs: config.windowMs ?? 1000,
            methods: config.methods ?? ['chat.postMessage'],
          };
  }

  /**
   * Records an accepted call and returns null, or returns the Retry-After (whole seconds, at least 1)
   * when the call would exceed a limit (a refused call is not counted). `team`: the workspace.
   */
  admit(method: string, channel: string | undefined, now: number, team = ''): number | null {
    const c = this.config;
    if (!c?.methods.includes(method)) return null;
    // Slack's limits apply per workspace: a call of one workspace never waits for another's.
    const keys: [string, number][] = [[`${team}*`, c.workspace]];
    if (channel) keys.push([`${team}#${channel}`, c.perChannel]);
    let waitMs = 0;
    for (const [key, limit] of keys) {
      const recent = this.recent(key, now, c.windowMs);
      if (recent.length >= limit) {
        const oldest = recent[recent.length - limit] ?? now;
        waitMs = Math.max(waitMs, oldest + c.windowMs - now);
      }
    }
    if (waitMs > 0) return Math.max(1, Math.ceil(waitMs / 1000));
    for (const [key] of keys) this.recent(key, now, c.windowMs).push(now);
    return null;
  }

  private recent(key: string, now: number, windowMs: number): number[] {
    const list = (this.accepted.get(key) ?? []).filter((t) => t > now - windowMs);
    this.accepted.set(key, list);
    return list;
  }
}

/**
 * Tier 1 for commercially distributed apps outside the Marketplace (Slack, 2025-05-29, in force for
 * existing installs from 2025-09-02): conversations.history and conversations.replies "limited to 1
 * request per minute", and "the maximum and default for the limit parameter has been reduced to 15
 * objects" (https://docs.slack.dev/changelog/2025/05/29/rate-limit-changes-for-non-marketplace-apps).
 * Like every Slack limit, per method and per workspace.
 */
export const TIER1_HISTORY = {
  methods: ['conversations.history', 'conversations.replies'],
  windowMs: 60_000,
  pageMax: 15,
} as const;

export class HistoryLimiter {
  private on = false;
  private readonly last = new Map<string, number>();

  set(on: boolean): void {
    this.on = on;
    this.last.clear();
  }

  get active(): boolean {
    return this.on;
  }

  /** Null when the call may go ahead (and is counted), else its Retry-After in whole seconds. */
  admit(method: string, team: string, now: number): number | null {
    if (!this.on || !(TIER1_HISTORY.methods as readonly string[]).includes(method)) return null;
    const key = `${team}:${method}`;
    const previous = this.last.get(key);
    if (previous !== undefined && now - previous < TIER1_HISTORY.windowMs)
      return Math.max(1, Math.ceil((previous + TIER1_HISTORY.windowMs - now) / 1000));
    this.last.set(key, now);
    return null;
  }
}
