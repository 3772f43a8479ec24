import { hostname } from 'node:os';
import type { HeldLease } from '../digest/send-digest.js';

/** What is known of the sender holding a leased digest run. */
export type Holder =
  | { state: 'stopped'; why: string }
  | { state: 'live'; why: string }
  /** The run's record cannot be read (logged): nobody can say. */
  | { state: 'unknown'; why: string };

export interface HolderChecks {
  now: Date;
  /** Our lease length: the holder renews every third of it while it is alive. */
  leaseMs: number;
  /** Whether a process of this host runs with this pid (default: signal 0). */
  isRunning?: (pid: number) => boolean;
  host?: string;
  pid?: number;
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function seconds(ms: number): string {
  return `${Math.max(0, Math.round(ms / 1000))} s`;
}

/** "10:42:10 UTC". */
function utcTime(date: Date): string {
  return `${date.toISOString().slice(11, 19)} UTC`;
}

/**
 * Owners are `cli:<host>:<pid>` and `bot:<host>:<pid>:<random>` (replicaOwner): a holder on this
 * host whose process is gone stopped for sure; any holder silent for more than half a lease (it
 * would have renewed it every third) has most likely stopped.
 */
export function holderOf(held: HeldLease, checks: HolderChecks): Holder {
  if (held.owner === null || held.leaseUntil === null) {
    return { state: 'unknown', why: 'its run record cannot be read (see the log)' };
  }
  const match = /^(?:cli|bot):(.+):(\d+)(?::[0-9a-f]+)?$/.exec(held.owner);
  const host = checks.host ?? hostname();
  const pid = match ? Number(match[2]) : null;
  if (match?.[1] === host && pid !== null && pid !== (checks.pid ?? process.pid)) {
    const running = (checks.isRunning ?? processRuns)(pid);
    if (!running) return { state: 'stopped', why: `process ${pid} on this host is not running` };
  }
  const silentMs = checks.now.getTime() - held.lastHeardAt.getTime();
  if (silentMs > checks.leaseMs / 2) {
    return { state: 'stopped', why: `not heard from for ${seconds(silentMs)}` };
  }
  return { state: 'live', why: `last heard from ${seconds(silentMs)} ago` };
}

/** The line `digest --now` prints for a run it left alone or will retry. */
export function heldLine(held: HeldLease, holder: Holder, retrying: boolean): string {
  const where = `${held.channelId} (team ${held.teamId})`;
  const until = held.leaseUntil === null ? null : utcTime(held.leaseUntil);
  const who = held.owner ?? 'an unreadable run';
  switch (holder.state) {
    case 'stopped':
      return retrying
        ? `Retrying: ${where}: a previous run (${who}) stopped mid-send (${holder.why}); retrying after its lease ends at ${until}.`
        : `Leased: ${where}: a previous run (${who}) stopped mid-send (${holder.why}); its lease ends at ${until}, then the bot's next tick or digest --now sends it.`;
    case 'live':
      return `Leased: ${where}: ${who} is sending it right now (${holder.why}; lease until ${until}).`;
    case 'unknown':
      return `Leased: ${where}: ${holder.why}; it is left alone.`;
  }
}
