import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN } from '../../src/domain/plan/default-plan.js';
import { PlanConfigError, resolvePlan } from '../../src/domain/plan/overrides.js';

function configError(overrides: unknown): PlanConfigError {
  try {
    resolvePlan(overrides);
  } catch (error) {
    if (error instanceof PlanConfigError) return error;
    throw error;
  }
  throw new Error('expected resolvePlan to throw');
}

describe('resolvePlan', () => {
  it('returns the default plan for no overrides, as a copy', () => {
    const plan = resolvePlan(undefined);

    expect(plan).toEqual(DEFAULT_PLAN);
    expect(plan).not.toBe(DEFAULT_PLAN);
    expect(resolvePlan(null)).toEqual(DEFAULT_PLAN);
  });

  it('merges objects key by key', () => {
    const plan = resolvePlan({
      thresholds: { cpu: { over: 85, approaching: 80 } },
      review: { intervalDays: 14 },
    });

    expect(plan.thresholds.cpu).toEqual({
      label: 'Server CPU',
      approaching: 80,
      over: 85,
      critical: 90,
      wording: 'considerAt',
    });
    expect(plan.thresholds.memory).toEqual(DEFAULT_PLAN.thresholds.memory);
    expect(plan.review.intervalDays).toBe(14);
  });

  it('replaces arrays', () => {
    const plan = resolvePlan({
      dbSizes: [
        { name: 'Small', storageGb: 20, ramGb: 2, vcpu: 1, monthlyCost: 18 },
        { name: 'Large', storageGb: 200, ramGb: 8, vcpu: 2, monthlyCost: 90 },
      ],
    });

    expect(plan.dbSizes).toEqual([
      { name: 'Small', storageGb: 20, ramGb: 2, vcpu: 1, monthlyCost: 18 },
      { name: 'Large', storageGb: 200, ramGb: 8, vcpu: 2, monthlyCost: 90 },
    ]);
  });

  it('refuses database tiers and responses that name nothing', () => {
    const error = configError({
      dbSizes: [{ name: 'Tiny', storageGb: 5, ramGb: 0.5, vcpu: 1, monthlyCost: 7 }],
      responses: { cpu: { over: ['add-gpu'] } },
    });

    expect(error.issues).toEqual([
      {
        path: 'plan.stages.3.components.1.tier',
        message: 'must be one of the dbSizes names (Tiny)',
      },
      {
        path: 'plan.stages.4.components.1.tier',
        message: 'must be one of the dbSizes names (Tiny)',
      },
      {
        path: 'plan.responses.cpu.over.0',
        message:
          'must be a playbook key or stage-upgrade (redis-caching, critical-indexes, archive-old-data, spot-instances, optimize-images, right-size, horizontal-scaling, vertical-db-upgrade, read-replicas, partitioning, connection-pooling, beyond-largest-tier, stage-upgrade)',
      },
    ]);
  });

  it('refuses a critical level the file gives below the over threshold, naming both', () => {
    expect(configError({ thresholds: { cpu: { over: 95, critical: 92 } } }).issues).toEqual([
      {
        path: 'plan.thresholds.cpu.critical',
        message: 'expected >= over (95), got 92: raise critical, or set over too (e.g. over: 92)',
      },
    ]);
  });

  it('refuses an approaching level the file gives above the default over, naming its value', () => {
    expect(configError({ thresholds: { cpu: { approaching: 80 } } }).issues).toEqual([
      {
        path: 'plan.thresholds.cpu.approaching',
        message:
          'expected <= over (75), got 80: lower approaching, or set over too (e.g. over: 80)',
      },
    ]);
  });

  it('merges stages keyed by stage number into those stages only', () => {
    const plan = resolvePlan({ stages: { 2: { totalCost: { max: 95 } } } });

    expect(plan.stages[1]?.totalCost).toEqual({ min: 70, max: 95 });
    expect(plan.stages[1]?.components).toEqual(DEFAULT_PLAN.stages[1].components);
    expect(plan.stages[0]).toEqual(DEFAULT_PLAN.stages[0]);
    expect(plan.stages).toHaveLength(4);
  });

  it('does not mutate the default plan', () => {
    resolvePlan({ thresholds: { cpu: { over: 89 } }, stages: { 1: { name: 'Tiny' } } });

    expect(DEFAULT_PLAN.thresholds.cpu.over).toBe(75);
    expect(DEFAULT_PLAN.stages[0].name).toBe('Small Team');
  });

  it('names the dotted path and the expected type of a bad field', () => {
    const error = configError({ thresholds: { cpu: { over: '75' } } });

    expect(error.issues).toEqual([
      { path: 'plan.thresholds.cpu.over', message: 'expected number, got string' },
    ]);
    expect(error.message).toBe(
      'invalid plan: plan.thresholds.cpu.over: expected number, got string',
    );
  });

  it('reports every bad field, including array indexes, unknown keys and bounds', () => {
    const error = configError({
      review: { intervalDays: 0 },
      thresholds: { memory: { ovr: 80 } },
      stages: { 3: { teamSize: { min: 'eight' } } },
    });

    expect(error.issues).toEqual(
      expect.arrayContaining([
        { path: 'plan.review.intervalDays', message: 'expected >= 1, got 0' },
        { path: 'plan.thresholds.memory.ovr', message: 'unknown key' },
        { path: 'plan.stages.3.teamSize.min', message: 'expected number, got string' },
      ]),
    );
    expect(error.issues).toHaveLength(3);
  });

  it('reports an enum value with the allowed values', () => {
    const error = configError({ thresholds: { cpu: { wording: 'maybe' } } });

    expect(error.issues).toEqual([
      {
        path: 'plan.thresholds.cpu.wording',
        message: 'expected one of "considerAt", "target", got "maybe"',
      },
    ]);
  });

  it('reports stage paths by list index when stages are given as a full list', () => {
    const stages = DEFAULT_PLAN.stages.map((s, i) => (i === 1 ? { ...s, name: 7 } : s));

    const error = configError({ stages });

    expect(error.issues).toEqual([
      { path: 'plan.stages.1.name', message: 'expected string, got number' },
    ]);
  });

  it('reports a bad trigger kind with the allowed kinds', () => {
    const error = configError({
      stages: { 2: { triggers: [{ kind: 'auto', key: 'x', text: 'y' }] } },
    });

    expect(error.issues).toEqual([
      {
        path: 'plan.stages.2.triggers.0.kind',
        message: 'expected one of "metric", "manual", got "auto"',
      },
    ]);
  });

  it('refuses default months beyond the projection horizon', () => {
    expect(configError({ growth: { defaultMonths: 48 } }).issues).toEqual([
      { path: 'plan.growth.defaultMonths', message: 'must be at most growth.maxMonths (36)' },
    ]);
  });

  it('reports a fractional whole-number field and an empty list', () => {
    expect(configError({ growth: { defaultMonths: 1.5 } }).issues).toEqual([
      { path: 'plan.growth.defaultMonths', message: 'expected a whole number, got 1.5' },
    ]);
    expect(configError({ playbook: [] }).issues).toEqual([
      { path: 'plan.playbook', message: 'expected at least 1 item, got 0 items' },
    ]);
  });

  it('reports cross-field rules with their path', () => {
    const error = configError({ hysteresis: { breaches: 4, ofLast: 3 } });

    expect(error.issues).toEqual([
      { path: 'plan.hysteresis.breaches', message: 'must be <= ofLast' },
    ]);
  });

  it('rejects a stage key that is not an existing stage number', () => {
    const error = configError({ stages: { 7: { name: 'Huge' } } });

    expect(error.issues).toEqual([
      {
        path: 'plan.stages.7',
        message:
          'no such stage; stages may be keyed by stage number (1, 2, 3, 4) or given as a full list',
      },
    ]);
  });

  it('merges onto another base plan when given one (a workspace over the deployment)', () => {
    // Arrange: the deployment's plan, its YAML already applied
    const deployment = resolvePlan({
      thresholds: { memory: { over: 70 } },
      review: { intervalDays: 14 },
    });
    // Act
    const plan = resolvePlan({ thresholds: { cpu: { over: 60 } } }, { base: deployment });
    // Assert: the workspace's cpu, the deployment's memory and interval, derived approaching
    expect(plan.thresholds.cpu).toMatchObject({ over: 60, approaching: 58.4, critical: 90 });
    expect(plan.thresholds.memory).toEqual(deployment.thresholds.memory);
    expect(plan.review.intervalDays).toBe(14);
    expect(deployment.thresholds.cpu.over).toBe(75);
  });

  it('rejects a plan that is not an object', () => {
    expect(configError('strict').message).toBe('invalid plan: plan: expected object, got string');
    expect(configError([1, 2]).issues).toEqual([
      { path: 'plan', message: 'expected object, got array' },
    ]);
  });
});

describe('resolvePlan and prototype keys', () => {
  it('rejects a __proto__ key from YAML/JSON as an unknown field instead of merging it', () => {
    // Arrange: JSON.parse creates an own "__proto__" property, as the YAML parser does
    const overrides = JSON.parse(
      '{"__proto__": {"polluted": true}, "review": {"intervalDays": 14}}',
    );
    // Act / Assert
    expect(() => resolvePlan(overrides)).toThrow(PlanConfigError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
