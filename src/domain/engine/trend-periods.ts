import type { MetricCatalog } from '../catalog/catalog.js';
import type { ReviewPeriod } from '../period.js';
import type { Indicator, TrendPeriod, TrendReading } from '../review-types.js';
import { indicatorIn, type JudgedPeriod } from './history.js';

/** A reading the chart can place against its threshold: a value and a positive threshold. */
function readingOf(indicator: Indicator | undefined): TrendReading | null {
  if (!indicator || indicator.value === null || indicator.threshold === null) return null;
  if (!(indicator.threshold > 0)) return null;
  return { indicator: indicator.key, value: indicator.value, threshold: indicator.threshold };
}

/**
 * The panel indicators' readings per review period, oldest first, ending with the current period:
 * the earlier periods as `judgePast` judged them (today's plan, the team's stage and tier), so each
 * reading stands against the threshold that applies to it. A period without any reading is left out.
 */
export function trendPeriods(
  catalog: MetricCatalog,
  past: readonly JudgedPeriod[],
  current: { period: ReviewPeriod; indicators: readonly Indicator[] },
): TrendPeriod[] {
  const keys = catalog.indicators.filter((spec) => spec.kind === 'panel').map((spec) => spec.key);
  const readings = (find: (key: Indicator['key']) => Indicator | undefined) =>
    keys.flatMap((key) => {
      const reading = readingOf(find(key));
      return reading === null ? [] : [reading];
    });
  const periods = past.map((p) => ({
    key: p.key,
    start: startOf(p, current.period),
    readings: readings((key) => indicatorIn(p.assessment, key)),
  }));
  periods.push({
    key: current.period.key,
    start: current.period.start.toISOString(),
    readings: readings((key) => current.indicators.find((i) => i.key === key)),
  });
  return periods.filter((p) => p.readings.length > 0);
}

/** A judged period's start, from its index (consecutive periods are one interval apart). */
function startOf(p: JudgedPeriod, current: ReviewPeriod): string {
  const length = current.end.getTime() - current.start.getTime();
  return new Date(current.start.getTime() - (current.index - p.index) * length).toISOString();
}
