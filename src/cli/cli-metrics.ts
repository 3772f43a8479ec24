import type { MetricsInput } from '../command/types.js';
import {
  MetricsNotConfiguredError,
  MetricsThrottledError,
  MetricsUnavailableError,
  SnapshotError,
} from '../metrics/errors.js';
import type { MetricsResult, MetricsSource } from '../metrics/port.js';
import { missingKeyFacts } from '../metrics/snapshot-quality.js';
import { readSnapshotFile } from '../metrics/snapshot-reader.js';
import { type CliRuntime, configuredMetrics } from './cli-runtime.js';
import { CliInputError } from './exit.js';
import type { CliIo } from './io.js';

const NO_METRICS_SOURCE =
  'no metrics source: pass --metrics FILE or configure metrics in scale-review.yml';

/**
 * `--metrics FILE|-`: the same reader (and errors) as the `file` source; keys the file leaves out
 * are flagged `noData`, so the review says why they are unknown.
 * @throws SnapshotError naming the file and the problem.
 */
async function readMetricsInput(
  input: NonNullable<MetricsInput>,
  io: CliIo,
): Promise<MetricsResult> {
  const path = input.kind === 'stdin' ? '-' : input.path;
  const snapshot = await readSnapshotFile(path, {
    cwd: io.cwd,
    ...(io.readStdin === undefined ? {} : { readStdin: io.readStdin }),
  });
  const origin = input.kind === 'stdin' ? 'stdin' : input.path;
  return {
    snapshot,
    series: {},
    quality: missingKeyFacts(snapshot, origin),
    notes: [],
    source: {
      kind: 'file',
      // Stored with a saved review (App Home shows it): no path there; the CLI prints `detail`.
      description: input.kind === 'stdin' ? 'stdin' : 'metrics file',
      detail: input.kind === 'stdin' ? 'stdin' : `file ${input.path}`,
      apiCalls: 0,
      metricsRequested: 0,
    },
  };
}

/** `--metrics FILE|-` as a metrics source: each fetch reads the file (or stdin) once. */
function metricsInputSource(input: NonNullable<MetricsInput>, io: CliIo): MetricsSource {
  return {
    kind: 'file',
    describe: () => (input.kind === 'stdin' ? 'stdin' : `file ${input.path}`),
    fetch: () => readMetricsInput(input, io),
  };
}

/**
 * The metrics source of `status`: `--metrics FILE|-`, else the configured source. Its fetch
 * throws SnapshotError, MetricsThrottledError or MetricsUnavailableError.
 * @throws CliInputError when nothing is configured; MetricsNotConfiguredError with its fix.
 */
export function requireMetricsSource(
  input: MetricsInput,
  runtime: CliRuntime,
  io: CliIo,
): MetricsSource {
  if (input !== null) return metricsInputSource(input, io);
  const setup = configuredMetrics(runtime, io);
  if (setup === null) {
    throw new CliInputError(NO_METRICS_SOURCE);
  }
  if (setup.metrics === null) {
    throw setup.problem ?? new CliInputError(NO_METRICS_SOURCE);
  }
  return setup.metrics;
}

const FALLBACK_ERRORS = [
  MetricsNotConfiguredError,
  MetricsThrottledError,
  MetricsUnavailableError,
  SnapshotError,
] as const;

/**
 * The metrics of `cost`: `--metrics` (its errors stop the command), else the configured source,
 * else null. A configured source that fails only costs the stage: a warning, then null (stage 1),
 * as the bot keeps answering cost without metrics.
 */
export async function optionalMetrics(
  input: MetricsInput,
  runtime: CliRuntime,
  io: CliIo,
): Promise<MetricsResult | null> {
  if (input !== null) {
    return readMetricsInput(input, io);
  }
  const setup = configuredMetrics(runtime, io);
  if (setup === null || setup.metrics === null) {
    return null;
  }
  try {
    return await setup.metrics.fetch({ now: io.now() });
  } catch (error) {
    if (!FALLBACK_ERRORS.some((type) => error instanceof type)) throw error;
    runtime.logger.warn({ err: error }, 'metrics unavailable; the current stage is assumed');
    return null;
  }
}
