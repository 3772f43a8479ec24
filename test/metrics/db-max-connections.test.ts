import { describe, expect, it } from 'vitest';
import {
  estimateMaxConnections,
  instanceClassMemoryGib,
  resolveDbMaxConnections,
} from '../../src/metrics/cloudwatch/db-max-connections.js';
import { parseMetricsConfig } from '../../src/metrics/config.js';

const resources = (dimensions: Record<string, unknown>) =>
  parseMetricsConfig({ cloudwatch: { dimensions } }).cloudwatch.dimensions;

describe('DB max connections', () => {
  it('knows the nominal memory of common RDS classes', () => {
    expect(instanceClassMemoryGib('db.t3.small')).toBe(2);
    expect(instanceClassMemoryGib('db.m5.large')).toBe(8);
    expect(instanceClassMemoryGib('db.r6g.xlarge')).toBe(32);
    expect(instanceClassMemoryGib('db.x9.large')).toBeNull();
  });

  it('applies the RDS default formulas', () => {
    expect(estimateMaxConnections('postgres', 2)).toBe(225);
    expect(estimateMaxConnections('postgres', 768)).toBe(5000);
    expect(estimateMaxConnections('mysql', 8)).toBe(682);
  });

  it('prefers the configured value and says where it came from', () => {
    const resolved = resolveDbMaxConnections(
      resources({ dbMaxConnections: 100, dbInstanceClass: 'db.t3.small' }),
    );

    expect(resolved.value).toBe(100);
    expect(resolved.note).toContain('from metrics.cloudwatch.dimensions.dbMaxConnections');
  });

  it('estimates from the instance class and states it is an estimate', () => {
    const resolved = resolveDbMaxConnections(resources({ dbInstanceClass: 'db.m5.large' }));

    expect(resolved.value).toBe(901);
    expect(resolved.note).toContain('estimated for db.m5.large');
    expect(resolved.note).toContain('SHOW max_connections');
  });

  it('leaves the maximum unknown when neither is configured', () => {
    const resolved = resolveDbMaxConnections(resources({}));

    expect(resolved.value).toBeNull();
    expect(resolved.quality).toMatchObject({ metric: 'dbMaxConnections', issue: 'noData' });
  });
});
