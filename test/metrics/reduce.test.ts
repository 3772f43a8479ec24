import { describe, expect, it } from 'vitest';
import type { RawSeries } from '../../src/metrics/cloudwatch/fetch-metric-data.js';
import { resolveMetricSpecs } from '../../src/metrics/cloudwatch/metric-specs.js';
import { buildQueryGroups } from '../../src/metrics/cloudwatch/query-builder.js';
import { reduceResults } from '../../src/metrics/cloudwatch/reduce.js';
import { planWindow } from '../../src/metrics/cloudwatch/window.js';
import { parseMetricsConfig } from '../../src/metrics/config.js';

const NOW = new Date('2026-03-02T09:17:42Z');
const HOUR = 3_600_000;

const cw = parseMetricsConfig({
  cloudwatch: {
    dimensions: {
      autoScalingGroupName: 'web',
      dbInstanceIdentifier: 'db',
      loadBalancer: 'app/alb/1',
      dbAllocatedStorageGb: 20,
    },
  },
}).cloudwatch;
const plan = planWindow({ now: NOW, windowDays: 7, periodSeconds: 3600 });
const groups = buildQueryGroups(resolveMetricSpecs(cw).specs, plan);
const windowStart = plan.windowStart.getTime();

function series(points: [number, number][], statusCode = 'Complete'): RawSeries {
  return {
    timestamps: points.map(([t]) => new Date(t)),
    values: points.map(([, v]) => v),
    statusCode,
    messages: [],
  };
}

function hourly(hours: number, value: (h: number) => number, fromHour = 0): [number, number][] {
  return Array.from({ length: hours }, (_, i) => [
    windowStart + (fromHour + i) * HOUR,
    value(fromHour + i),
  ]);
}

describe('reduceResults', () => {
  it("computes the error rate from CloudWatch's whole-window ratio, with the hourly ratios as the series", () => {
    const results = new Map([
      ['errors_s', series(hourly(168, (h) => (h === 100 ? 5 : 0.1)))],
      ['errors_w', series([[windowStart, 0.42]])],
    ]);

    const reduced = reduceResults(groups, plan, results);

    expect(reduced.snapshot.errorRatePercent).toBe(0.42);
    expect(reduced.series.errorRatePercent?.values).toHaveLength(168);
    expect(reduced.quality.filter((q) => q.metric === 'errorRatePercent')).toEqual([]);
  });

  it('reports no traffic, never a 0% error rate, when the expression has no datapoints', () => {
    const results = new Map([
      ['errors_s', series([])],
      ['errors_w', series([])],
    ]);

    const reduced = reduceResults(groups, plan, results);

    expect(reduced.snapshot.errorRatePercent).toBeUndefined();
    expect(reduced.quality).toContainEqual(
      expect.objectContaining({ metric: 'errorRatePercent', issue: 'noTraffic' }),
    );
  });

  it('takes the p90 of hourly CPU averages, so a few busy hours do not define the week', () => {
    // 150 quiet hours at 40% and 18 busy hours at 95%: p90 lands on the busy plateau only if
    // more than 10% of the hours are busy (18/168 = 10.7%).
    const results = new Map([['cpu_s', series(hourly(168, (h) => (h < 150 ? 40 : 95)))]]);

    const reduced = reduceResults(groups, plan, results);

    expect(reduced.snapshot.cpuPercent).toBeCloseTo(95);
    const fewSpikes = new Map([['cpu_s', series(hourly(168, (h) => (h < 160 ? 40 : 95)))]]);
    expect(reduceResults(groups, plan, fewSpikes).snapshot.cpuPercent).toBeCloseTo(40);
  });

  it('converts units: seconds of latency become milliseconds', () => {
    const results = new Map([
      ['latency_s', series(hourly(168, () => 0.25))],
      ['latency_w', series([[windowStart, 0.45]])],
    ]);

    const reduced = reduceResults(groups, plan, results);

    expect(reduced.snapshot.responseTimeP95Ms).toBeCloseTo(450);
    expect(reduced.series.responseTimeP95Ms?.values[0]).toBeCloseTo(250);
  });

  it('derives used DB size from allocated storage minus the latest free space', () => {
    const gib = 1_073_741_824;
    const results = new Map([
      ['dbsize_s', series(hourly(168, (h) => (h === 167 ? 15 * gib : 16 * gib)))],
    ]);

    const reduced = reduceResults(groups, plan, results);

    expect(reduced.snapshot.dbSizeMb).toBeCloseTo(20 * 1024 - 15 * 1024);
  });

  it('leaves a metric without datapoints out of the snapshot and says so', () => {
    const reduced = reduceResults(groups, plan, new Map([['mem_s', series([])]]));

    expect(reduced.snapshot.memoryPercent).toBeUndefined();
    expect(reduced.series.memoryPercent).toBeUndefined();
    expect(reduced.quality).toContainEqual({
      metric: 'memoryPercent',
      issue: 'noData',
      detail:
        'no datapoints for CWAgent mem_used_percent (AutoScalingGroupName=web) in the 7 days to 2026-03-02T09:00:00.000Z',
    });
  });

  it('flags a partial window but keeps the value', () => {
    const results = new Map([['cpu_s', series(hourly(48, () => 50, 120))]]);

    const reduced = reduceResults(groups, plan, results);

    expect(reduced.snapshot.cpuPercent).toBe(50);
    expect(reduced.quality).toContainEqual({
      metric: 'cpuPercent',
      issue: 'partial',
      detail: 'datapoints in 48 of 168 hourly periods (29%)',
    });
  });

  it('flags a stale metric whose newest datapoint is older than 3 hours', () => {
    const results = new Map([['dbconn_s', series(hourly(160, () => 30))]]);

    const reduced = reduceResults(groups, plan, results);

    const stale = reduced.quality.find((q) => q.metric === 'dbConnections' && q.issue === 'stale');
    expect(stale?.detail).toContain('8 h before the window end');
  });

  it('ignores datapoints outside the window (the 35-day fetch serves the 30-day conversations sum)', () => {
    const day = 24 * HOUR;
    const end = plan.end.getTime();
    const daily = Array.from({ length: 35 }, (_, d): [number, number] => [
      end - (d + 1) * day,
      d < 30 ? 100 : 5000,
    ]);

    const reduced = reduceResults(groups, plan, new Map([['conv_s', series(daily)]]));

    expect(reduced.snapshot.conversationsPerMonth).toBe(3000);
    expect(reduced.series.conversationsPerMonth?.values).toHaveLength(30);
  });

  it('discards an impossible value instead of passing it on', () => {
    const results = new Map([['mem_s', series(hourly(168, () => 140))]]);

    const reduced = reduceResults(groups, plan, results);

    expect(reduced.snapshot.memoryPercent).toBeUndefined();
    expect(reduced.quality).toContainEqual(
      expect.objectContaining({
        metric: 'memoryPercent',
        issue: 'noData',
        detail: expect.stringContaining('value discarded'),
      }),
    );
  });

  it('turns a query CloudWatch could not answer into a gap, not a value', () => {
    const results = new Map([
      [
        'cpu_s',
        series(
          hourly(168, () => 50),
          'InternalError',
        ),
      ],
    ]);

    const reduced = reduceResults(groups, plan, results);

    expect(reduced.snapshot.cpuPercent).toBeUndefined();
    expect(reduced.quality).toContainEqual(
      expect.objectContaining({
        metric: 'cpuPercent',
        issue: 'noData',
        detail: expect.stringContaining('InternalError'),
      }),
    );
  });

  it('stamps the snapshot with the window end', () => {
    expect(reduceResults(groups, plan, new Map()).snapshot.capturedAt).toBe(
      '2026-03-02T09:00:00.000Z',
    );
  });

  describe('when CloudWatch gives no whole-week bucket', () => {
    it('computes the error ratio exactly from the hourly sums of its inputs, and says so', () => {
      const results = new Map([
        ['errors_s', series(hourly(168, () => 0.5))],
        // The 7-day bucket starts elsewhere than the window (CloudWatch's own bucket placement).
        ['errors_w', series([[windowStart - 3 * HOUR, 9.99]])],
        ['errors_n0s', series(hourly(168, (h) => (h < 84 ? 2 : 0)))],
        ['errors_n1s', series(hourly(168, () => 1))],
        ['errors_ds', series(hourly(168, (h) => (h < 84 ? 100 : 300)))],
      ]);

      const reduced = reduceResults(groups, plan, results);

      // (84 × 3 + 84 × 1) / (84 × 100 + 84 × 300) = 1%.
      expect(reduced.snapshot.errorRatePercent).toBeCloseTo(1, 12);
      expect(reduced.notes).toEqual([
        'errorRatePercent: CloudWatch gave no whole-window (7 days) bucket; computed from the sums of the hourly series (exact)',
      ]);
    });

    it('takes the p95 of the hourly p95s for the latency, and says it is an approximation', () => {
      const results = new Map([
        ['latency_s', series(hourly(168, (h) => (h % 10 === 0 ? 0.8 : 0.2)))],
        ['latency_w', series([])],
      ]);

      const reduced = reduceResults(groups, plan, results);

      expect(reduced.snapshot.responseTimeP95Ms).toBeCloseTo(800, 6);
      expect(reduced.notes).toEqual([
        'responseTimeP95Ms: CloudWatch gave no whole-window (7 days) bucket; computed from the p95 of the hourly p95 values (an approximation)',
      ]);
      expect(reduced.quality.filter((q) => q.metric === 'responseTimeP95Ms')).toEqual([]);
    });

    it('still reports no traffic when the requests are missing too', () => {
      const results = new Map([
        ['errors_s', series([])],
        ['errors_w', series([])],
        ['errors_n0s', series([])],
        ['errors_ds', series([])],
      ]);

      const reduced = reduceResults(groups, plan, results);

      expect(reduced.snapshot.errorRatePercent).toBeUndefined();
      expect(reduced.quality).toContainEqual(
        expect.objectContaining({ metric: 'errorRatePercent', issue: 'noTraffic' }),
      );
    });
  });
});
