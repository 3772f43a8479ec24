/**
 * The store ports: what Scale Review remembers, in the language of the domain.
 * Every time is a `Date`; every "now" is passed in (no adapter reads the clock for decisions).
 * Adapters: MongoDB (src/store/mongo) and embedded SQLite (src/store/sqlite); one contract suite
 * (test/store/contract.ts) runs against both.
 */

export * from './ports/canvases.js';
export * from './ports/decisions.js';
export * from './ports/digest-pace.js';
export * from './ports/digest-runs.js';
export * from './ports/estate.js';
export * from './ports/idempotency.js';
export * from './ports/installations.js';
export * from './ports/observations.js';
export * from './ports/reviews.js';
export * from './ports/subscriptions.js';
export * from './ports/tenants.js';
export * from './ports/workspaces.js';

import type { CanvasStore } from './ports/canvases.js';
import type { DecisionStore } from './ports/decisions.js';
import type { DigestPaceStore } from './ports/digest-pace.js';
import type { DigestRunStore } from './ports/digest-runs.js';
import type { EstateStore } from './ports/estate.js';
import type { IdempotencyStore } from './ports/idempotency.js';
import type { InstallationStore } from './ports/installations.js';
import type { ObservationStore } from './ports/observations.js';
import type { ReviewStore } from './ports/reviews.js';
import type { SubscriptionStore } from './ports/subscriptions.js';
import type { TenantStore } from './ports/tenants.js';
import type { WorkspaceStore } from './ports/workspaces.js';

export const STORE_KINDS = ['mongodb', 'embedded'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export interface StoreHealth {
  ok: boolean;
  /** Safe to show (no password). */
  detail: string;
}

export interface CleanupRequest {
  now: Date;
  retentionDays: number;
}

export interface CleanupCounts {
  reviews: number;
  observations: number;
  decisions: number;
  idempotencyKeys: number;
  digestRuns: number;
}

export interface Store {
  readonly kind: StoreKind;
  readonly reviews: ReviewStore;
  readonly observations: ObservationStore;
  readonly decisions: DecisionStore;
  readonly subscriptions: SubscriptionStore;
  readonly digestRuns: DigestRunStore;
  /** The digest's post pace, shared by the replicas (docs/digest.md, "Pacing"). */
  readonly digestPace: DigestPaceStore;
  readonly idempotency: IdempotencyStore;
  /** What each team marked done: its estate's changes (docs/plan.md, "The estate"). */
  readonly estate: EstateStore;
  /** Each tenant's Slack installation, its tokens sealed (docs/store.md, "Tenants"). */
  readonly installations: InstallationStore;
  /** Each tenant's lifecycle and settings. */
  readonly workspaces: WorkspaceStore;
  /** Erasing a tenant's data: on demand, or of every tenant due after an uninstall. */
  readonly tenants: TenantStore;
  /** Each subscribed channel's capacity plan canvas (docs/slack.md). */
  readonly canvases: CanvasStore;
  /** One line, safe to log: "MongoDB at db.example.com:27017, database scale_review". */
  describe(): string;
  health(): Promise<StoreHealth>;
  /** Delete history older than retentionDays (see docs/store.md). */
  cleanup(request: CleanupRequest): Promise<CleanupCounts>;
  close(): Promise<void>;
}
