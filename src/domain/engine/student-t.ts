/**
 * Two-sided Student's t intervals for a trend's slope: a small table of t quantiles for 1..30
 * degrees of freedom, and beyond it the normal quantile z with the first two terms of its
 * expansion (z + (z³ + z) / 4df + (5z⁵ + 16z³ + 3z) / 96df², within 0.0001 of the exact value from
 * 31 on).
 */
import type { IntervalPercent } from '../plan/schema.js';

export type { IntervalPercent };

/** One-sided probabilities with a table: 0.90 (an 80% two-sided interval) and 0.95 (90%). */
export const T_PROBABILITIES = [0.9, 0.95] as const;
export type TProbability = (typeof T_PROBABILITIES)[number];

const TABLE = {
  0.9: [
    3.078, 1.886, 1.638, 1.533, 1.476, 1.44, 1.415, 1.397, 1.383, 1.372, 1.363, 1.356, 1.35, 1.345,
    1.341, 1.337, 1.333, 1.33, 1.328, 1.325, 1.323, 1.321, 1.319, 1.318, 1.316, 1.315, 1.314, 1.313,
    1.311, 1.31,
  ],
  0.95: [
    6.314, 2.92, 2.353, 2.132, 2.015, 1.943, 1.895, 1.86, 1.833, 1.812, 1.796, 1.782, 1.771, 1.761,
    1.753, 1.746, 1.74, 1.734, 1.729, 1.725, 1.721, 1.717, 1.714, 1.711, 1.708, 1.706, 1.703, 1.701,
    1.699, 1.697,
  ],
} as const satisfies Record<TProbability, readonly number[]>;

/** The standard normal quantiles of the same probabilities. */
const NORMAL = { 0.9: 1.2815515655446004, 0.95: 1.6448536269514722 } as const satisfies Record<
  TProbability,
  number
>;

/** Thrown for degrees of freedom that are not a whole number >= 1. */
export class InvalidDegreesOfFreedomError extends RangeError {
  override readonly name = 'InvalidDegreesOfFreedomError';
}

/** The `probability` quantile of Student's t with `df` degrees of freedom: t(0.90, 4) = 1.533. */
export function tQuantile(probability: TProbability, df: number): number {
  if (!Number.isInteger(df) || df < 1) {
    throw new InvalidDegreesOfFreedomError(
      `degrees of freedom must be a whole number >= 1, got ${df}`,
    );
  }
  const tabled = TABLE[probability][df - 1];
  if (tabled !== undefined) return tabled;
  const z = NORMAL[probability];
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2);
}

/** The t multiplier of a two-sided `percent` interval: 80% with 4 df is t(0.90, 4) = 1.533. */
export function twoSidedT(percent: IntervalPercent, df: number): number {
  const probability = percent === 80 ? 0.9 : 0.95;
  return tQuantile(probability, df);
}
