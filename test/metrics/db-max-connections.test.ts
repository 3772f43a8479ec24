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

  it('estimates from the instance class at the low end, since DBInstanceClassMemory is below nominal', () => {
    const resolved = resolveDbMaxConnections(resources({ dbInstanceClass: 'db.m5.large' }));
    const small = resolveDbMaxConnections(resources({ dbInstanceClass: 'db.t3.small' }));

    // Nominal 8 GiB gives 901; RDS reports 856 for an 8 GiB class: 775-856 brackets it.
    expect(resolved.value).toBe(775);
    expect(resolved.note).toBe(
      'dbMaxConnections 775: estimated for db.m5.large from the RDS postgres default LEAST(DBInstanceClassMemory/9531392, 5000); DBInstanceClassMemory is below the nominal 8 GiB (the formula over nominal memory gives 901, 5-14% high), so the low end of 775-856 is used — set metrics.cloudwatch.dimensions.dbMaxConnections from SHOW max_connections for the exact limit',
    );
    expect(small.value).toBe(193);
  });

  it('leaves the maximum unknown when neither is configured', () => {
    const resolved = resolveDbMaxConnections(resources({}));

    expect(resolved.value).toBeNull();
    expect(resolved.quality).toMatchObject({ metric: 'dbMaxConnections', issue: 'noData' });
  });
});
