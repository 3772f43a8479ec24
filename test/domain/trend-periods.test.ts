import { describe, expect, it } from 'vitest';
import { NOW, reviewNow, week } from './advice-fixtures.js';

/** Monday starts of ISO weeks 2026-W47 to W49 (NOW is Tuesday 1 December 2026). */
const W47 = '2026-11-16T00:00:00.000Z';
const W48 = '2026-11-23T00:00:00.000Z';
const W49 = '2026-11-30T00:00:00.000Z';

describe('review: the trend of the panel indicators', () => {
  it('gives each period its panel readings against their thresholds, oldest first, this week last', () => {
    const result = reviewNow({ cpuPercent: 80 }, [
      week(2, { cpuPercent: 60, dbConnections: 50 }),
      week(1, { cpuPercent: 70 }),
    ]);

    expect(result.trend?.map((p) => [p.key, p.start])).toEqual([
      ['2026-W47', W47],
      ['2026-W48', W48],
      ['2026-W49', W49],
    ]);
    expect(result.trend?.[0]?.readings).toEqual([
      { indicator: 'cpu', value: 60, threshold: 75 },
      { indicator: 'memory', value: 68, threshold: 80 },
      { indicator: 'dbConnections', value: 50, threshold: 90 },
      { indicator: 'responseTimeP95', value: 450, threshold: 500 },
      { indicator: 'errorRate', value: 0.1, threshold: 1 },
    ]);
    expect(result.trend?.at(-1)?.readings[0]).toEqual({
      indicator: 'cpu',
      value: 80,
      threshold: 75,
    });
  });

  it('leaves out a reading without a value, and a period without any reading', () => {
    const { memoryPercent: _m, ...noMemory } = { ...week(1, {}).snapshot };
    const empty = { ...week(2, {}), snapshot: {} };

    const result = reviewNow({}, [empty, { ...week(1, {}), snapshot: noMemory }]);

    expect(result.trend?.map((p) => p.key)).toEqual(['2026-W48', '2026-W49']);
    expect(result.trend?.[0]?.readings.map((r) => r.indicator)).toEqual([
      'cpu',
      'dbConnections',
      'responseTimeP95',
      'errorRate',
    ]);
  });

  it('holds only this week when there is no history', () => {
    const result = reviewNow({}, undefined);

    expect(result.trend).toHaveLength(1);
    expect(result.trend?.[0]?.start).toBe(W49);
    expect(NOW.toISOString() > W49).toBe(true);
  });
});
