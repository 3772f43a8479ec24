/**
 * The one cost convention (docs/plan.md, "Cost"): what moving from paying one monthly range to
 * paying another changes, used by `/scale status`, `/scale cost`, the digest and the App Home
 * alike. An open end stays open: a stage costing "$213+" has no known top, so a move to it costs
 * "+$128/month or more", and a move from it "up to +$587/month".
 */

/** A monthly range in USD; `max: null` is open-ended ("$213+"). */
export interface CostRange {
  min: number;
  max: number | null;
}

/**
 * A change in monthly cost, USD. `min: null`: no lower bound is known (the current cost has no
 * known top); `max: null`: no upper bound is known (the target has none).
 */
export interface CostChange {
  min: number | null;
  max: number | null;
}

export const NO_COST_CHANGE: CostChange = { min: 0, max: 0 };

function same(a: CostRange, b: CostRange): boolean {
  return a.min === b.min && a.max === b.max;
}

/**
 * From paying `from` to paying `to`: the least it can add is `to`'s low end minus `from`'s high
 * end, the most is `to`'s high end minus `from`'s low end; an open end leaves that bound open.
 * Stage 2 ($70–85) to 3 ($213+): +$128 or more; stage 3 ($213+) to 4 ($500–800): up to +$587;
 * with the team paying $250 now: +$250–550.
 */
export function costChange(from: CostRange, to: CostRange): CostChange {
  if (same(from, to)) return { ...NO_COST_CHANGE };
  return {
    min: from.max === null ? null : to.min - from.max,
    max: to.max === null ? null : to.max - from.min,
  };
}

/** A fixed amount paid now, as a range. */
export function exactly(amount: number): CostRange {
  return { min: amount, max: amount };
}

/** `n` times a range (n additional servers at $30–60 each). */
export function times(n: number, range: CostRange): CostChange {
  return { min: n * range.min, max: range.max === null ? null : n * range.max };
}

/** The sum of two changes (a relief step and the rest of a move); an open bound stays open. */
export function addChanges(a: CostChange, b: CostChange): CostChange {
  return {
    min: a.min === null || b.min === null ? null : a.min + b.min,
    max: a.max === null || b.max === null ? null : a.max + b.max,
  };
}

/** A saving of `n` times a range, as a (negative) change. */
export function saving(n: number, range: CostRange): CostChange {
  return { min: range.max === null ? null : -n * range.max, max: -n * range.min };
}
