export type RememberOutcome = 'new' | 'duplicate';

export interface IdempotencyStore {
  /**
   * Record a key (a Slack retry, a double click) for ttlMs. The first caller gets `new`, every other
   * caller `duplicate` until the key expires (checked in the query: no TTL monitor needed); after
   * that the key can be remembered again.
   */
  remember(key: string, now: Date, ttlMs: number): Promise<RememberOutcome>;
  /**
   * Expire a key at `now`, so the next `remember` is `new` again: used when the work the key
   * guarded failed, so that a retry is not mistaken for a duplicate.
   */
  forget(key: string, now: Date): Promise<void>;
}
