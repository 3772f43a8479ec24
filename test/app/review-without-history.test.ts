import { describe, expect, it } from 'vitest';
import {
  type ReviewWithoutHistoryDeps,
  reviewWithoutHistory,
} from '../../src/app/review-without-history.js';
import { DEFAULT_PLAN } from '../../src/domain/plan/default-plan.js';
import { review } from '../../src/domain/review.js';
import { MetricsNotConfiguredError } from '../../src/metrics/errors.js';
import type { MetricsResult, MetricsSource } from '../../src/metrics/port.js';
import { SEED_PANEL } from '../support/seed-panel.js';

const NOW = new Date('2026-11-30T09:00:00Z');
const BUSY = { ...SEED_PANEL, cpuPercent: 91 };

const RESULT: MetricsResult = {
  snapshot: BUSY,
  series: {},
  quality: [],
  source: { kind: 'file', description: 'metrics file', apiCalls: 0, metricsRequested: 0 },
  notes: ['dbMaxConnections 100: from the file'],
};

function depsWith(metrics: MetricsSource | null): ReviewWithoutHistoryDeps {
  return {
    plan: DEFAULT_PLAN,
    infrastructure: { servers: 2 },
    metrics,
    metricsProblem: null,
    clock: () => NOW,
  };
}

function sourceOf(result: MetricsResult): MetricsSource & { requests: Date[] } {
  const requests: Date[] = [];
  return {
    kind: 'file',
    requests,
    describe: () => 'test file',
    fetch: async ({ now }) => {
      requests.push(now);
      return result;
    },
  };
}

describe('reviewWithoutHistory (status without --save)', () => {
  it('reviews the current metrics against the plan and the infrastructure, and nothing else', async () => {
    // Arrange
    const source = sourceOf(RESULT);

    // Act
    const reviewed = await reviewWithoutHistory(depsWith(source));

    // Assert
    expect(source.requests).toEqual([NOW]);
    expect(reviewed.metrics).toBe(RESULT);
    expect(reviewed.review).toEqual(
      review(BUSY, DEFAULT_PLAN, { now: NOW, quality: [], infrastructure: { servers: 2 } }),
    );
  });

  it('says why there are no metrics when no source is configured', async () => {
    // Arrange
    const problem = new MetricsNotConfiguredError('no region', 'set AWS_REGION');

    // Act
    const failure = reviewWithoutHistory({ ...depsWith(null), metricsProblem: problem });

    // Assert
    await expect(failure).rejects.toBe(problem);
  });
});
