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
        'no source yet',
        'add a `metrics:` section to scale-review.yml (CloudWatch, PostgreSQL, a file or a URL)',
        { subject: 'Metrics' },
      )
    );
  }
  return deps.metrics.fetch({ now });
}
