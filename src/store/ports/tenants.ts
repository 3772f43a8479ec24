import type { TenantKey } from './installations.js';

/**
 * Every kind of per-tenant record, in the order `purge` deletes them. THE list: a new store of
 * per-team records adds its kind here, and each adapter's deleter map (typed by this list) then
 * needs its line (src/store/mongo/mongo-tenants.ts, src/store/sqlite/sqlite-tenants.ts).
 * Digest runs come before subscriptions: a team's runs are found through its subscriptions.
 * The installation and the workspace record go after all of these, the workspace last: it is what
 * lists the tenant as purgeable, so a purge that stopped midway is completed by the next one.
 */
export const TENANT_RECORD_KINDS = [
  'digestRuns',
  'subscriptions',
  'reviews',
  'observations',
  'decisions',
  'estate',
  /** Pace records whose `workspace` is the tenant key. */
  'digestPace',
  /** Keys whose second `:`-separated part is the tenant key (`decision:T123:…`, `slack-event:T123:…`). */
  'idempotencyKeys',
  /** Each subscribed channel's capacity plan canvas record (the canvas itself stays in Slack). */
  'canvases',
] as const;
export type TenantRecordKind = (typeof TENANT_RECORD_KINDS)[number];

/** How many records of each kind a purge deleted (0 when there were none). */
export type PurgeCounts = Record<TenantRecordKind | 'installation' | 'workspace', number>;

export type PurgeOutcome =
  | { key: TenantKey; outcome: 'purged'; counts: PurgeCounts }
  /** Activated again while the purge ran: its history was deleted, its new records kept. */
  | { key: TenantKey; outcome: 'reinstalled'; counts: PurgeCounts };

export interface TenantStore {
  /**
   * Delete every record of the tenant (data keyed by `teamId` = the key), then its installation,
   * then its workspace record. Unconditional, idempotent (a second run counts zeros), and
   * resumable: a run that died midway is completed by the next.
   */
  purge(key: TenantKey): Promise<PurgeCounts>;
  /**
   * Purge every tenant `workspaces.listPurgeable(now)` lists, one after the other. A tenant
   * activated again meanwhile keeps its installation and workspace record.
   */
  purgeDue(now: Date): Promise<PurgeOutcome[]>;
}
