import type { Plan } from '../plan/schema.js';
import type { Confirmation } from '../review-types.js';

type RunState = 'clear' | 'unconfirmed' | 'confirmed' | 'held';

/** What one period says about one signal (an indicator's threshold, or a stage trigger). */
export type PeriodSignal = 'critical' | 'breach' | 'clear' | 'none';

/**
 * Severity and hysteresis across review periods (docs/plan.md). `signals` holds one entry per
 * period, oldest first, ending with the current period; `none` is a period without an
 * observation, or with the signal unknown. Every period counts once, however many reviews it had.
 *
 * - A critical reading is `critical`: it acts at once, with no confirmation.
 * - A breach is `confirmed` when the signal breached in at least `breaches` of the last `ofLast`
 *   periods (counting now), or when it was already confirmed (or held) in the period before.
 * - Otherwise a breach is `unconfirmed` (watch).
 * - Recovery does not flap: once confirmed, a signal back under its threshold is `held` until it
 *   has been under for `breaches` periods in a row (the same evidence a breach needs), and a
 *   breach while held is confirmed again at once. A period without an observation neither
 *   confirms nor clears.
 * Returns null when the signal is clear now and nothing is held.
 */
export function judge(plan: Plan, signals: readonly PeriodSignal[]): Confirmation | null {
  const { breaches: required, ofLast } = plan.hysteresis;
  let state: RunState = 'clear';
  let clean = 0;
  for (const [i, signal] of signals.entries()) {
    if (signal === 'none') {
      clean = 0;
      continue;
    }
    const wasConfirmed: boolean = state === 'confirmed' || state === 'held';
    if (signal === 'clear') {
      clean += 1;
      state = wasConfirmed && clean < required ? 'held' : 'clear';
      continue;
    }
    clean = 0;
    const counted = countBreaches(signals, i, ofLast);
    state =
      signal === 'critical' || counted >= required || wasConfirmed ? 'confirmed' : 'unconfirmed';
  }
  const current = signals.at(-1) ?? 'none';
  const counted = countBreaches(signals, signals.length - 1, ofLast);
  const base = { counted, required, ofLast, clean };
  if (current === 'critical') return { state: 'critical', ...base };
  if (current === 'breach')
    return { state: state === 'confirmed' ? 'confirmed' : 'unconfirmed', ...base };
  if (state === 'held') return { state: 'held', ...base };
  return null;
}

function countBreaches(signals: readonly PeriodSignal[], end: number, ofLast: number): number {
  return signals
    .slice(Math.max(0, end - ofLast + 1), end + 1)
    .filter((s) => s === 'breach' || s === 'critical').length;
}

/** Without history (a CLI status that reads no store) every breach acts; critical still says so. */
export function unchecked(plan: Plan, critical: boolean): Confirmation {
  const { breaches: required, ofLast } = plan.hysteresis;
  return { state: critical ? 'critical' : 'unchecked', counted: 1, required, ofLast, clean: 0 };
}

/** "first breach", "2 of the last 3 periods", "back under for 1 of 2 periods". */
export function confirmationPhrase(c: Confirmation, periodWord: string): string {
  const plural = (n: number) => (n === 1 ? periodWord : `${periodWord}s`);
  switch (c.state) {
    case 'critical':
      return 'critical: acts at once';
    case 'confirmed':
      return `over in ${c.counted} of the last ${c.ofLast} ${plural(c.ofLast)}`;
    case 'unconfirmed':
      return c.counted === 1 ? 'first breach' : `${c.counted} of ${c.required} breaches needed`;
    case 'held':
      return `held: back under for ${c.clean} of ${c.required} ${plural(c.required)} needed to clear`;
    case 'unchecked':
      return 'no history checked';
  }
}
