import type { MetricsSource } from '../metrics/port.js';

/** Everything the CLI touches outside its arguments, injected so that runCli is testable in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The process environment; only src/config reads it (readCliEnv). */
  env: NodeJS.ProcessEnv;
  now: () => Date;
  /** Where ./scale-review.yml is looked for, and what relative DATA_DIR and metrics paths start from. */
  cwd: string;
  /** Reads all of stdin, for `--metrics -`; default: the process's stdin (size-capped). */
  readStdin?: () => Promise<string>;
  /** Waits (default: a timer); `digest --now` waits out the lease of a sender that stopped. */
  sleep?: (ms: number) => Promise<void>;
  /** Replaces the metrics source configured in scale-review.yml (tests, embedding). */
  metricsSource?: MetricsSource;
}
