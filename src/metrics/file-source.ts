import type { MetricsRequest, MetricsResult, MetricsSource } from './port.js';
import { missingKeyFacts } from './snapshot-quality.js';
import { readSnapshotFile } from './snapshot-reader.js';

/**
 * `metrics: { source: file, file: PATH }`: the CLI's `--metrics` reader, with the same validation
 * and the same SnapshotError messages. The file is re-read on every (uncached) fetch.
 */
export function createFileSource(path: string): MetricsSource {
  return {
    kind: 'file',
    describe: () => `file ${path}`,
    cacheKey: () => `file:${path}`,
    fetch: async (_request: MetricsRequest): Promise<MetricsResult> => {
      const snapshot = await readSnapshotFile(path);
      return {
        snapshot,
        series: {},
        quality: missingKeyFacts(snapshot, 'the metrics file'),
        notes: [],
        source: {
          kind: 'file',
          // The path is for the CLI and the logs only: a channel sees no file paths.
          description: 'metrics file',
          detail: `file ${path}`,
          apiCalls: 0,
          metricsRequested: 0,
        },
      };
    },
  };
}
