import { z } from 'zod';
import type { CleanupRequest } from './ports.js';
import { checkInput } from './validation.js';

const DAY_MS = 86_400_000;

/**
 * Idempotency keys stay one day past their expiry before clean-up deletes them. Expiry is decided by
 * the queries, not by deletion; the grace only keeps a key's history while a late retry may race it.
 */
export const IDEMPOTENCY_GRACE_MS = DAY_MS;

export interface RetentionCutoffs {
  /**
   * Reviews, observations (by `at`), decisions and finished digest runs strictly older than this
   * are deleted.
   */
  historyBefore: Date;
  /** Idempotency keys that expired at or before this are deleted. */
  keysExpiredBefore: Date;
}

const requestSchema = z.strictObject({
  now: z.date(),
  retentionDays: z.number().int().min(1).max(3650),
});

/** Pure: the clean-up cutoffs for a request. */
export function retentionCutoffs(request: CleanupRequest): RetentionCutoffs {
  const valid = checkInput(requestSchema, request, 'clean-up request');
  return {
    historyBefore: new Date(valid.now.getTime() - valid.retentionDays * DAY_MS),
    keysExpiredBefore: new Date(valid.now.getTime() - IDEMPOTENCY_GRACE_MS),
  };
}
