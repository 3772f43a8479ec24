import type { Emulators } from './services.js';

/** What every benchmark gets from the runner. */
export interface BenchContext {
  emulators: Emulators;
  /** Where raw results (and CPU profiles) go: bench/results (git-ignored). */
  resultsDir: string;
  /** Fewer and shorter rounds (a smoke run of the harness, not figures to publish). */
  quick: boolean;
  /** Rounds per measurement (the median is reported). */
  rounds: number;
  /** Progress lines (stderr). */
  log(message: string): void;
}
