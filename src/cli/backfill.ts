import { FUTURE_SKEW_MS } from '../domain/engine/snapshot-checks.js';
import { formatUtcDay, formatUtcTime } from '../domain/format.js';
import { periodAt, periodOf } from '../domain/period.js';
import type { Plan } from '../domain/plan/schema.js';
import type { MetricsResult, MetricsSource } from '../metrics/port.js';
import { CliInputError } from './exit.js';

function when(date: Date): string {
  return `${formatUtcDay(date)} ${formatUtcTime(date)} UTC`;
}

/**
 * When `status --save` reviews: now, or the moment the snapshot says it was captured (a backfill of
 * an earlier week, filed under its own review period: docs/plan.md, "Data honesty"). A snapshot
 * from the future, or older than the periods a review reads, is refused: it could only mislead.
 */
export function reviewTimeOf(result: MetricsResult, now: Date, plan: Plan): Date {
  const raw = result.snapshot.capturedAt;
  if (raw === undefined) return now;
  const captured = new Date(raw);
  if (captured.getTime() - now.getTime() > FUTURE_SKEW_MS) {
    throw new CliInputError(
      `capturedAt ${when(captured)} is in the future (now ${when(now)}): fix the source's clock or drop capturedAt`,
      { showUsage: false },
    );
  }
  const interval = plan.review.intervalDays;
  const oldest = periodAt(periodOf(now, interval).index - plan.forecast.lookbackPeriods, interval);
  if (captured.getTime() < oldest.start.getTime()) {
    throw new CliInputError(
      `capturedAt ${when(captured)} is older than the ${plan.forecast.lookbackPeriods} review periods a review reads (from ${formatUtcDay(oldest.start)}): saving it would change nothing; drop --save to print its review`,
      { showUsage: false },
    );
  }
  return captured;
}

/** A source that serves one result it already fetched (the review then runs at its own time). */
export function fetchedSource(source: MetricsSource, result: MetricsResult): MetricsSource {
  return { kind: source.kind, describe: () => source.describe(), fetch: async () => result };
}
