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
   * when the call would exceed a limit (a refused call is not counted).
   */
  admit(method: string, channel: string | undefined, now: number): number | null {
    const c = this.config;
    if (!c?.methods.includes(method)) return null;
    const keys: [string, number][] = [['*', c.workspace]];
    if (channel) keys.push([`#${channel}`, c.perChannel]);
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
