import type { Logger } from '../logging/logger.js';
import type { RenewRequest, Store } from '../store/ports.js';

/** Runs `beat` every `everyMs` until the returned stop() (the default: a plain interval). */
export type Every = (everyMs: number, beat: () => void) => () => void;

export const realInterval: Every = (everyMs, beat) => {
  const timer = setInterval(beat, everyMs);
  return () => clearInterval(timer);
};

/** Renewals per lease: the lease is renewed when two thirds of it are still left. */
const BEATS_PER_LEASE = 3;

export interface HeartbeatInput {
  store: Store;
  logger: Logger;
  clock: () => Date;
  every: Every;
  lease: Omit<RenewRequest, 'now'>;
}

/**
 * Keeps a claimed digest run's lease alive while its send is: renewed every third of the lease, so
 * the lease can be short and the channels of a sender that died wait at most one lease. A renewal
 * still running when the next is due is not doubled; a lost lease (another replica claimed the run
 * after it expired) or a failing store is logged, and the send goes on: the Slack ts is recorded
 * whoever holds the lease, and a later claimant looks the message up before posting. The send
 * stops its heartbeat before it writes the run's final state (sent, failed, released), so that no
 * renewal runs concurrently with it.
 */
export interface Heartbeat {
  /** No more renewals; resolves once a renewal in flight has finished. */
  stop(): Promise<void>;
}

export function startHeartbeat(input: HeartbeatInput): Heartbeat {
  const { lease } = input;
  const meta = { subscriptionId: lease.subscriptionId, periodKey: lease.periodKey };
  let pending: Promise<void> | null = null;
  let lost = false;
  const beat = () => {
    if (pending || lost) return;
    pending = input.store.digestRuns
      .renew({ ...lease, now: input.clock() })
      .then((held) => {
        if (held) return;
        lost = true;
        input.logger.warn(
          meta,
          'digest lease lost mid-send; another replica may take the run over',
        );
      })
      .catch((error: unknown) => {
        input.logger.warn({ ...meta, err: error }, 'digest lease renewal failed; will try again');
      })
      .finally(() => {
        pending = null;
      });
  };
  const cancel = input.every(Math.max(1, Math.floor(lease.leaseMs / BEATS_PER_LEASE)), beat);
  return {
    async stop() {
      lost = true;
      cancel();
      await pending;
    },
  };
}
