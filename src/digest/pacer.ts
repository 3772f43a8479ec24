import type { DigestConfig } from './config.js';
import { defaultSleep } from './retry.js';

/**
 * Adaptive pacing of chat.postMessage (docs/digest.md, "Pacing"). Slack counts a workspace's posts
 * over a sliding window and answers 429 + Retry-After beyond its (unpublished) rate. Spacing posts
 * exactly 1/rate apart on the sender's clock is not enough: Slack counts a post when it *arrives*,
 * and a post held up on the way (a busy event loop, the network) lands closer to the next one than
 * it left, so a window that looked full-but-legal on our clock holds one post too many on Slack's.
 *
 * So a post goes only when both hold:
 * - it is at least window/limit after the previous one (even spacing, no bursts), and
 * - the post `limit` places earlier is *answered* (Slack counted it before answering) and its
 *   answer is at least one window old: however the posts travelled, no window of Slack's then
 *   holds more than `limit` of ours.
 * `limit` (posts per window) is learned: a 429 pauses every caller for its Retry-After and lowers
 * the limit to what may have been in Slack's window then; a run of accepted posts probes it one
 * higher, never above the configured ceiling. Callers are served in call order.
 */

/** How a paced call ended: Slack accepted it, refused it with 429, or anything else. */
export type PostOutcome =
  | { kind: 'accepted' }
  | { kind: 'rateLimited'; retryAfterMs: number }
  /** Any other answer or none: Slack may have counted it. */
  | { kind: 'failed' };

export interface Permit {
  /** Report how the call ended (call it once; later calls are ignored). */
  settle(outcome: PostOutcome): void;
}

export interface Pacer {
  /** Resolves when the caller may send; settle the permit when the call ends. */
  take(): Promise<Permit>;
}

/** The workspace's pace as replicas share it (src/digest/shared-pace.ts). */
export interface PaceView {
  postsPerSecond: number;
  /** Milliseconds until the workspace's Retry-After ends (0: not paused). */
  pauseMs: number;
}

export interface PaceExchange {
  /** Publishes this replica's view; answers the workspace's and how many replicas are sending. */
  exchange(mine: PaceView): Promise<PaceView & { senders: number }>;
  /** At most one exchange per this many ms while sending, and one after each 429. */
  everyMs: number;
}

export interface PacerOptions {
  /** The ceiling, never exceeded: `digest.postsPerSecond`. */
  ratePerSecond: number;
  /** Milliseconds (any origin, monotonic preferred). */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Slack's accounting window (default 1000 ms). */
  windowMs?: number;
  /** Accepted posts in a row, in windows' worth of the limit, before probing up (default 2). */
  probeAfterWindows?: number;
  /** Shares the pace with the other replicas sending to the workspace (default: none). */
  share?: PaceExchange;
}

interface Sent {
  at: number;
  /** When its answer came back: Slack counted it (if at all) before then. */
  answeredAt: number | null;
  refused: boolean;
}

/** Added to every bound: the two clocks round differently (Slack's ts, our fractional ms). */
const GUARD_MS = 1;
const MIN_LIMIT = 1;

export function createPacer(options: PacerOptions): Pacer {
  if (!(options.ratePerSecond > 0) || !Number.isFinite(options.ratePerSecond)) {
    throw new RangeError(`ratePerSecond must be a positive number, got ${options.ratePerSecond}`);
  }
  const windowMs = options.windowMs ?? 1000;
  const ceiling = (options.ratePerSecond * windowMs) / 1000;
  const perSecond = (postsPerWindow: number) => (postsPerWindow * 1000) / windowMs;
  const probeAfter = options.probeAfterWindows ?? 2;
  const share = options.share;
  const { now, sleep } = options;
  let limit = ceiling;
  let senders = 1;
  let pausedUntil = Number.NEGATIVE_INFINITY;
  let streak = 0;
  let lastAt = Number.NEGATIVE_INFINITY;
  let sent: Sent[] = [];
  let wake: (() => void) | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let exchanging = false;
  let forced = false;
  let exchangedAt = Number.NEGATIVE_INFINITY;

  /** This replica's share of the workspace's limit. */
  const ownLimit = () => limit / senders;
  const counted = () => sent.filter((s) => !s.refused);

  /** The earliest time the next post may go, and whether an unanswered post decides it. */
  const earliest = (): { at: number; awaitsAnswer: boolean } => {
    const own = ownLimit();
    let at = Math.max(pausedUntil, lastAt + windowMs / own);
    const cap = Math.max(1, Math.floor(own));
    const live = counted();
    const bound = live[live.length - cap];
    let awaitsAnswer = false;
    if (bound && live.length >= cap) {
      // Unanswered a window after it left: take it as counted by then.
      const counts = Math.min(bound.answeredAt ?? Number.POSITIVE_INFINITY, bound.at + windowMs);
      awaitsAnswer = bound.answeredAt === null;
      at = Math.max(at, counts + windowMs + GUARD_MS);
    }
    return { at, awaitsAnswer };
  };

  const maybeExchange = (force: boolean) => {
    if (!share) return;
    if (exchanging) {
      // A refusal during an exchange is told right after it.
      forced ||= force;
      return;
    }
    const t = now();
    if (!force && t - exchangedAt < share.everyMs) return;
    exchanging = true;
    exchangedAt = t;
    share
      .exchange({ postsPerSecond: perSecond(limit), pauseMs: Math.max(0, pausedUntil - t) })
      .then((theirs) => {
        const at = now();
        const shared = (theirs.postsPerSecond * windowMs) / 1000;
        limit = Math.min(ceiling, Math.max(MIN_LIMIT, Math.min(limit, shared)));
        pausedUntil = Math.max(pausedUntil, at + theirs.pauseMs);
        senders = Math.max(1, theirs.senders);
      })
      // A store that cannot answer leaves this replica on its own view (the pace is a hint); the
      // exchange has logged why.
      .catch(() => undefined)
      .finally(() => {
        exchanging = false;
        if (forced) {
          forced = false;
          maybeExchange(true);
        }
        wake?.();
      });
  };

  const learn = (entry: Sent, outcome: PostOutcome) => {
    const t = now();
    entry.answeredAt = t;
    if (outcome.kind === 'rateLimited') {
      entry.refused = true;
      streak = 0;
      pausedUntil = Math.max(pausedUntil, t + outcome.retryAfterMs);
      // At most the posts answered within the window before this one left were in Slack's window
      // (times the replicas sending): the limit drops to that, by one at least and by half at most.
      const possible = counted().filter(
        (s) => s !== entry && (s.answeredAt ?? t) > entry.at - windowMs,
      ).length;
      const dropTo = Math.min(limit - 1, Math.max(possible * senders, limit / 2));
      limit = Math.max(MIN_LIMIT, dropTo);
      maybeExchange(true);
    } else if (outcome.kind === 'accepted') {
      streak += 1;
      if (streak >= probeAfter * Math.max(1, Math.ceil(ownLimit())) && limit < ceiling) {
        limit = Math.min(ceiling, limit + 1);
        streak = 0;
      }
    }
    // Only the last window's posts and the `limit` latest ever decide a wait.
    const keep = Math.ceil(ceiling) + 1;
    if (sent.length > 2 * keep) sent = sent.slice(-keep);
    wake?.();
  };

  const waitTurn = async (): Promise<Permit> => {
    // The even spacing counts from the slot a post was given, not from when its timer fired: a
    // late timer must not push every later post back (the window rule keeps Slack's count right).
    let slot = Number.POSITIVE_INFINITY;
    for (;;) {
      maybeExchange(false);
      const { at, awaitsAnswer } = earliest();
      const t = now();
      if (at <= t) {
        slot = Math.min(t, slot);
        break;
      }
      slot = at;
      // Sleep until then, or until an answer (or the shared pace) moves the bound.
      const moved = new Promise<void>((resolve) => {
        wake = resolve;
      });
      await (awaitsAnswer ? Promise.race([sleep(at - t), moved]) : sleep(at - t));
      wake = null;
    }
    const entry: Sent = { at: now(), answeredAt: null, refused: false };
    lastAt = slot;
    sent.push(entry);
    let settled = false;
    return {
      settle(outcome) {
        if (settled) return;
        settled = true;
        learn(entry, outcome);
      },
    };
  };

  return {
    take() {
      const turn = queue.then(waitTurn);
      queue = turn.catch(() => {});
      return turn;
    },
  };
}

const NO_OP: Permit = { settle: () => {} };

/** No pacing: every call goes at once. */
export const UNPACED: Pacer = { take: async () => NO_OP };

/** The digest's pacer from `digest.postsPerSecond` (null: unpaced), on the real clock. */
export function postPacerFor(
  config: Pick<DigestConfig, 'postsPerSecond'>,
  share?: PaceExchange,
): Pacer {
  if (config.postsPerSecond === null) return UNPACED;
  return createPacer({
    ratePerSecond: config.postsPerSecond,
    now: () => performance.now(),
    sleep: defaultSleep,
    ...(share ? { share } : {}),
  });
}
