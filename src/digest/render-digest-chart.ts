import { createHash } from 'node:crypto';
import type { Plan } from '../domain/plan/schema.js';
import { type ChartViewModel, toChartViewModel } from './chart/chart-model.js';
import { chartZone, formatGeneratedAt } from './chart/chart-time.js';
import { renderChartPng } from './chart/render-chart.js';
import type { ChartInput } from './digest-deps.js';

export interface ChartRendererOptions {
  /** Draws one model (default renderChartPng); tests count calls. */
  render?: (model: ChartViewModel) => Promise<Buffer>;
  /** Charts kept (default 32): one per team and timezone of a tick is enough. */
  maxEntries?: number;
}

/**
 * What the chart shows of a model: everything, with the review time as the subtitle prints it (to
 * the minute). Two models with the same key draw the same PNG.
 */
function chartKey(model: ChartViewModel): string {
  const shown = {
    ...model,
    generatedAt: formatGeneratedAt(model.generatedAt, chartZone(model.timeZone)),
  };
  return createHash('sha256').update(JSON.stringify(shown)).digest('hex');
}

/**
 * The digest's chart renderer: the week's series, thresholds and the conversations projection.
 * Every channel of a tick with the same team and timezone gets the same chart, so it is drawn once
 * and reused (a render is ~165 ms of CPU; 500 channels made the tick CPU-bound, docs/benchmarks.md).
 * Concurrent requests for one chart share its render; a failed render is not kept.
 */
export function createChartRenderer(
  plan: Plan,
  options: ChartRendererOptions = {},
): (input: ChartInput) => Promise<Buffer> {
  const render = options.render ?? ((model: ChartViewModel) => renderChartPng(model));
  const maxEntries = options.maxEntries ?? 32;
  const charts = new Map<string, Promise<Buffer>>();
  return (input) => {
    const model = toChartViewModel({
      title: `Scaling review — ${input.review.stage.name}`,
      generatedAt: input.review.generatedAt,
      timeZone: input.timezone,
      series: input.metrics.series,
      plan,
      ...(input.projection ? { projection: input.projection } : {}),
    });
    const key = chartKey(model);
    const known = charts.get(key);
    if (known !== undefined) {
      charts.delete(key);
      charts.set(key, known);
      return known;
    }
    const png = render(model);
    charts.set(key, png);
    png.catch(() => charts.delete(key));
    while (charts.size > maxEntries) {
      const oldest = charts.keys().next().value;
      if (oldest === undefined) break;
      charts.delete(oldest);
    }
    return png;
  };
}
