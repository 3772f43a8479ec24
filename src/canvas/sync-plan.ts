import { buildCapacityPlanCanvas, canvasMarkdown } from '../../blocks/capacity-plan.js';
import type { CapacityPlanViewModel } from '../../blocks/capacity-plan-model.js';
import type { AppDeps } from '../app/deps.js';
import type { CanvasRecord, Subscription } from '../store/ports.js';
import { type CanvasApi, CanvasGoneError, CanvasRefusedError } from './port.js';
import { refusalNotice } from './refusal-notice.js';
import { sectionHashes, writeChangedSections } from './write-sections.js';

/**
 * Keeps a subscribed channel's "Capacity plan" canvas in step with the team's plan (issue 22;
 * docs/slack.md, "The capacity plan canvas"). Created with the channel's first digest, then
 * edited in place, part by part, after each digest and each decision. Never throws: a canvas
 * that fails is logged and written at the next digest or click, a refusal is logged once at
 * `warn` and told to the subscriber once, and the digest or the click goes on either way.
 */

export interface CanvasDeps extends AppDeps {
  canvas: CanvasApi;
  /** Tells a subscriber something by DM (the digest's paced DM, or Bolt's client on a click). */
  tell(userId: string, text: string): Promise<void>;
}

/** What asked: the digest may create the canvas; a click only keeps an existing one in step. */
export type CanvasTrigger = 'digest' | 'click';

export type CanvasOutcome =
  | 'created'
  | 'updated'
  | 'unchanged'
  | 'refused'
  | 'gone'
  | 'failed'
  | 'skipped';

/** Only one creator per channel at a time, across replicas (a unique key in the store). */
const CREATE_CLAIM_MS = 5 * 60_000;

const createKey = (s: Subscription) => `canvas-create:${s.teamId}:${s.channelId}`;

/** Runs `work` after the previous work on the same key (per store, in this process). */
const queues = new WeakMap<object, Map<string, Promise<unknown>>>();
function serialized<T>(scope: object, key: string, work: () => Promise<T>): Promise<T> {
  const byKey = queues.get(scope) ?? new Map<string, Promise<unknown>>();
  queues.set(scope, byKey);
  const previous = byKey.get(key) ?? Promise.resolve();
  const next = previous.then(work, work);
  const tail = next.catch(() => undefined);
  byKey.set(key, tail);
  void tail.then(() => {
    if (byKey.get(key) === tail) byKey.delete(key);
  });
  return next;
}

function emptyRecord(s: Subscription, now: Date): CanvasRecord {
  return {
    teamId: s.teamId,
    channelId: s.channelId,
    canvasId: null,
    sections: {},
    refusal: null,
    updatedAt: now,
  };
}

async function refused(
  deps: CanvasDeps,
  s: Subscription,
  record: CanvasRecord,
  error: CanvasRefusedError,
  now: Date,
): Promise<CanvasRecord> {
  const meta = { teamId: s.teamId, channelId: s.channelId, code: error.code };
  const known = record.refusal?.code === error.code;
  if (known) deps.logger.debug(meta, 'capacity plan canvas still refused');
  else {
    deps.logger.warn(
      { ...meta, ...(error.needed ? { needed: error.needed } : {}) },
      'capacity plan canvas refused by Slack; the digest goes on without it',
    );
  }
  let told = known && record.refusal?.told === true;
  if (!told) {
    try {
      await deps.tell(s.createdBy, refusalNotice(s.channelId, error));
      told = true;
    } catch (tellError) {
      deps.logger.warn(
        { ...meta, err: tellError },
        'could not tell the subscriber about the canvas',
      );
    }
  }
  return { ...record, refusal: { code: error.code, at: now, told } };
}

async function create(
  deps: CanvasDeps,
  s: Subscription,
  record: CanvasRecord,
  vm: CapacityPlanViewModel,
  now: Date,
): Promise<{ record: CanvasRecord; outcome: CanvasOutcome }> {
  const key = createKey(s);
  if ((await deps.store.idempotency.remember(key, now, CREATE_CLAIM_MS)) === 'duplicate') {
    return { record, outcome: 'skipped' };
  }
  const canvas = buildCapacityPlanCanvas(vm);
  try {
    const id = await deps.canvas.createChannelCanvas(
      s.channelId,
      canvas.title,
      canvasMarkdown(canvas),
    );
    if (record.refusal)
      deps.logger.info({ channelId: s.channelId }, 'capacity plan canvas accepted now');
    deps.logger.info(
      { teamId: s.teamId, channelId: s.channelId, canvasId: id },
      'capacity plan canvas created',
    );
    return {
      record: { ...record, canvasId: id, sections: sectionHashes(canvas), refusal: null },
      outcome: 'created',
    };
  } catch (error) {
    // Nothing was created: the next digest may try at once.
    await deps.store.idempotency.forget(key, now).catch(() => undefined);
    throw error;
  }
}

/** Writes the parts that changed; `record.sections` follows each part that lands. */
async function update(
  deps: CanvasDeps,
  record: CanvasRecord,
  canvasId: string,
  vm: CapacityPlanViewModel,
): Promise<CanvasOutcome> {
  const canvas = buildCapacityPlanCanvas(vm);
  const count = await writeChangedSections(deps.canvas, canvasId, canvas, record.sections);
  if (record.refusal)
    deps.logger.info({ channelId: record.channelId }, 'capacity plan canvas accepted now');
  record.refusal = null;
  return count === 0 ? 'unchanged' : 'updated';
}

/** Creates the canvas, or writes what changed in it; a digest creates a deleted one again. */
async function write(
  deps: CanvasDeps,
  s: Subscription,
  record: CanvasRecord,
  trigger: CanvasTrigger,
  vm: CapacityPlanViewModel,
): Promise<CanvasOutcome> {
  const now = record.updatedAt;
  if (record.canvasId !== null) {
    try {
      return await update(deps, record, record.canvasId, vm);
    } catch (error) {
      const outcome = await failed(deps, s, record, error, now);
      if (outcome !== 'gone' || trigger !== 'digest') return outcome;
    }
  }
  try {
    const made = await create(deps, s, record, vm, now);
    Object.assign(record, made.record);
    return made.outcome;
  } catch (error) {
    return failed(deps, s, record, error, now);
  }
}

async function syncOnce(
  deps: CanvasDeps,
  s: Subscription,
  trigger: CanvasTrigger,
  plan: () => Promise<CapacityPlanViewModel | null>,
): Promise<CanvasOutcome> {
  const now = deps.clock();
  const stored = await deps.store.canvases.get(s.teamId, s.channelId);
  // A click keeps the canvas in step (and creates one the digest could not create yet); trying
  // again after a refusal is the digest's, once a week.
  if (trigger === 'click' && (stored === null || stored.refusal !== null)) return 'skipped';
  const vm = await plan();
  if (vm === null) return 'skipped';
  const base = stored ?? emptyRecord(s, now);
  const record: CanvasRecord = { ...base, sections: { ...base.sections }, updatedAt: now };
  const outcome = await write(deps, s, record, trigger, vm);
  if (outcome !== 'skipped') await deps.store.canvases.put(record);
  return outcome;
}

async function failed(
  deps: CanvasDeps,
  s: Subscription,
  record: CanvasRecord,
  error: unknown,
  now: Date,
): Promise<CanvasOutcome> {
  const meta = { teamId: s.teamId, channelId: s.channelId };
  if (error instanceof CanvasRefusedError) {
    Object.assign(record, await refused(deps, s, record, error, now));
    return 'refused';
  }
  if (error instanceof CanvasGoneError) {
    deps.logger.warn(
      { ...meta, canvasId: record.canvasId, code: error.code },
      'capacity plan canvas is gone; a digest creates it again',
    );
    Object.assign(record, { canvasId: null, sections: {} });
    return 'gone';
  }
  deps.logger.warn(
    { ...meta, err: error },
    'capacity plan canvas not written; it is written at the next digest or click',
  );
  return 'failed';
}

/**
 * Brings the channel's canvas in step with the team's plan (`plan`, loaded once when needed).
 * Serialised per channel in this process, so a click and a digest do not interleave their edits.
 */
export function syncCapacityPlan(
  deps: CanvasDeps,
  subscription: Subscription,
  trigger: CanvasTrigger,
  plan: () => Promise<CapacityPlanViewModel | null>,
): Promise<CanvasOutcome> {
  const key = `${subscription.teamId}|${subscription.channelId}`;
  return serialized(deps.store, key, () => syncOnce(deps, subscription, trigger, plan)).catch(
    (error: unknown) => {
      deps.logger.warn(
        { teamId: subscription.teamId, channelId: subscription.channelId, err: error },
        'capacity plan canvas not written; it is written at the next digest or click',
      );
      return 'failed' as const;
    },
  );
}
