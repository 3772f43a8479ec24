/**
 * The store contract: ONE suite, run against every adapter (test/store/sqlite.test.ts and
 * test/store/mongo.test.ts). Each adapter test file supplies a harness; the suite opens one store
 * for the file and isolates tests by giving each its own team id.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import type { LatestReviewsQuery, Store } from '../../src/store/ports.js';
import type { QueryPlan } from '../../src/store/query-plan.js';
import { canvasContract } from './contract-canvases.js';
import { decisionContract } from './contract-decisions.js';
import { digestPaceContract } from './contract-digest-pace.js';
import { digestRunContract } from './contract-digest-runs.js';
import { estateContract } from './contract-estate.js';
import { idempotencyContract } from './contract-idempotency.js';
import { installationContract } from './contract-installations.js';
import { lifecycleContract } from './contract-lifecycle.js';
import { observationContract } from './contract-observations.js';
import { purgeContract } from './contract-purge.js';
import { reviewContract } from './contract-reviews.js';
import { subscriptionContract } from './contract-subscriptions.js';
import { workspaceContract } from './contract-workspaces.js';
import type { CapturingLogger } from './fixtures.js';

export const MALFORMED_KINDS = [
  'review',
  'decision',
  'subscription',
  'digestRun',
  'observation',
  'estate',
  'installation',
  'workspace',
  'canvas',
] as const;
export type MalformedKind = (typeof MALFORMED_KINDS)[number];

export interface StoreHarness {
  /** The logger every store opened by this harness writes to. */
  readonly logger: CapturingLogger;
  /** Open the store on this harness's data (the same data each time; close the previous first). */
  open(): Promise<Store>;
  /**
   * Write a document/row the adapter's schema rejects, bypassing the port. `key` is the channel
   * (review, subscription), recommendation key (decision) or period key (digest run, observation);
   * the subscription id of a digest run is `teamId`; an estate, installation or workspace record
   * ignores `key` (`teamId` is its tenant key); a canvas's `key` is its channel. Returns the id the
   * adapter logs for it.
   */
  insertMalformed(kind: MalformedKind, fields: { teamId: string; key: string }): Promise<string>;
  explainLatest(store: Store, query: LatestReviewsQuery): Promise<QueryPlan>;
  /** Names of the indexes on the reviews collection/table. */
  reviewIndexNames(store: Store): Promise<string[]>;
  /** A well-formed id this store never hands out. */
  readonly unknownId: string;
  /** The index `latest` should use: team-wide and for one channel. */
  readonly latestIndexes: { teamWide: string; channel: string };
  /** Remove everything this harness created (drop the database, delete the directory). */
  destroy(): Promise<void>;
}

export interface ContractContext {
  readonly harness: StoreHarness;
  /** The currently open store. */
  readonly store: Store;
  /** Close the store and open it again on the same data (a restart). */
  reopen(): Promise<Store>;
}

export function runStoreContract(name: string, makeHarness: () => Promise<StoreHarness>): void {
  describe(`store contract: ${name}`, () => {
    let harness: StoreHarness | undefined;
    let store: Store | undefined;

    const ctx: ContractContext = {
      get harness() {
        if (!harness) throw new Error('harness not ready');
        return harness;
      },
      get store() {
        if (!store) throw new Error('store not open');
        return store;
      },
      async reopen() {
        await ctx.store.close();
        store = await ctx.harness.open();
        return store;
      },
    };

    beforeAll(async () => {
      harness = await makeHarness();
      store = await harness.open();
    });

    afterAll(async () => {
      await store?.close();
      await harness?.destroy();
    });

    reviewContract(ctx);
    observationContract(ctx);
    decisionContract(ctx);
    subscriptionContract(ctx);
    digestRunContract(ctx);
    digestPaceContract(ctx);
    idempotencyContract(ctx);
    estateContract(ctx);
    installationContract(ctx);
    workspaceContract(ctx);
    purgeContract(ctx);
    canvasContract(ctx);
    lifecycleContract(ctx);
  });
}
