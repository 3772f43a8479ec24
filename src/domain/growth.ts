import { fitLine } from './engine/fit.js';

/** A conversations-per-month reading at a point in time (from stored observations). */
export interface VolumePoint {
  at: Date;
  conversationsPerMonth: number;
}

/** Observed growth needs readings at least this far apart (two weeks), or it is noise. */
export const MIN_GROWTH_SPAN_DAYS = 14;
/** And at least this many readings (review periods). */
export const MIN_GROWTH_POINTS = 3;
/** A log-linear fit that explains less than this share of the variance is too noisy to use. */
export const MIN_GROWTH_R2 = 0.5;
export const DAYS_PER_MONTH = 365.25 / 12;
const MS_PER_DAY = 86_400_000;

export type GrowthEstimate =
  | {
      status: 'observed';
      /** Compound growth per month, percent (rounded to 0.1). */
      monthlyPercent: number;
      /** The range from the fit's standard error, percent per month. */
      lowPercent: number;
      highPercent: number;
      points: number;
      spanDays: number;
    }
  | { status: 'insufficient' | 'noisy'; points: number; spanDays: number };

const round1 = (v: number) => Math.round(v * 10) / 10;

/**
 * Compound monthly growth from a least-squares fit of ln(volume) on time: one reading per review
 * period, at least {@link MIN_GROWTH_POINTS} of them over at least {@link MIN_GROWTH_SPAN_DAYS}
 * days, all above zero, and a fit with R² >= {@link MIN_GROWTH_R2}. The same estimate feeds
 * `/scale project` and the conversations forecast.
 */
export function estimateGrowth(points: readonly VolumePoint[], now: Date): GrowthEstimate {
  const usable = points.filter(
    (p) => Number.isFinite(p.conversationsPerMonth) && p.conversationsPerMonth > 0,
  );
  const series = usable.map((p) => ({
    days: (p.at.getTime() - now.getTime()) / MS_PER_DAY,
    value: Math.log(p.conversationsPerMonth),
  }));
  const fit = fitLine(series);
  const spanDays = fit?.spanDays ?? 0;
  if (!fit || usable.length < MIN_GROWTH_POINTS || spanDays < MIN_GROWTH_SPAN_DAYS) {
    return { status: 'insufficient', points: usable.length, spanDays };
  }
  const flat = Math.abs(fit.slope) * DAYS_PER_MONTH < 0.005;
  if (!flat && fit.r2 < MIN_GROWTH_R2) return { status: 'noisy', points: fit.points, spanDays };
  const monthly = (k: number) => (Math.exp(k * DAYS_PER_MONTH) - 1) * 100;
  return {
    status: 'observed',
    monthlyPercent: round1(monthly(fit.slope)),
    lowPercent: round1(monthly(fit.slope - fit.slopeError)),
    highPercent: round1(monthly(fit.slope + fit.slopeError)),
    points: fit.points,
    spanDays,
  };
}

/** The observed compound monthly growth in percent, or null when the history cannot tell. */
export function observedMonthlyGrowth(points: readonly VolumePoint[], now: Date): number | null {
  const estimate = estimateGrowth(points, now);
  return estimate.status === 'observed' ? estimate.monthlyPercent : null;
}
