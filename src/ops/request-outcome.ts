import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestOutcome } from './ops-metrics.js';

/**
 * The outcome of the Slack request being handled, carried through its async work (the reply that
 * follows the ack runs in the same async context). The Slack middleware (slack-instruments.ts)
 * opens a scope per request; the listener names it (nameRequest: a command by its parsed kind)
 * and the reply path notes a refusal or a failure with noteOutcome. Both are no-ops outside a
 * request (the CLI, the digest job).
 */
interface Scope {
  outcome: RequestOutcome;
  /** What the listener read the request as (a command's kind); null: not named. */
  name: string | null;
  /** Work the request handed on (an answer queued after its ack): the outcome waits for it. */
  followUps: Promise<unknown>[];
}

const storage = new AsyncLocalStorage<Scope>();

/** Later notes only make an outcome worse: ok < refused < failed < error. */
const RANK: Record<RequestOutcome, number> = { ok: 0, refused: 1, failed: 2, error: 3 };

/**
 * Runs `work` in a fresh scope; resolves with its result and, as `outcome`, a promise of the
 * outcome noted meanwhile and by the follow-ups it handed on (which run after the ack).
 */
export async function withOutcomeScope<T>(
  work: () => Promise<T>,
): Promise<{ value: T; outcome: Promise<RequestOutcome> }> {
  const scope: Scope = { outcome: 'ok', name: null, followUps: [] };
  const value = await storage.run(scope, work);
  const outcome = Promise.allSettled(scope.followUps).then(() => scope.outcome);
  return { value, outcome };
}

/**
 * Names the current request by what its listener read (a slash command by the kind of its parsed
 * command, `invalid` when it could not be read), so the request is counted without parsing it
 * again.
 */
export function nameRequest(name: string): void {
  const scope = storage.getStore();
  if (scope !== undefined) scope.name = name;
}

/** The name the current request's listener gave it; null when none did, or outside a request. */
export function requestName(): string | null {
  return storage.getStore()?.name ?? null;
}

/**
 * Hands `run` on to later work (the answer queue): it keeps the current request's scope, so its
 * notes count for the request, and the request's outcome waits for it. Outside a request the
 * function is returned as is.
 */
export function followUp(run: () => Promise<void>): { run: () => Promise<void>; done: () => void } {
  const scope = storage.getStore();
  if (scope === undefined) return { run, done: () => undefined };
  let done: () => void = () => undefined;
  scope.followUps.push(
    new Promise<void>((resolve) => {
      done = resolve;
    }),
  );
  return { run: () => storage.run(scope, run), done: () => done() };
}

/**
 * Marks the current request: `refused` (the user's input or permissions: the reply says why) or
 * `failed` (our side or a dependency: the reply is an error, or could not be delivered).
 */
export function noteOutcome(outcome: 'refused' | 'failed'): void {
  const scope = storage.getStore();
  if (scope !== undefined && RANK[outcome] > RANK[scope.outcome]) scope.outcome = outcome;
}
