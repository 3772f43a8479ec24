import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { planBatches } from '../../src/metrics/cloudwatch/batching.js';
import { resolveMetricSpecs } from '../../src/metrics/cloudwatch/metric-specs.js';
import { buildQueryGroups } from '../../src/metrics/cloudwatch/query-builder.js';
import { planWindow } from '../../src/metrics/cloudwatch/window.js';
import { parseMetricsConfig } from '../../src/metrics/config.js';

const NOW = new Date('2026-03-02T09:17:42Z');

function fullConfig(extra: Record<string, unknown> = {}) {
  return parseMetricsConfig({
    cloudwatch: {
      dimensions: {
        autoScalingGroupName: 'support-web',
        dbInstanceIdentifier: 'support-db',
        loadBalancer: 'app/support-alb/50dc6c495c0c9188',
        dbAllocatedStorageGb: 20,
      },
      ...extra,
    },
  }).cloudwatch;
}

function build(cw = fullConfig()) {
  const plan = planWindow({ now: NOW, windowDays: cw.windowDays, periodSeconds: cw.periodSeconds });
  const { specs, notQueried } = resolveMetricSpecs(cw);
  const groups = buildQueryGroups(specs, plan);
  return { plan, groups, notQueried, queries: groups.flatMap((g) => g.queries) };
}

function byId(queries: MetricDataQuery[], id: string): MetricDataQuery {
  const query = queries.find((q) => q.Id === id);
  if (query === undefined) throw new Error(`no query ${id}`);
  return query;
}

describe('default CloudWatch queries', () => {
  it('asks for CPU as hourly averages of the ASG', () => {
    const { queries } = build();

    expect(byId(queries, 'cpu_s')).toEqual({
      Id: 'cpu_s',
      MetricStat: {
        Metric: {
          Namespace: 'AWS/EC2',
          MetricName: 'CPUUtilization',
          Dimensions: [{ Name: 'AutoScalingGroupName', Value: 'support-web' }],
        },
        Period: 3600,
        Stat: 'Average',
      },
      ReturnData: true,
    });
  });

  it('asks for the ALB p95 hourly and over the whole 7-day window (moto cannot compute percentiles)', () => {
    const { queries } = build();

    expect(byId(queries, 'latency_s').MetricStat).toMatchObject({
      Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'TargetResponseTime' },
      Period: 3600,
      Stat: 'p95',
    });
    expect(byId(queries, 'latency_w').MetricStat).toMatchObject({
      Period: 7 * 86_400,
      Stat: 'p95',
    });
  });

  it('counts the load balancer 5xx with the target 5xx in the error-rate metric math', () => {
    const { queries } = build();

    expect(byId(queries, 'errors_s')).toEqual({
      Id: 'errors_s',
      Expression: '100 * (FILL(errors_n0s, 0) + FILL(errors_n1s, 0)) / errors_ds',
      ReturnData: true,
    });
    expect(byId(queries, 'errors_w').Expression).toBe(
      '100 * (FILL(errors_n0w, 0) + FILL(errors_n1w, 0)) / errors_dw',
    );
    // The hourly inputs come back too (the fallback when the 7-day bucket is missing).
    for (const id of ['errors_n0s', 'errors_n1s', 'errors_ds']) {
      expect(byId(queries, id).ReturnData).toBe(true);
      expect(byId(queries, id).MetricStat?.Stat).toBe('Sum');
    }
    for (const id of ['errors_n0w', 'errors_n1w', 'errors_dw']) {
      expect(byId(queries, id).ReturnData).toBe(false);
    }
    expect(byId(queries, 'errors_n0s').MetricStat?.Metric?.MetricName).toBe(
      'HTTPCode_Target_5XX_Count',
    );
    expect(byId(queries, 'errors_n1s').MetricStat?.Metric?.MetricName).toBe(
      'HTTPCode_ELB_5XX_Count',
    );
    expect(byId(queries, 'errors_ds').MetricStat?.Metric?.MetricName).toBe('RequestCount');
  });

  it('takes several numerators from numeratorMetricNames, one from numeratorMetricName', () => {
    const several = build(
      fullConfig({
        queries: { errorRatePercent: { numeratorMetricNames: ['A_5XX', 'B_5XX', 'C_5XX'] } },
      }),
    );
    const one = build(
      fullConfig({
        queries: { errorRatePercent: { numeratorMetricName: 'HTTPCode_Target_5XX_Count' } },
      }),
    );

    expect(byId(several.queries, 'errors_s').Expression).toBe(
      '100 * (FILL(errors_n0s, 0) + FILL(errors_n1s, 0) + FILL(errors_n2s, 0)) / errors_ds',
    );
    expect(byId(one.queries, 'errors_s').Expression).toBe('100 * FILL(errors_n0s, 0) / errors_ds');
  });

  it("queries the busiest instance's CPU and the in-service count of the group", () => {
    const { queries, groups } = build();

    expect(byId(queries, 'cpumax_s').MetricStat).toMatchObject({
      Metric: { Namespace: 'AWS/EC2', MetricName: 'CPUUtilization' },
      Stat: 'Maximum',
    });
    expect(byId(queries, 'servers_s').MetricStat).toMatchObject({
      Metric: {
        Namespace: 'AWS/AutoScaling',
        MetricName: 'GroupInServiceInstances',
        Dimensions: [{ Name: 'AutoScalingGroupName', Value: 'support-web' }],
      },
      Stat: 'Maximum',
    });
    expect(groups.find((g) => g.key === 'serverCount')?.spec.windowStatistic).toBe('latest');
  });

  it('asks for conversations as daily sums from the custom namespace', () => {
    const { queries } = build();

    expect(byId(queries, 'conv_s').MetricStat).toEqual({
      Metric: { Namespace: 'SupportInbox', MetricName: 'ConversationsCreated', Dimensions: [] },
      Period: 86_400,
      Stat: 'Sum',
    });
  });

  it('asks for the minimum free storage to derive the used DB size', () => {
    const { groups } = build();
    const dbSize = groups.find((g) => g.key === 'dbSizeMb');

    expect(dbSize?.spec).toMatchObject({
      kind: 'stat',
      stat: 'Minimum',
      offset: 20 * 1024,
      scale: -1 / 1_048_576,
    });
    expect(dbSize?.queries[0]?.MetricStat?.Metric?.MetricName).toBe('FreeStorageSpace');
  });

  it('fits the default review in one GetMetricData call and counts the billed metrics', () => {
    const { groups, queries } = build();
    const batches = planBatches(groups);

    expect(batches).toHaveLength(1);
    expect(queries).toHaveLength(17);
    expect(groups.reduce((sum, g) => sum + g.metrics, 0)).toBe(15);
    expect(batches[0]?.datapoints).toBeLessThanOrEqual(100_800);
  });

  it('gives every query an Id CloudWatch accepts (lowercase first letter, unique)', () => {
    const { queries } = build();
    const ids = queries.map((q) => q.Id ?? '');

    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-zA-Z0-9_]*$/);
  });
});

describe('missing resources and overrides', () => {
  it('does not query a metric whose resource is not configured, and says what to set', () => {
    const cw = parseMetricsConfig({}).cloudwatch;
    const { groups, notQueried } = build(cw);

    expect(groups.map((g) => g.key)).toEqual(['conversationsPerMonth']);
    expect(notQueried.map((q) => [q.metric, q.issue])).toEqual([
      ['cpuPercent', 'noData'],
      ['memoryPercent', 'noData'],
      ['dbConnections', 'noData'],
      ['responseTimeP95Ms', 'noData'],
      ['errorRatePercent', 'noData'],
      ['dbSizeMb', 'noData'],
    ]);
    expect(notQueried[0]?.detail).toContain('metrics.cloudwatch.dimensions.autoScalingGroupName');
    expect(notQueried[5]?.detail).toContain('dbInstanceIdentifier');
  });

  it('needs the allocated storage for the default DB size', () => {
    const cw = parseMetricsConfig({
      cloudwatch: { dimensions: { dbInstanceIdentifier: 'db' } },
    }).cloudwatch;
    const { notQueried } = build(cw);

    expect(notQueried.find((q) => q.metric === 'dbSizeMb')?.detail).toContain(
      'dbAllocatedStorageGb',
    );
  });

  it('applies per-metric overrides (namespace, metric, dimensions, stat, scale, window statistic)', () => {
    const cw = fullConfig({
      queries: {
        cpuPercent: { stat: 'Maximum', windowStatistic: 'p95', dimensions: { InstanceId: 'i-1' } },
        dbSizeMb: {
          namespace: 'SupportInbox',
          metricName: 'DatabaseSizeBytes',
          scale: 1 / 1_048_576,
        },
      },
    });
    const { groups, queries } = build(cw);

    expect(byId(queries, 'cpu_s').MetricStat).toMatchObject({
      Metric: { Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }] },
      Stat: 'Maximum',
    });
    expect(groups.find((g) => g.key === 'cpuPercent')?.spec.windowStatistic).toBe('p95');
    expect(groups.find((g) => g.key === 'dbSizeMb')?.spec).toMatchObject({
      stat: 'Maximum',
      offset: 0,
      metric: { namespace: 'SupportInbox', metricName: 'DatabaseSizeBytes', dimensions: [] },
    });
  });
});
