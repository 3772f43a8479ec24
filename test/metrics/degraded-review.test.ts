import { afterEach, describe, expect, it } from 'vitest';
import { buildAppHome, buildScalingIndicators } from '../../blocks/index.js';
import { computeStatus } from '../../src/app/compute-status.js';
import { runHome } from '../../src/app/home.js';
import { createCompositeSource, resolveParts } from '../../src/metrics/composite-source.js';
import { MetricsUnavailableError } from '../../src/metrics/errors.js';
import type { MetricsResult, MetricsSource } from '../../src/metrics/port.js';
import { type DigestHarness, digestHarness } from '../digest/digest-harness.js';

/**
 * A review with two sources, one of which fails, through the use cases: `/scale status` is marked
 * degraded and names the failed source, the other source's numbers still count, and the App Home
 * names each source and its window (no host, no path).
 */

let h: DigestHarness;

afterEach(async () => {
  await h.close();
});

const cloudwatch: MetricsSource = {
  kind: 'cloudwatch',
  describe: () => 'CloudWatch, eu-west-1, 7-day window',
  fetch: async (): Promise<MetricsResult> => ({
    snapshot: { cpuPercent: 91, memoryPercent: 50 },
    series: {},
    quality: [],
    notes: [],
    source: {
      kind: 'cloudwatch',
      description: 'CloudWatch, eu-west-1, 7 days to Mon 09:00 UTC',
      apiCalls: 1,
      metricsRequested: 2,
    },
  }),
};

const postgresDown: MetricsSource = {
  kind: 'postgres',
  describe: () => 'PostgreSQL postgres://app@db.internal:5432/app?sslmode=require',
  fetch: () =>
    Promise.reject(
      new MetricsUnavailableError(
        'cannot reach PostgreSQL (ECONNREFUSED): check the host and port in SCALE_REVIEW_DATABASE_URL, and that the server is running and accepts connections from here',
      ),
    ),
};

describe('a review with one of two sources down', () => {
  it('is marked degraded, names the failed source, and keeps the other numbers', async () => {
    h = digestHarness({ now: '2026-11-30T09:00:00Z' });
    const metrics = createCompositeSource(
      resolveParts(
        [
          { name: 'cloudwatch', metrics: 'rest' },
          { name: 'postgres', metrics: ['conversationsPerMonth', 'dbSizeMb'] },
        ],
        (name) => (name === 'postgres' ? postgresDown : cloudwatch),
      ),
    );
    const deps = { ...h.deps, metrics };

    const { view } = await computeStatus(deps, {
      teamId: 'T1',
      channelId: 'C1',
      requestedBy: 'slack',
    });
    const text = JSON.stringify(buildScalingIndicators(view));
    const home = JSON.stringify(buildAppHome(await runHome(deps, { teamId: 'T1' })));

    expect(view.degraded).toEqual([
      'PostgreSQL failed: cannot reach PostgreSQL (ECONNREFUSED): check the host and port in SCALE_REVIEW_DATABASE_URL, and that the server is running and accepts connections from here',
    ]);
    expect(text).toContain('*Degraded* — PostgreSQL failed: cannot reach PostgreSQL');
    expect(view.review.indicators.find((i) => i.key === 'cpu')?.value).toBe(91);
    expect(view.review.indicators.find((i) => i.key === 'conversations')?.status).toBe('unknown');
    const sourceLine =
      'CloudWatch, eu-west-1, 7 days to Mon 09:00 UTC (everything else) · PostgreSQL: failed (conversations, DB size unknown)';
    expect(view.sourceLine).toBe(sourceLine);
    expect(home).toContain(`Source: ${sourceLine}`);
    for (const shown of [text, home]) expect(shown).not.toContain('db.internal');
  });
});
