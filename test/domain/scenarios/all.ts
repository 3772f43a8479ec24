import type { Scenario } from './scenario.js';
import { EASY, MISSING } from './table-easy-missing.js';
import { IMPOSSIBLE, OUTCOME, STATES } from './table-honesty-outcome.js';
import { DOUBLE, DOWN, HEADROOM, SYMPTOM } from './table-load.js';
import { BEYOND, COST, STAGE } from './table-stage-beyond-cost.js';
import { FORECAST, FRAGILE, ONE_SHOT } from './table-time.js';

/** Every scenario of the advice suite, by class. */
export const ALL_SCENARIOS: readonly Scenario[] = [
  ...EASY,
  ...MISSING,
  ...STAGE,
  ...BEYOND,
  ...COST,
  ...SYMPTOM,
  ...HEADROOM,
  ...DOWN,
  ...DOUBLE,
  ...ONE_SHOT,
  ...FORECAST,
  ...FRAGILE,
  ...IMPOSSIBLE,
  ...OUTCOME,
  ...STATES,
];
