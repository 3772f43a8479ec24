import type { MetricQuality, MetricsSnapshot } from '../domain/metrics.js';

/** Metrics from the source configured in scale-review.yml (the metrics adapters provide it). */
export interface ConfiguredMetrics {
  snapshot: MetricsSnapshot;
  quality: MetricQuality[];
  /** One line naming the source and window, printed above the panel. */
  description?: string;
}

export type ConfiguredMetricsLoader = (
  section: Record<string, unknown>,
  context: { now: Date; configPath: string | null },
) => Promise<ConfiguredMetrics>;

/** Everything the CLI touches outside its arguments, injected so that runCli is testable in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  now: () => Date;
  /** Where ./scale-review.yml is looked for. */
  cwd: string;
  /** Reads all of stdin, for `--metrics -`; default: the process's stdin (size-capped). */
  readStdin?: () => Promise<string>;
  /** Reads the metrics section of the config; absent until the metrics adapters are wired in. */
  configuredMetrics?: ConfiguredMetricsLoader;
}
