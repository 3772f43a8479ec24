import { MetricsNotConfiguredError } from '../metrics/errors.js';
import type { MetricsResult } from '../metrics/port.js';
import type { AppDeps } from './deps.js';

/** Fetches metrics (the source caches them), or explains why there are none. */
export async function fetchMetrics(
  deps: Pick<AppDeps, 'metrics' | 'metricsProblem'>,
  now: Date,
): Promise<MetricsResult> {
  if (!deps.metrics) {
    throw (
      deps.metricsProblem ??
      new MetricsNotConfiguredError(
        'no metrics source',
        'configure `metrics:` in scale-review.yml (CloudWatch, a file or a URL)',
      )
    );
  }
  return deps.metrics.fetch({ now });
}
