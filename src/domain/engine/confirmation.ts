import type { Plan } from '../plan/schema.js';
import type { Confirmation } from '../review-types.js';

type RunState = 'clear' | 'unconfirmed' | 'confirmed' | 'held';

/** What one period says about one signal (an indicator's threshold, or a stage trigger). */
export type PeriodSignal = 'critical' | 'breach' | 'clear' | 'none';

export interface Judgement {
  confirmation: Confirmation | null;
  /** An action this signal had open was cleared by this period's evidence. */
  clearedNow: boolean;
}

function countBreaches(signals: readonly PeriodSignal[], end: number, ofLast: number): number {
  return signals
    .slice(Math.max(0, end - ofLast + 1), end + 1)
    .filter((s) => s === 'breach' || s === 'critical').length;
}

/** The run state after the signals, oldest first, and the clear count it ends with. */
function run(plan: Plan, signals: readonly PeriodSignal[]): { state: RunState; clean: number } {
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
  return { state, clean };
}

/**
 * Severity and hysteresis across review periods (docs/plan.md). `signals` holds one entry per
 * period of the evidence window, oldest first, ending with the current period; `none` is a period
 * without an observation, or with the signal unknown. Every period counts once.
 *
 * - A critical reading is `critical`: it acts at once, with no confirmation.
 * - A breach is `confirmed` when the signal breached in at least `breaches` of the last `ofLast`
 *   periods (counting now), or when it was already confirmed (or held) in the period before.
 * - Otherwise a breach is `unconfirmed` (watch).
 * - Recovery does not flap: once confirmed, a signal back under its threshold is `held` until it
 *   has been under for `breaches` periods in a row, and a breach while held is confirmed again.
 * - **Missing data is not evidence**: a period without an observation neither confirms nor clears
 *   (it restarts the clear count). Unknown now, while an action is open (confirmed or held): the
 *   action stays open (`unknown`); after an unconfirmed breach: `lapsed` (a watch).
 */
export function judge(plan: Plan, signals: readonly PeriodSignal[]): Judgement {
  const { breaches: required, ofLast } = plan.hysteresis;
  const { state, clean } = run(plan, signals);
  const current = signals.at(-1) ?? 'none';
  const counted = countBreaches(signals, signals.length - 1, ofLast);
  const base = { counted, required, ofLast, clean };
  const before = run(plan, signals.slice(0, -1)).state;
  const wasOpen = before === 'confirmed' || before === 'held';
  if (current === 'critical')
    return { confirmation: { state: 'critical', ...base }, clearedNow: false };
  if (current === 'breach') {
    const confirmed = state === 'confirmed' ? 'confirmed' : 'unconfirmed';
    return { confirmation: { state: confirmed, ...base }, clearedNow: false };
  }
  if (current === 'none') {
    if (state === 'confirmed' || state === 'held') {
      return { confirmation: { state: 'unknown', ...base }, clearedNow: false };
    }
    if (state === 'unconfirmed') {
      return { confirmation: { state: 'lapsed', ...base }, clearedNow: false };
    }
    return { confirmation: null, clearedNow: false };
  }
  if (state === 'held') return { confirmation: { state: 'held', ...base }, clearedNow: false };
  return { confirmation: null, clearedNow: wasOpen };
}

/**
 * Without history (a CLI status that reads no store): not confirmed, a watch (docs/plan.md,
 * "One-shot honesty"); a critical reading still acts.
 */
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
      return 'not confirmed: no history';
    case 'unknown':
      return `no data this ${periodWord}: still open`;
    case 'lapsed':
      return `no data this ${periodWord}: first breach not confirmed`;
  }
}
