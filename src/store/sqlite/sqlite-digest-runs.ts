import { nextClaimStep, unreadableRun } from '../digest-claim.js';
import type {
  ClaimRequest,
  ClaimResult,
  DigestRun,
  DigestRunStore,
  RenewRequest,
} from '../ports.js';
import {
  claimRequestSchema,
  digestRunSchema,
  idSchema,
  renewRequestSchema,
} from '../record-schemas.js';
import { checkInput, type MalformedLog } from '../validation.js';
import { dateOrNull, parseJson, sqliteOp, toJson } from './sqlite-common.js';
import type { SqliteDatabase } from './sqlite-db.js';

interface RunRow {
  subscription_id: string;
  period_key: string;
  status: string;
  owner: string | null;
  lease_until: number | null;
  attempt: number;
  claimed_at: number;
  posted_json: string | null;
  sent_at: number | null;
  error_json: string | null;
  review_id: string | null;
  updated_at: number;
}

const KEY = 'subscription_id = @subscriptionId AND period_key = @periodKey';

const INSERT_SQL = `
INSERT INTO digest_runs
  (subscription_id, period_key, status, owner, lease_until, attempt, claimed_at, created_at, updated_at)
VALUES (@subscriptionId, @periodKey, 'running', @owner, @leaseUntil, 1, @now, @now, @now)`;

const RECLAIM_SQL = `
UPDATE digest_runs SET status = 'running', owner = @owner, lease_until = @leaseUntil,
  attempt = attempt + 1, claimed_at = @now, error_json = NULL, updated_at = @now
WHERE ${KEY}`;

/**
 * The embedded store serves one process and better-sqlite3 is synchronous, so a claim (read, decide,
 * write) runs inside one transaction with nothing interleaved: exactly one claimant wins.
 */
export class SqliteDigestRunStore implements DigestRunStore {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly malformed: MalformedLog,
  ) {}

  async claim(request: ClaimRequest): Promise<ClaimResult> {
    const valid = checkInput(claimRequestSchema, request, 'claim');
    return sqliteOp('digestRuns.claim', () =>
      this.db.transaction(() => this.#claim(valid)).immediate(),
    );
  }

  /** One statement: the WHERE checks owner, attempt and a live lease, so it decides atomically. */
  async renew(request: RenewRequest): Promise<boolean> {
    const valid = checkInput(renewRequestSchema, request, 'renew');
    return sqliteOp('digestRuns.renew', () => {
      const sql = `UPDATE digest_runs SET lease_until = @leaseUntil, updated_at = @now
        WHERE ${KEY} AND owner = @owner AND attempt = @attempt AND status = 'running'
        AND lease_until > @now`;
      const params = {
        subscriptionId: valid.subscriptionId,
        periodKey: valid.periodKey,
        owner: valid.owner,
        attempt: valid.attempt,
        leaseUntil: valid.now.getTime() + valid.leaseMs,
        now: valid.now.getTime(),
      };
      return this.db.prepare(sql).run(params).changes === 1;
    });
  }

  async recordPosted(
    subscriptionId: string,
    periodKey: string,
    _owner: string,
    message: { channelId: string; ts: string },
    now: Date,
  ): Promise<void> {
    return sqliteOp('digestRuns.recordPosted', () => {
      const posted = toJson({ channelId: message.channelId, ts: message.ts, at: now });
      this.db
        .prepare(`UPDATE digest_runs SET posted_json = @posted, updated_at = @now WHERE ${KEY}`)
        .run({ subscriptionId, periodKey, posted, now: now.getTime() });
    });
  }

  async recordReview(
    subscriptionId: string,
    periodKey: string,
    _owner: string,
    reviewId: string,
    now: Date,
  ): Promise<void> {
    const id = checkInput(idSchema, reviewId, 'review id');
    return sqliteOp('digestRuns.recordReview', () => {
      this.db
        .prepare(
          `UPDATE digest_runs SET review_id = @reviewId, updated_at = @now
           WHERE ${KEY} AND review_id IS NULL`,
        )
        .run({ subscriptionId, periodKey, reviewId: id, now: now.getTime() });
    });
  }

  async markSent(
    subscriptionId: string,
    periodKey: string,
    owner: string,
    now: Date,
  ): Promise<boolean> {
    return sqliteOp('digestRuns.markSent', () => {
      const sql = `UPDATE digest_runs SET status = 'sent', owner = @owner, sent_at = @now,
        lease_until = NULL, updated_at = @now WHERE ${KEY} AND status != 'sent'`;
      const params = { subscriptionId, periodKey, owner, now: now.getTime() };
      return this.db.prepare(sql).run(params).changes === 1;
    });
  }

  async markFailed(
    subscriptionId: string,
    periodKey: string,
    owner: string,
    error: { code: string; message: string },
    now: Date,
  ): Promise<boolean> {
    return sqliteOp('digestRuns.markFailed', () => {
      const sql = `UPDATE digest_runs SET status = 'failed', error_json = @error, lease_until = NULL,
        updated_at = @now WHERE ${KEY} AND owner = @owner AND status = 'running'`;
      const json = toJson({ code: error.code, message: error.message, at: now });
      const params = { subscriptionId, periodKey, owner, error: json, now: now.getTime() };
      return this.db.prepare(sql).run(params).changes === 1;
    });
  }

  async release(
    subscriptionId: string,
    periodKey: string,
    owner: string,
    now: Date,
  ): Promise<boolean> {
    return sqliteOp('digestRuns.release', () => {
      const sql = `UPDATE digest_runs SET status = 'released', lease_until = NULL, updated_at = @now
        WHERE ${KEY} AND owner = @owner AND status = 'running'`;
      const params = { subscriptionId, periodKey, owner, now: now.getTime() };
      return this.db.prepare(sql).run(params).changes === 1;
    });
  }

  async get(subscriptionId: string, periodKey: string): Promise<DigestRun | null> {
    return sqliteOp('digestRuns.get', () => this.#read(subscriptionId, periodKey)?.run ?? null);
  }

  #claim(request: ClaimRequest): ClaimResult {
    const key = { subscriptionId: request.subscriptionId, periodKey: request.periodKey };
    const current = this.#read(request.subscriptionId, request.periodKey);
    if (current !== undefined && current.run === null) {
      return {
        outcome: 'leased',
        run: unreadableRun(key.subscriptionId, key.periodKey, request.now),
      };
    }
    const step = nextClaimStep(current?.run ?? null, request.now);
    if ((step === 'leased' || step === 'done') && current?.run) {
      return { outcome: step, run: current.run };
    }
    const params = {
      ...key,
      owner: request.owner,
      leaseUntil: request.now.getTime() + request.leaseMs,
      now: request.now.getTime(),
    };
    this.db.prepare(step === 'insert' ? INSERT_SQL : RECLAIM_SQL).run(params);
    const claimed = this.#read(key.subscriptionId, key.periodKey)?.run;
    if (!claimed) throw new Error('digest run vanished inside its claim transaction');
    return { outcome: 'claimed', run: claimed };
  }

  /** undefined: no row; run null: a malformed row (logged once). */
  #read(subscriptionId: string, periodKey: string): { run: DigestRun | null } | undefined {
    const row = this.db
      .prepare(`SELECT * FROM digest_runs WHERE ${KEY}`)
      .get({ subscriptionId, periodKey }) as RunRow | undefined;
    if (row === undefined) return undefined;
    const run = this.malformed.parse(
      digestRunSchema,
      {
        subscriptionId: row.subscription_id,
        periodKey: row.period_key,
        status: row.status,
        owner: row.owner,
        leaseUntil: dateOrNull(row.lease_until),
        attempt: row.attempt,
        claimedAt: new Date(row.claimed_at),
        posted: parseJson(row.posted_json),
        sentAt: dateOrNull(row.sent_at),
        error: parseJson(row.error_json),
        reviewId: row.review_id,
        updatedAt: new Date(row.updated_at),
      },
      'digest_runs',
      `${subscriptionId}/${periodKey}`,
    );
    return { run };
  }
}
