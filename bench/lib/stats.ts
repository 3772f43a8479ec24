/** Small statistics over plain numbers (pure). */

/** The p-th percentile (0..100) by nearest rank; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? Number.NaN;
}

/** The median (the mean of the middle two for an even count); NaN for no values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid] ?? Number.NaN;
  return ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The median of each numeric field over rounds of the same shape. */
export function medianOf<T extends Record<string, number>>(rounds: readonly T[]): T {
  const first = rounds[0];
  if (first === undefined) throw new RangeError('medianOf: no rounds');
  const out: Record<string, number> = {};
  for (const key of Object.keys(first)) out[key] = median(rounds.map((r) => r[key] ?? Number.NaN));
  return out as T;
}

export function ratio(value: number, base: number): number {
  return base === 0 ? Number.NaN : value / base;
}

/** Rounds to `digits` decimals (for printing and the JSON). */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
