import type { EstateChange } from '../../domain/estate-types.js';

/**
 * What a team marked done (the Done button): the changes to its estate, newest last, with a
 * version for optimistic concurrency. One document per team, read and written by its key only
 * (FerretDB 1.x pushes down only `_id` equality).
 */
export interface EstateRecord {
  teamId: string;
  /** Oldest first; at most {@link MAX_ESTATE_CHANGES}, the oldest dropped. */
  changes: EstateChange[];
  /** Incremented by every write; a write that expects another version is refused. */
  version: number;
  updatedAt: Date;
}

/** A team keeps this many changes: enough for a year of weekly ones. */
export const MAX_ESTATE_CHANGES = 100;

export interface EstateStore {
  /** null when the team marked nothing done, or the record is malformed (logged once). */
  get(teamId: string): Promise<EstateRecord | null>;
  /**
   * Adds a change unless one with its id is already recorded (a retried click). Concurrent
   * appends of one team both land: a write that lost the race reads again and retries. Returns
   * the record as written.
   */
  append(teamId: string, change: EstateChange, now: Date): Promise<EstateRecord>;
}
