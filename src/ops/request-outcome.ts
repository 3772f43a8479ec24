import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestOutcome } from './ops-metrics.js';

/**
 * The outcome of the Slack request being handled, carried through its async work (the reply that
 * follows the ack runs in the same async context). The Slack middleware (slack-instruments.ts)
 * opens a scope per request; the reply path notes a refusal or a failure with noteOutcome, which
 * is a no-op outside a request (the CLI, the digest job).
 */
interface Scope {
  outcome: RequestOutcome;
}

const storage = new AsyncLocalStorage<Scope>();

/** Later notes only make an outcome worse: ok < refused < failed < error. */
const RANK: Record<RequestOutcome, number> = { ok: 0, refused: 1, failed: 2, error: 3 };

/** Runs `work` in a fresh scope; resolves with its result and the outcome noted meanwhile. */
export async function withOutcomeScope<T>(
  work: () => Promise<T>,
): Promise<{ value: T; outcome: RequestOutcome }> {
  const scope: Scope = { outcome: 'ok' };
  const value = await storage.run(scope, work);
  return { value, outcome: scope.outcome };
}

/**
 * Marks the current request: `refused` (the user's input or permissions: the reply says why) or
 * `failed` (our side or a dependency: the reply is an error, or could not be delivered).
 */
export function noteOutcome(outcome: 'refused' | 'failed'): void {
  const scope = storage.getStore();
  if (scope !== undefined && RANK[outcome] > RANK[scope.outcome]) scope.outcome = outcome;
}
