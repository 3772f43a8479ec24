import type { Plan } from '../domain/plan/schema.js';
import { toChartViewModel } from './chart/chart-model.js';
import { renderChartPng } from './chart/render-chart.js';
import type { ChartInput } from './send-digest.js';

/** The digest's chart renderer: the week's series, thresholds and the conversations projection. */
export function createChartRenderer(plan: Plan): (input: ChartInput) => Promise<Buffer> {
  return (input) =>
    renderChartPng(
      toChartViewModel({
        title: `Scaling review — ${input.review.stage.name}`,
        generatedAt: input.review.generatedAt,
        timeZone: input.timezone,
        series: input.metrics.series,
        plan,
        ...(input.projection ? { projection: input.projection } : {}),
      }),
    );
}
