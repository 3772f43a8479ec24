import { formatVolumeShort } from '../src/domain/format.js';
import type { ProjectionChartData } from '../src/domain/projection-types.js';
import { SLACK_LIMITS, truncate } from './limits.js';
import type { ChartSeries, DataVisualizationBlock } from './native-types.js';

/**
 * The projection as a line chart: conversations per month from now to the horizon, and the plan's
 * stage boundaries as flat lines, so the month the projection crosses one is where the lines meet.
 * Only the boundaries up to the projected peak and the next one above it are drawn (the ones
 * further up would squash the curve), at most five beside the projection (Slack's six series).
 * Months beyond Slack's 20 categories are sampled evenly, the last month always kept. Pure.
 */

const PROJECTION_SERIES = 'Conversations/month';

/** Evenly spaced indexes of `n` items, at most `max`, the first and the last always among them. */
export function sampleIndexes(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const step = (n - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => Math.round(i * step));
}

function monthLabel(month: number): string {
  return month === 0 ? 'Now' : `+${month} mo`;
}

/** The boundaries drawn: those at or under the peak, and the first above it; at most five. */
function drawnBoundaries(data: ProjectionChartData, peak: number) {
  const positive = data.boundaries
    .filter((b) => b.atConversations > 0)
    .toSorted((a, b) => a.atConversations - b.atConversations);
  const under = positive.filter((b) => b.atConversations <= peak);
  const above = positive.find((b) => b.atConversations > peak);
  return [...under, ...(above ? [above] : [])].slice(-(SLACK_LIMITS.chartSeries - 1));
}

function series(name: string, categories: readonly string[], values: readonly number[]) {
  return {
    name: truncate(name, SLACK_LIMITS.chartLabel),
    data: categories.map((label, i) => ({ label, value: values[i] ?? 0 })),
  } satisfies ChartSeries;
}

/** The projection chart, or null without rows. */
export function projectionChart(data: ProjectionChartData): DataVisualizationBlock | null {
  if (data.rows.length === 0) return null;
  const rows = sampleIndexes(data.rows.length, SLACK_LIMITS.chartCategories).flatMap((i) => {
    const row = data.rows[i];
    return row ? [row] : [];
  });
  const categories = rows.map((r) => monthLabel(r.month));
  const volumes = rows.map((r) => Math.round(r.volume));
  const peak = Math.max(...volumes);
  const horizon = rows.at(-1)?.month ?? 0;
  return {
    type: 'data_visualization',
    title: truncate(`Conversations per month, next ${horizon} months`, SLACK_LIMITS.chartTitle),
    chart: {
      type: 'line',
      series: [
        series(PROJECTION_SERIES, categories, volumes),
        ...drawnBoundaries(data, peak).map((b) =>
          series(
            `Stage ${b.stage} from ${formatVolumeShort(b.atConversations)}`,
            categories,
            categories.map(() => b.atConversations),
          ),
        ),
      ],
      axis_config: { categories, x_label: 'Months from now', y_label: 'Conversations per month' },
    },
  };
}
