/**
 * The digest's chat.postMessage pace, shared by the replicas that send to one workspace
 * (src/digest/pacer.ts, docs/digest.md "Pacing"). Each replica keeps one record per workspace:
 * what it learned, and when it last sent. A hint, not a guarantee: a lost or stale record only
 * makes a replica pace on its own view for a while.
 */

export interface PaceReport {
  /** The workspace's key (docs/digest.md: one bot token per store, so one key). */
  workspace: string;
  /** The replica (its lease owner id). */
  owner: string;
  /** Posts per second this replica believes the workspace allows. */
  postsPerSecond: number;
  /** Until when Slack asked this replica to wait (Retry-After); null if it did not. */
  pausedUntil: Date | null;
  now: Date;
  /** Records not renewed for this long are replicas that stopped sending. */
  freshMs: number;
}

export interface WorkspacePace {
  /** The lowest rate of the fresh records, this one's included. */
  postsPerSecond: number;
  /** The latest Retry-After end of the fresh records; null if none is ahead of now. */
  pausedUntil: Date | null;
  /** Replicas with a fresh record, this one included (at least 1). */
  senders: number;
}

export interface DigestPaceStore {
  /**
   * Write this replica's record (replacing its previous one) and answer the workspace's pace from
   * the fresh records. Each replica writes only its own record, by key: no conditional update,
   * so servers without atomic document updates (FerretDB 1.x) are fine. Records a day old go.
   */
  exchange(report: PaceReport): Promise<WorkspacePace>;
}
