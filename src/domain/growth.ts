/** A conversations-per-month reading at a point in time (from stored reviews). */
export interface VolumePoint {
  at: Date;
  conversationsPerMonth: number;
}

/** Observed growth needs readings at least this far apart, or it is noise. */
export const MIN_GROWTH_SPAN_DAYS = 28;
const DAYS_PER_MONTH = 365.25 / 12;
const MS_PER_DAY = 86_400_000;

/**
 * Compound monthly growth (percent) between the oldest and newest reading, or null when the
 * history is too short, spans under {@link MIN_GROWTH_SPAN_DAYS} days, or starts at zero.
 */
export function observedMonthlyGrowth(points: readonly VolumePoint[]): number | null {
  const usable = points
    .filter((p) => Number.isFinite(p.conversationsPerMonth) && p.conversationsPerMonth >= 0)
    .toSorted((a, b) => a.at.getTime() - b.at.getTime());
  const first = usable[0];
  const last = usable.at(-1);
  if (!first || !last || first === last) return null;
  const days = (last.at.getTime() - first.at.getTime()) / MS_PER_DAY;
  if (days < MIN_GROWTH_SPAN_DAYS || first.conversationsPerMonth <= 0) return null;
  const ratio = last.conversationsPerMonth / first.conversationsPerMonth;
  const monthly = (ratio ** (DAYS_PER_MONTH / days) - 1) * 100;
  return Math.round(monthly * 10) / 10;
}
