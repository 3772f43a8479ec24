import type { MetricsInput } from '../command/types.js';
import { type LoadedConfig, loadConfigFile } from '../config/config-file.js';
import { readCliEnv } from '../config/env.js';
import type { MetricQuality, MetricsSnapshot } from '../domain/metrics.js';
import { readSnapshotFile } from '../metrics/snapshot-reader.js';
import { CliInputError } from './exit.js';
import type { CliIo } from './io.js';

/** The config file (SCALE_REVIEW_CONFIG, else ./scale-review.yml, else defaults). */
export function loadConfig(io: CliIo): Promise<LoadedConfig> {
  const env = readCliEnv(io.env);
  return loadConfigFile({ explicitPath: env.configPath, cwd: io.cwd });
}

export interface LoadedMetrics {
  snapshot: MetricsSnapshot;
  quality: MetricQuality[];
  /** One line naming where the metrics came from. */
  description: string;
}

export const NO_METRICS_SOURCE =
  'no metrics source: pass --metrics FILE or configure metrics in scale-review.yml';

/**
 * The metrics for a command: `--metrics FILE|-` first, else the configured source, else null.
 * With `optional` (cost), a configured source this build cannot read counts as none.
 * @throws SnapshotError for a bad file; CliInputError when the configured source cannot be used.
 */
export async function loadMetrics(
  input: MetricsInput,
  config: LoadedConfig,
  io: CliIo,
  optional = false,
): Promise<LoadedMetrics | null> {
  if (input !== null) {
    const path = input.kind === 'stdin' ? '-' : input.path;
    const snapshot = await readSnapshotFile(path, {
      cwd: io.cwd,
      ...(io.readStdin === undefined ? {} : { readStdin: io.readStdin }),
    });
    const origin = input.kind === 'stdin' ? 'stdin' : input.path;
    return { snapshot, quality: [], description: `Metrics: ${origin}` };
  }
  if (config.metrics === null) {
    return null;
  }
  if (io.configuredMetrics === undefined) {
    if (optional) return null;
    throw new CliInputError(
      `the metrics section of ${config.path ?? 'the config'} is not supported by this build yet; pass --metrics FILE`,
    );
  }
  const loaded = await io.configuredMetrics(config.metrics, {
    now: io.now(),
    configPath: config.path,
  });
  return {
    snapshot: loaded.snapshot,
    quality: loaded.quality,
    description: loaded.description ?? 'Metrics: configured source',
  };
}
