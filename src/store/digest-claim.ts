import type { DigestRun } from './ports.js';

/** What a claim does with the current run of a (subscription, period) slot. Pure. */
export type ClaimStep = 'insert' | 'reclaim' | 'leased' | 'done';

export function nextClaimStep(run: DigestRun | null, now: Date): ClaimStep {
  if (run === null) return 'insert';
  if (run.status === 'sent') return 'done';
  if (run.status === 'running' && run.leaseUntil !== null && run.leaseUntil > now) return 'leased';
  return 'reclaim';
}

/**
 * Stand-in for a run whose stored document is malformed: it is reported as leased by nobody and
 * left alone (never re-posted); the malformed document was logged when it was read.
 */
export function unreadableRun(subscriptionId: string, periodKey: string, now: Date): DigestRun {
  return {
    subscriptionId,
    periodKey,
    status: 'running',
    owner: null,
    leaseUntil: null,
    attempt: 1,
    claimedAt: now,
    posted: null,
    sentAt: null,
    error: null,
    reviewId: null,
    updatedAt: now,
  };
}
