import type { Stage } from '../plan/schema.js';
import type { DataQuality } from '../review-types.js';
import type { BuiltIndicator } from './indicators.js';
import { manualTriggerNote, manualTriggers } from './triggers.js';

export interface DataQualityInput {
  built: readonly BuiltIndicator[];
  stage: Stage;
  /** What the review assumed about the estate (an assumed stage, an inferred database tier). */
  notes?: readonly string[];
}

/**
 * Which indicators are unknown and why: `stale` for stale metrics, `missing` for every other cause
 * (no datapoints, invalid value, no traffic, unknown pool maximum). Notes carry one line per
 * partial indicator (an unknown one says why on its own line), the stage basis when it was not conversations/month, and the
 * current stage's manual triggers, which cannot be measured.
 */
export function buildDataQuality(input: DataQualityInput): DataQuality {
  const missing = input.built
    .filter((b) => b.indicator.status === 'unknown' && b.cause !== 'stale')
    .map((b) => b.indicator.key);
  const stale = input.built.filter((b) => b.cause === 'stale').map((b) => b.indicator.key);
  // An unknown indicator's reason is on its own line ("Server CPU: unknown (no datapoints)"); the
  // notes keep the remarks on values that are still used (a partial window).
  const indicatorNotes = input.built.flatMap((b) =>
    b.indicator.note === undefined || b.indicator.status === 'unknown'
      ? []
      : [`${b.indicator.label}: ${b.indicator.note}`],
  );
  const manual = manualTriggers(input.stage).map((t) => manualTriggerNote(input.stage, t));
  return {
    missing,
    stale,
    notes: [...indicatorNotes, ...(input.notes ?? []), ...manual],
  };
}
