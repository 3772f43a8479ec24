import type { EstateChange } from '../domain/estate-types.js';
import { EstateContentionError } from './errors.js';
import { type EstateRecord, MAX_ESTATE_CHANGES } from './ports.js';

/**
 * What both adapters share for `estate.append` (docs/store.md, "The estate"): how a change is added
 * to a team's record, and the bounded retry of a write that lost a race.
 */

/**
 * The record with `change` appended (oldest first, only the last MAX_ESTATE_CHANGES kept), its
 * version one higher; null when a change with that id is already recorded (a retried click).
 */
export function appendChange(
  current: EstateRecord | null,
  teamId: string,
  change: EstateChange,
  now: Date,
): EstateRecord | null {
  if (current?.changes.some((c) => c.id === change.id)) return null;
  return {
    teamId,
    changes: [...(current?.changes ?? []), change].slice(-MAX_ESTATE_CHANGES),
    version: (current?.version ?? 0) + 1,
    updatedAt: now,
  };
}

/** An attempt's outcome when another writer wrote first: read again and retry. */
export const LOST_RACE = Symbol('lost race');

/**
 * Each lost attempt means another append of the team landed meanwhile, so with n concurrent
 * appenders no one loses more than n - 1 times; Done clicks of one team are human-paced.
 */
export const MAX_APPEND_ATTEMPTS = 10;

/** Run `attempt` until it wins; EstateContentionError after `maxAttempts` lost races. */
export async function untilWon<T>(
  teamId: string,
  attempt: () => Promise<T | typeof LOST_RACE>,
  maxAttempts: number = MAX_APPEND_ATTEMPTS,
): Promise<T> {
  for (let tried = 1; tried <= maxAttempts; tried++) {
    const outcome = await attempt();
    if (outcome !== LOST_RACE) return outcome;
  }
  throw new EstateContentionError(teamId, maxAttempts);
}
