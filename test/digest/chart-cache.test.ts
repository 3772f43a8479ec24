import { describe, expect, it } from 'vitest';
import type { ChartViewModel } from '../../src/digest/chart/chart-model.js';
import type { ChartInput } from '../../src/digest/digest-deps.js';
import { createChartRenderer } from '../../src/digest/render-digest-chart.js';
import { DEFAULT_PLAN } from '../../src/domain/plan/default-plan.js';
import { review } from '../../src/domain/review.js';
import type { MetricsResult } from '../../src/metrics/port.js';
import { SEED_PANEL } from './digest-harness.js';

const HOURS = Array.from(
  { length: 24 },
  (_, h) => `2026-11-30T${String(h).padStart(2, '0')}:00:00.000Z`,
);

const METRICS: MetricsResult = {
  snapshot: SEED_PANEL,
  series: { cpuPercent: { timestamps: HOURS, values: HOURS.map((_, h) => 50 + h) } },
  quality: [],
  notes: [],
  source: { kind: 'file', description: 'test', apiCalls: 0, metricsRequested: 0 },
};

function input(at: string, timezone = 'UTC'): ChartInput {
  return {
    review: review(SEED_PANEL, DEFAULT_PLAN, { now: new Date(at) }),
    metrics: METRICS,
    timezone,
    projection: null,
  };
}

/** A renderer whose draws are counted; each draw returns a new buffer naming its model's time. */
function counted(fail = 0) {
  const drawn: ChartViewModel[] = [];
  let failures = fail;
  const render = async (model: ChartViewModel) => {
    drawn.push(model);
    if (failures > 0) {
      failures -= 1;
      throw new Error('render failed');
    }
    return Buffer.from(`png ${model.generatedAt}`);
  };
  return { drawn, renderer: createChartRenderer(DEFAULT_PLAN, { render, maxEntries: 2 }) };
}

describe('the digest chart renderer', () => {
  it('draws a chart once for the channels of a tick that would show the same picture', async () => {
    // Arrange
    const { drawn, renderer } = counted();
    // Act
    const first = await renderer(input('2026-12-07T09:00:01.120Z'));
    const second = await renderer(input('2026-12-07T09:00:42.900Z'));
    // Assert
    expect(drawn).toHaveLength(1);
    expect(second).toBe(first);
  });

  it('draws again when anything shown differs: the minute of the review, or the timezone', async () => {
    // Arrange
    const { drawn, renderer } = counted();
    // Act
    await renderer(input('2026-12-07T09:00:01Z'));
    await renderer(input('2026-12-07T09:01:01Z'));
    await renderer(input('2026-12-07T09:01:01Z', 'Europe/Lisbon'));
    // Assert
    expect(drawn.map((m) => [m.generatedAt, m.timeZone])).toEqual([
      ['2026-12-07T09:00:01.000Z', 'UTC'],
      ['2026-12-07T09:01:01.000Z', 'UTC'],
      ['2026-12-07T09:01:01.000Z', 'Europe/Lisbon'],
    ]);
  });

  it('shares one draw between concurrent requests for the same chart', async () => {
    // Arrange
    const { drawn, renderer } = counted();
    // Act
    const pngs = await Promise.all([1, 2, 3].map(() => renderer(input('2026-12-07T09:00:00Z'))));
    // Assert
    expect(drawn).toHaveLength(1);
    expect(new Set(pngs).size).toBe(1);
  });

  it('does not keep a failed draw: the next request draws again', async () => {
    // Arrange
    const { drawn, renderer } = counted(1);
    // Act
    await expect(renderer(input('2026-12-07T09:00:00Z'))).rejects.toThrow('render failed');
    const png = await renderer(input('2026-12-07T09:00:00Z'));
    // Assert
    expect(drawn).toHaveLength(2);
    expect(String(png)).toContain('2026-12-07T09:00:00.000Z');
  });

  it('keeps at most maxEntries charts, dropping the least recently used', async () => {
    // Arrange
    const { drawn, renderer } = counted();
    await renderer(input('2026-12-07T09:00:00Z'));
    await renderer(input('2026-12-07T09:01:00Z'));
    await renderer(input('2026-12-07T09:00:00Z'));
    // Act: a third chart evicts 09:01 (least recently used), not 09:00.
    await renderer(input('2026-12-07T09:02:00Z'));
    await renderer(input('2026-12-07T09:00:00Z'));
    await renderer(input('2026-12-07T09:01:00Z'));
    // Assert
    expect(drawn.map((m) => m.generatedAt.slice(11, 16))).toEqual([
      '09:00',
      '09:01',
      '09:02',
      '09:01',
    ]);
  });
});
