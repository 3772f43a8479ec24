import type { Plan } from '../plan/schema.js';
import type { Review } from '../review-types.js';

export interface BreachCount {
  /** Breaches in the window, counting the current review. */
  counted: number;
  required: number;
  ofLast: number;
  confirmed: boolean;
}

/**
 * Hysteresis (plan.hysteresis, default 2 of 3): a breach now is confirmed when it also happened in
 * enough of the last (ofLast - 1) reviews that the breaches, counting now, reach `breaches`.
 * `history` is newest first; undefined switches hysteresis off (returns null: always confirmed).
 */
export function countBreaches(
  plan: Plan,
  history: readonly Review[] | undefined,
  breachedIn: (past: Review) => boolean,
): BreachCount | null {
  if (history === undefined) return null;
  const { breaches, ofLast } = plan.hysteresis;
  const counted = 1 + history.slice(0, Math.max(0, ofLast - 1)).filter(breachedIn).length;
  return { counted, required: breaches, ofLast, confirmed: counted >= breaches };
}

/** "first breach: watch" or "2 of 3 breaches: watch". */
export function unconfirmedPhrase(count: { counted: number; required: number }): string {
  return count.counted === 1
    ? 'first breach: watch'
    : `${count.counted} of ${count.required} breaches: watch`;
}
