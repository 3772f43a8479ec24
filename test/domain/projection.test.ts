import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN } from '../../src/domain/plan/default-plan.js';
import {
  ProjectionInputError,
  project,
  stageForConversations,
} from '../../src/domain/projection.js';
import type { ProjectionRequest } from '../../src/domain/projection-types.js';

function request(volume: number, monthlyGrowthPercent: number, months = 3): ProjectionRequest {
  return { volume, monthlyGrowthPercent, months, growthSource: 'argument' };
}

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('project: the seed growth-planning table', () => {
  it.each([
    [500, 20, 864, 'Current OK'],
    [2000, 30, 4394, 'Upgrade DB soon'],
    [5000, 25, 9766, 'Add load balancer'],
    [10000, 15, 15209, 'Scale horizontally'],
  ])('%i/mo at %i%%/mo gives %i in 3 months and "%s"', (volume, growth, expected, action) => {
    // Act
    const result = project(request(volume, growth), DEFAULT_PLAN);

    // Assert
    expect(result.projectedVolume).toBe(expected);
    expect(result.action).toBe(action);
  });

  it('lists the month-by-month rows, unrounded, with their stage', () => {
    const result = project(request(2000, 30), DEFAULT_PLAN);

    expect(result.rows.map((r) => [r.month, r.stage])).toEqual([
      [0, 2],
      [1, 2],
      [2, 2],
      [3, 2],
    ]);
    expect(result.rows[2]?.volume).toBeCloseTo(3380, 9);
    expect(result.rows[3]?.volume).toBeCloseTo(4394, 9);
  });

  it('reports each milestone crossed with the first month it is exceeded', () => {
    const result = project(request(2000, 30), DEFAULT_PLAN);

    expect(result.crossings).toEqual([
      { month: 3, kind: 'prepare', stage: 3, atConversations: 4000, text: 'Upgrade DB soon' },
    ]);
    expect(result.currentStage).toEqual({ number: 2, name: 'Growing Team' });
    expect(result.projectedStage).toEqual({ number: 2, name: 'Growing Team' });
  });

  it('reports trigger crossings without making them the action', () => {
    const result = project(request(500, 20), DEFAULT_PLAN);

    expect(result.crossings).toEqual([
      {
        month: 1,
        kind: 'trigger',
        stage: 1,
        atConversations: 500,
        text: '>500 conversations/month',
      },
    ]);
    expect(result.action).toBe('Current OK');
  });

  it('crosses a stage boundary from exactly the boundary (5,000 is stage 2, then stage 3)', () => {
    const result = project(request(5000, 25), DEFAULT_PLAN);

    expect(result.currentStage.number).toBe(2);
    expect(result.projectedStage.number).toBe(3);
    expect(result.crossings).toEqual([
      { month: 1, kind: 'stage', stage: 3, atConversations: 5000, text: 'Add load balancer' },
    ]);
  });

  it('lists a prepare milestone and a trigger at the same level, the trigger first', () => {
    const result = project(request(10000, 15), DEFAULT_PLAN);

    expect(result.crossings.map((c) => [c.month, c.kind, c.atConversations])).toEqual([
      [3, 'trigger', 15000],
      [3, 'prepare', 15000],
    ]);
  });

  it('takes the highest milestone crossed on a long horizon', () => {
    const result = project(request(500, 100, 6), DEFAULT_PLAN);

    expect(result.projectedVolume).toBe(32000);
    expect(result.crossings.map((c) => c.atConversations)).toEqual([
      500, 1000, 4000, 5000, 15000, 15000, 20000,
    ]);
    expect(result.action).toBe('Move to an auto-scaling group (stage 4)');
  });
});

describe('project: zero and negative growth', () => {
  it('stays flat at 0% growth', () => {
    const result = project(request(2000, 0), DEFAULT_PLAN);

    expect(result.rows.map((r) => r.volume)).toEqual([2000, 2000, 2000, 2000]);
    expect(result.projectedVolume).toBe(2000);
    expect(result.crossings).toEqual([]);
    expect(result.action).toBe('Current OK');
  });

  it('decreases at negative growth and keeps the current setup', () => {
    const result = project(request(10000, -10), DEFAULT_PLAN);

    expect(result.projectedVolume).toBe(7290);
    expect(result.rows.map((r) => Math.round(r.volume))).toEqual([10000, 9000, 8100, 7290]);
    expect(result.action).toBe('Current OK');
  });

  it('projects zero volume as zero', () => {
    const result = project(request(0, 50, 12), DEFAULT_PLAN);

    expect(result.projectedVolume).toBe(0);
    expect(result.currentStage.number).toBe(1);
  });
});

describe('project: bad input', () => {
  it.each([
    [request(-1, 10), 'volume', 'volume must be a finite number >= 0 (got -1)'],
    [request(Number.NaN, 10), 'volume', 'volume must be a finite number >= 0 (got NaN)'],
    [
      request(100, -100),
      'monthlyGrowthPercent',
      'monthly growth must be a finite percentage above -100 (got -100)',
    ],
    [
      request(100, Number.POSITIVE_INFINITY),
      'monthlyGrowthPercent',
      'monthly growth must be a finite percentage above -100 (got Infinity)',
    ],
    [request(100, 10, 0), 'months', 'months must be a whole number from 1 to 120 (got 0)'],
    [request(100, 10, 2.5), 'months', 'months must be a whole number from 1 to 120 (got 2.5)'],
    [request(100, 10, 121), 'months', 'months must be a whole number from 1 to 120 (got 121)'],
  ])('rejects %o on %s', (input, field, message) => {
    const error = thrownBy(() => project(input, DEFAULT_PLAN));

    expect(error).toBeInstanceOf(ProjectionInputError);
    expect(error).toBeInstanceOf(RangeError);
    expect(error).toMatchObject({ name: 'ProjectionInputError', field, message });
  });
});

describe('project: the horizon', () => {
  it("caps the months at the plan's growth.maxMonths and keeps the months asked for", () => {
    // Act
    const capped = project(request(1000, 80, 120), DEFAULT_PLAN);
    const within = project(request(1000, 80, 36), DEFAULT_PLAN);
    // Assert
    expect(capped.request.months).toBe(36);
    expect(capped.cappedFrom).toBe(120);
    expect(capped.rows).toHaveLength(37);
    expect(capped.projectedVolume).toBe(within.projectedVolume);
    expect(within.cappedFrom).toBeNull();
  });

  it('follows a plan with another horizon', () => {
    const plan = { ...DEFAULT_PLAN, growth: { ...DEFAULT_PLAN.growth, maxMonths: 120 } };
    const long = project(request(1000, 10, 120), plan);
    expect(long.request.months).toBe(120);
    expect(long.cappedFrom).toBeNull();
  });
});

describe('project: properties', () => {
  const volume = fc.integer({ min: 0, max: 1_000_000 });
  const growth = fc.double({ min: -99, max: 200, noNaN: true });
  const months = fc.integer({ min: 1, max: 60 });

  it('is monotonic in growth', () => {
    fc.assert(
      fc.property(volume, growth, growth, months, (v, g1, g2, m) => {
        const [low, high] = g1 <= g2 ? [g1, g2] : [g2, g1];
        const a = project(request(v, low, m), DEFAULT_PLAN).projectedVolume;
        const b = project(request(v, high, m), DEFAULT_PLAN).projectedVolume;
        expect(a).toBeLessThanOrEqual(b);
      }),
    );
  });

  it('is monotonic in months for non-negative growth', () => {
    fc.assert(
      fc.property(volume, fc.double({ min: 0, max: 200, noNaN: true }), months, (v, g, m) => {
        const rows = project(request(v, g, m), DEFAULT_PLAN).rows;
        for (let i = 1; i < rows.length; i += 1) {
          expect(rows[i]?.volume ?? 0).toBeGreaterThanOrEqual(rows[i - 1]?.volume ?? 0);
        }
        const shorter = project(request(v, g, m), DEFAULT_PLAN).projectedVolume;
        const longer = project(request(v, g, m + 1), DEFAULT_PLAN).projectedVolume;
        expect(shorter).toBeLessThanOrEqual(longer);
      }),
    );
  });

  it('never assigns a row a lower stage than an earlier row for non-negative growth', () => {
    fc.assert(
      fc.property(volume, fc.double({ min: 0, max: 200, noNaN: true }), months, (v, g, m) => {
        const stages = project(request(v, g, m), DEFAULT_PLAN).rows.map((r) => r.stage);
        expect(stages).toEqual([...stages].sort((a, b) => a - b));
      }),
    );
  });
});

describe('stageForConversations', () => {
  it.each([
    [0, 1],
    [1000, 1],
    [1001, 2],
    [5000, 2],
    [5001, 3],
    [20000, 3],
    [20001, 4],
    [10_000_000, 4],
  ])('%i conversations/month is stage %i', (conversations, stage) => {
    expect(stageForConversations(DEFAULT_PLAN, conversations).number).toBe(stage);
  });
});
