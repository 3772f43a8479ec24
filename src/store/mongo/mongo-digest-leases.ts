import { z } from 'zod';
import type { DigestRun } from '../ports.js';

/**
 * The lease documents of `digest_leases` (see mongo-digest-runs.ts: one unique insert per claim
 * attempt decides the winner), and how a lease reads as a run.
 */
export const leaseSchema = z.object({
  subscriptionId: z.string(),
  periodKey: z.string(),
  attempt: z.number().int().min(1),
  owner: z.string(),
  leaseUntil: z.date(),
  state: z.enum(['held', 'ended']),
  createdAt: z.date(),
  /** The holder's last heartbeat (renew). */
  renewedAt: z.date().optional(),
});
export type Lease = z.infer<typeof leaseSchema>;

export function runFromLease(lease: Lease): DigestRun {
  return {
    subscriptionId: lease.subscriptionId,
    periodKey: lease.periodKey,
    status: 'running',
    owner: lease.owner,
    leaseUntil: lease.leaseUntil,
    attempt: lease.attempt,
    claimedAt: lease.createdAt,
    posted: null,
    sentAt: null,
    error: null,
    reviewId: null,
    updatedAt: lease.createdAt,
  };
}

/** A running run as its live lease has it: the lease's end, and its holder's last renewal. */
export function withLease(run: DigestRun, lease: Lease): DigestRun {
  if (run.status !== 'running' || lease.attempt !== run.attempt) return run;
  const renewed = lease.renewedAt ?? lease.createdAt;
  return {
    ...run,
    leaseUntil: lease.leaseUntil,
    updatedAt: new Date(Math.max(renewed.getTime(), run.updatedAt.getTime())),
  };
}
