import type { Collection, Document } from 'mongodb';
import { unreadableRun } from '../digest-claim.js';
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
import { docId, isDuplicateKey, mongoOp } from './mongo-common.js';
import { type Lease, leaseSchema, runFromLease, withLease } from './mongo-digest-leases.js';

type RunKey = { subscriptionId: string; periodKey: string };
/** undefined: no document; run null: a malformed document (logged once). */
type ReadRun = { run: DigestRun | null } | undefined;

/**
 * Exactly-once claims without transactions and without trusting conditional updates.
 *
 * FerretDB 1.x runs findAndModify/update as "query, then write the document back": two concurrent
 * conditional updates of one document can both match and both "win" (the store suite showed up to
 * 20 of 20 winners). Only a unique index decides atomically on every MongoDB-wire server. So each
 * claim inserts a lease document (subscriptionId, periodKey, attempt = latest + 1) into
 * `digest_leases`, unique on those three fields: the one insert that succeeds wins that attempt;
 * the others get E11000 and read the winner. Then the winner, and only the winner, writes the run
 * document in `digest_runs` (unique on subscriptionId, periodKey), which carries the status and the
 * Slack ts. A lease the winner never recorded (crash in between) simply expires.
 */
export class MongoDigestRunStore implements DigestRunStore {
  constructor(
    private readonly runs: Collection<Document>,
    private readonly leases: Collection<Document>,
    private readonly malformed: MalformedLog,
  ) {}

  async claim(request: ClaimRequest): Promise<ClaimResult> {
    const valid = checkInput(claimRequestSchema, request, 'claim');
    return mongoOp('digestRuns.claim', () => this.#claim(valid));
  }

  /**
   * A heartbeat. It writes the lease document only, never the run: FerretDB 1.x runs an update as
   * "read, then write the document back", so a renewal writing the run could undo a concurrent
   * recordPosted or markSent. Only the holder of attempt N ever writes lease document N (a claimant
   * inserts N+1, and the holder ends its lease after its heartbeat stopped), so reading it and
   * writing it back is safe. Refused unless N is the latest attempt, held by `owner`, live, and its
   * run still running; a claimant that inserted N+1 in between is seen by the read after the write.
   * Claims report a leased run with its lease's leaseUntil and last renewal.
   */
  async renew(request: RenewRequest): Promise<boolean> {
    const valid = checkInput(renewRequestSchema, request, 'renew');
    return mongoOp('digestRuns.renew', () => this.#renew(valid));
  }

  async recordPosted(
    subscriptionId: string,
    periodKey: string,
    _owner: string,
    message: { channelId: string; ts: string },
    now: Date,
  ): Promise<void> {
    return mongoOp('digestRuns.recordPosted', async () => {
      const posted = { channelId: message.channelId, ts: message.ts, at: now };
      await this.runs.updateOne(
        { subscriptionId, periodKey },
        { $set: { posted, updatedAt: now } },
      );
    });
  }

  /**
   * Sets reviewId only while it is null or absent ({reviewId: null} matches both; FerretDB 1.24
   * drops the null of $setOnInsert). Like any conditional update on FerretDB 1.x this is not atomic
   * against a concurrent call; only the run's current holder calls it, one attempt at a time.
   */
  async recordReview(
    subscriptionId: string,
    periodKey: string,
    _owner: string,
    reviewId: string,
    now: Date,
  ): Promise<void> {
    const id = checkInput(idSchema, reviewId, 'review id');
    return mongoOp('digestRuns.recordReview', async () => {
      await this.runs.updateOne(
        { subscriptionId, periodKey, reviewId: null },
        { $set: { reviewId: id, updatedAt: now } },
      );
    });
  }

  async markSent(
    subscriptionId: string,
    periodKey: string,
    owner: string,
    now: Date,
  ): Promise<boolean> {
    return mongoOp('digestRuns.markSent', async () => {
      const result = await this.runs.updateOne(
        { subscriptionId, periodKey, status: { $ne: 'sent' } },
        { $set: { status: 'sent', owner, sentAt: now, leaseUntil: null, updatedAt: now } },
      );
      return result.modifiedCount === 1;
    });
  }

  async markFailed(
    subscriptionId: string,
    periodKey: string,
    owner: string,
    error: { code: string; message: string },
    now: Date,
  ): Promise<boolean> {
    const failure = { code: error.code, message: error.message, at: now };
    return mongoOp('digestRuns.markFailed', () =>
      this.#endLease({ subscriptionId, periodKey }, owner, now, {
        status: 'failed',
        error: failure,
      }),
    );
  }

  async release(
    subscriptionId: string,
    periodKey: string,
    owner: string,
    now: Date,
  ): Promise<boolean> {
    return mongoOp('digestRuns.release', () =>
      this.#endLease({ subscriptionId, periodKey }, owner, now, { status: 'released' }),
    );
  }

  async get(subscriptionId: string, periodKey: string): Promise<DigestRun | null> {
    return mongoOp('digestRuns.get', async () => {
      const key = { subscriptionId, periodKey };
      const run = (await this.#readRun(key))?.run ?? null;
      if (run?.status !== 'running') return run;
      const latest = await this.#latestLease(key);
      return latest === null ? run : withLease(run, latest);
    });
  }

  async #claim(request: ClaimRequest): Promise<ClaimResult> {
    const key = { subscriptionId: request.subscriptionId, periodKey: request.periodKey };
    const current = await this.#readRun(key);
    if (current !== undefined && current.run === null) {
      return {
        outcome: 'leased',
        run: unreadableRun(key.subscriptionId, key.periodKey, request.now),
      };
    }
    if (current?.run?.status === 'sent') return { outcome: 'done', run: current.run };
    const latest = await this.#latestLease(key);
    if (latest !== null && latest.state === 'held' && latest.leaseUntil > request.now) {
      return { outcome: 'leased', run: withLease(current?.run ?? runFromLease(latest), latest) };
    }
    const lease: Lease = {
      ...key,
      attempt: (latest?.attempt ?? 0) + 1,
      owner: request.owner,
      leaseUntil: new Date(request.now.getTime() + request.leaseMs),
      state: 'held',
      createdAt: request.now,
    };
    try {
      await this.leases.insertOne({ ...lease });
    } catch (error) {
      if (isDuplicateKey(error)) return this.#lostTo(key, request.now);
      throw error;
    }
    return this.#recordWin(lease, request.now);
  }

  async #renew(request: RenewRequest): Promise<boolean> {
    const key = { subscriptionId: request.subscriptionId, periodKey: request.periodKey };
    const held = (lease: Lease | null) =>
      lease !== null &&
      lease.attempt === request.attempt &&
      lease.owner === request.owner &&
      lease.state === 'held';
    const latest = await this.#latestLease(key);
    if (!held(latest) || (latest?.leaseUntil ?? request.now) <= request.now) return false;
    const run = (await this.#readRun(key))?.run;
    if (run?.status !== 'running' || run.owner !== request.owner) return false;
    if (run.attempt !== request.attempt) return false;
    await this.leases.updateOne(
      { ...key, attempt: request.attempt, owner: request.owner },
      {
        $set: {
          leaseUntil: new Date(request.now.getTime() + request.leaseMs),
          renewedAt: request.now,
        },
      },
    );
    return held(await this.#latestLease(key));
  }

  async #recordWin(lease: Lease, now: Date): Promise<ClaimResult> {
    const key = { subscriptionId: lease.subscriptionId, periodKey: lease.periodKey };
    try {
      const doc = await this.runs.findOneAndUpdate(
        { ...key, status: { $ne: 'sent' } },
        {
          $set: {
            status: 'running',
            owner: lease.owner,
            leaseUntil: lease.leaseUntil,
            attempt: lease.attempt,
            claimedAt: now,
            error: null,
            updatedAt: now,
          },
          $setOnInsert: { posted: null, sentAt: null, reviewId: null, createdAt: now },
        },
        { upsert: true, returnDocument: 'after' },
      );
      const run = doc === null ? null : this.#parseRun(doc, key);
      return { outcome: 'claimed', run: run ?? runFromLease(lease) };
    } catch (error) {
      // The run was sent between our read and our write: it stays sent.
      if (!isDuplicateKey(error)) throw error;
      await this.leases.updateOne({ ...key, attempt: lease.attempt }, { $set: { state: 'ended' } });
      return this.#lostTo(key, now);
    }
  }

  /** Someone else won: report their run (or their lease, before they wrote the run). */
  async #lostTo(key: RunKey, now: Date): Promise<ClaimResult> {
    const current = await this.#readRun(key);
    if (current?.run?.status === 'sent') return { outcome: 'done', run: current.run };
    if (current?.run) return { outcome: 'leased', run: current.run };
    const latest = await this.#latestLease(key);
    const run =
      latest === null
        ? unreadableRun(key.subscriptionId, key.periodKey, now)
        : runFromLease(latest);
    return { outcome: 'leased', run };
  }

  async #endLease(
    key: RunKey,
    owner: string,
    now: Date,
    fields: Record<string, unknown>,
  ): Promise<boolean> {
    const result = await this.runs.updateOne(
      { ...key, owner, status: 'running' },
      { $set: { ...fields, leaseUntil: null, updatedAt: now } },
    );
    if (result.modifiedCount !== 1) return false;
    await this.leases.updateMany({ ...key, owner, state: 'held' }, { $set: { state: 'ended' } });
    return true;
  }

  async #latestLease(key: RunKey): Promise<Lease | null> {
    const doc = await this.leases.find(key).sort({ attempt: -1 }).limit(1).next();
    return doc === null
      ? null
      : this.malformed.parse(leaseSchema, doc, 'digest_leases', docId(doc));
  }

  async #readRun(key: RunKey): Promise<ReadRun> {
    const doc = await this.runs.findOne(key);
    return doc === null ? undefined : { run: this.#parseRun(doc, key) };
  }

  #parseRun(doc: Document, key: RunKey): DigestRun | null {
    return this.malformed.parse(
      digestRunSchema,
      doc,
      'digest_runs',
      `${key.subscriptionId}/${key.periodKey}`,
    );
  }
}
