import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { ChartRenderError } from '../../src/digest/chart/chart-errors.js';
import { type ChartViewModel, toChartViewModel } from '../../src/digest/chart/chart-model.js';
import { buildChartSpec } from '../../src/digest/chart/chart-spec.js';
import {
  FontParseError,
  parseFontAdvances,
  textWidth,
} from '../../src/digest/chart/font-metrics.js';
import { renderChartPng } from '../../src/digest/chart/render-chart.js';
import { DEFAULT_PLAN } from '../../src/domain/plan/default-plan.js';

const SMALL_MODEL: ChartViewModel = {
  title: 'Scaling review — week 48',
  generatedAt: '2025-12-01T09:00:00Z',
  series: {
    cpu: {
      timestamps: ['2025-11-24T09:00:00Z', '2025-11-27T09:00:00Z', '2025-11-30T09:00:00.000Z'],
      values: [40, 82.5, 60],
    },
  },
  thresholds: { cpu: 75, memory: 80, p95: 500, errorRate: 1 },
  projection: {
    rows: [
      { month: 0, volume: 800 },
      { month: 1, volume: 1040 },
      { month: 2, volume: 1352 },
    ],
    stageBoundaries: [
      { stage: 2, atConversations: 1000 },
      { stage: 3, atConversations: 5000 },
      { stage: 4, atConversations: 20000 },
    ],
  },
};

const HIDDEN = {
  type: 'quantitative',
  scale: { domain: [0, 1] },
  axis: { title: null, labelOpacity: 0, ticks: false, domain: false, grid: false },
};

function expectedNoData(
  text: string,
  subtitle: string,
  message: string,
  width: number,
  height = 270,
) {
  return {
    title: { text, subtitle, limit: width + 48 },
    width,
    height,
    data: { values: [{ x: 0, y: 0, x2: 1, y2: 1, cx: 0.5, cy: 0.5 }] },
    layer: [
      {
        mark: { type: 'rect', color: '#f2f2f2' },
        encoding: {
          x: { field: 'x', ...HIDDEN },
          x2: { field: 'x2' },
          y: { field: 'y', ...HIDDEN },
          y2: { field: 'y2' },
        },
      },
      {
        mark: { type: 'text', text: message, fontSize: 16, color: '#666666' },
        encoding: { x: { field: 'cx', ...HIDDEN }, y: { field: 'cy', ...HIDDEN } },
      },
    ],
  };
}

function expectedLabels(color: string, align: string, dx: number, encoding: object) {
  const mark = {
    type: 'text',
    align,
    baseline: 'bottom',
    dx,
    dy: -3,
    fontSize: 11,
    fontWeight: 'bold',
  };
  return [
    {
      mark: { ...mark, color: '#ffffff', stroke: '#ffffff', strokeWidth: 3, strokeJoin: 'round' },
      encoding,
    },
    { mark: { ...mark, color }, encoding },
  ];
}

const CPU_Y = {
  type: 'quantitative',
  scale: { domain: [0, 90.75], nice: true },
  axis: { title: null },
};

const EXPECTED_CPU_PANEL = {
  title: { text: 'CPU (%)', subtitle: 'latest 60% · peak 82.5% · threshold 75%', limit: 348 },
  width: 300,
  height: 270,
  layer: [
    {
      data: {
        values: [
          { t: '2025-11-24T09:00:00Z', v: 40 },
          { t: '2025-11-27T09:00:00Z', v: 82.5 },
          { t: '2025-11-30T09:00:00Z', v: 60 },
        ],
      },
      mark: { type: 'line', clip: true, color: '#1f77b4', strokeWidth: 2, point: false },
      encoding: {
        x: {
          field: 't',
          type: 'temporal',
          scale: { type: 'utc' },
          axis: { title: null, format: '%a %-d', labelFlush: true, labelOverlap: true },
        },
        y: { field: 'v', ...CPU_Y },
      },
    },
    {
      data: { values: [{ threshold: 75, label: '75%' }] },
      layer: [
        {
          mark: { type: 'rule', clip: true, color: '#d62728', strokeWidth: 2, strokeDash: [6, 4] },
          encoding: { y: { field: 'threshold', ...CPU_Y } },
        },
        ...expectedLabels('#d62728', 'right', -2, {
          x: { value: 300 },
          y: { field: 'threshold', ...CPU_Y },
          text: { field: 'label' },
        }),
      ],
    },
  ],
};

const PROJECTION_Y = {
  type: 'quantitative',
  scale: { domain: [0, 5500], nice: true },
  axis: { title: null, format: '~s' },
};

const EXPECTED_PROJECTION_PANEL = {
  title: {
    text: 'Conversations / month (projected)',
    subtitle: '800 now → 1,352 in 2 months',
    limit: 428,
  },
  width: 380,
  height: 640,
  layer: [
    {
      data: { values: SMALL_MODEL.projection?.rows },
      mark: {
        type: 'area',
        clip: true,
        color: '#d9f0d3',
        line: { color: '#2ca02c', strokeWidth: 2 },
        point: { color: '#2ca02c' },
      },
      encoding: {
        x: {
          field: 'month',
          type: 'quantitative',
          scale: { domain: [0, 2], nice: false },
          axis: {
            title: null,
            tickMinStep: 1,
            format: 'd',
            labelExpr: "datum.value === 0 ? 'now' : '+' + datum.label + ' mo'",
            labelFlush: true,
          },
        },
        y: { field: 'volume', ...PROJECTION_Y },
      },
    },
    {
      // Stage 4 (20,000) is beyond the next boundary above the peak: not drawn.
      data: {
        values: [
          { at: 1000, label: 'Stage 2 from 1,000' },
          { at: 5000, label: 'Stage 3 from 5,000' },
        ],
      },
      layer: [
        {
          mark: { type: 'rule', clip: true, color: '#9467bd', strokeWidth: 2, strokeDash: [6, 4] },
          encoding: { y: { field: 'at', ...PROJECTION_Y } },
        },
        ...expectedLabels('#9467bd', 'left', 4, {
          x: { value: 0 },
          y: { field: 'at', ...PROJECTION_Y },
          text: { field: 'label' },
        }),
      ],
    },
  ],
};

describe('buildChartSpec', () => {
  it('draws each series with its threshold rule, and a missing series as a no-data panel', () => {
    // Arrange: only CPU has data.
    const model = SMALL_MODEL;

    // Act
    const spec = buildChartSpec(model);

    // Assert
    expect(spec).toEqual({
      title: {
        text: 'Scaling review — week 48',
        subtitle:
          'Mon 1 Dec 2025, 09:00 (UTC) · dashed red: threshold · dashed purple: stage boundary',
        limit: 1100,
        fontSize: 20,
        subtitleFontSize: 13,
        offset: 16,
      },
      padding: 16,
      config: {
        font: 'DejaVu Sans',
        background: '#ffffff',
        view: { stroke: '#dddddd' },
        title: { fontSize: 15, subtitleFontSize: 12, subtitleColor: '#444444', anchor: 'start' },
        axis: {
          labelFontSize: 11,
          labelColor: '#333333',
          gridColor: '#eeeeee',
          tickColor: '#999999',
        },
        axisX: { minExtent: 24, maxExtent: 24 },
        axisY: { minExtent: 48, maxExtent: 48 },
        concat: { spacing: 36 },
      },
      hconcat: [
        {
          columns: 2,
          concat: [
            EXPECTED_CPU_PANEL,
            expectedNoData(
              'Memory (%)',
              'no data this week · threshold 80%',
              'No data this week',
              300,
            ),
            expectedNoData(
              'Response time P95 (ms)',
              'no data this week · threshold 500 ms',
              'No data this week',
              300,
            ),
            expectedNoData(
              'Error rate (%)',
              'no data this week · threshold 1%',
              'No data this week',
              300,
            ),
          ],
        },
        EXPECTED_PROJECTION_PANEL,
      ],
    });
  });

  it('draws a missing projection as a no-data panel as tall as the grid', () => {
    const { projection: _dropped, ...model } = SMALL_MODEL;

    const spec = buildChartSpec(model);

    expect('hconcat' in spec && spec.hconcat[1]).toEqual(
      expectedNoData(
        'Conversations / month (projected)',
        'no projection this week',
        'No projection',
        380,
        640,
      ),
    );
  });

  it("writes the channel zone's wall-clock time on the UTC time axis", () => {
    const model: ChartViewModel = {
      ...SMALL_MODEL,
      timeZone: 'Europe/Paris',
      series: {
        cpu: { timestamps: ['2025-11-24T09:00:00Z', '2025-06-02T09:00:00Z'], values: [1, 2] },
      },
    };

    const spec = JSON.stringify(buildChartSpec(model));

    // CET is UTC+1 in November, CEST UTC+2 in June.
    expect(spec).toContain('{"t":"2025-11-24T10:00:00Z","v":1},{"t":"2025-06-02T11:00:00Z","v":2}');
    expect(spec).toContain('Mon 1 Dec 2025, 10:00 (Europe/Paris)');
  });

  it('rejects a series whose timestamps and values differ in length', () => {
    const model: ChartViewModel = {
      ...SMALL_MODEL,
      series: { p95: { timestamps: ['2025-11-24T09:00:00Z'], values: [1, 2] } },
    };

    expect(() => buildChartSpec(model)).toThrow(
      expect.objectContaining({
        name: 'ChartRenderError',
        stage: 'spec',
        message: 'chart series p95 has 1 timestamps but 2 values',
      }),
    );
  });

  it('rejects an unknown time zone', () => {
    expect(() => buildChartSpec({ ...SMALL_MODEL, timeZone: 'Mars/Olympus' })).toThrow(
      ChartRenderError,
    );
  });
});

describe('toChartViewModel', () => {
  it("maps the metric series, the plan's `over` thresholds and its stage boundaries", () => {
    const cpu = { timestamps: ['2025-11-24T09:00:00Z'], values: [50] };
    const rows = [{ month: 0, volume: 900, stage: 1 }];

    const model = toChartViewModel({
      title: 't',
      generatedAt: '2025-12-01T09:00:00Z',
      series: { cpuPercent: cpu, dbSizeMb: { timestamps: [], values: [] } },
      plan: DEFAULT_PLAN,
      projection: {
        request: { volume: 900, monthlyGrowthPercent: 0, months: 1, growthSource: 'plan' },
        cappedFrom: null,
        rows,
        projectedVolume: 900,
        currentStage: { number: 1, name: 'Launch' },
        projectedStage: { number: 1, name: 'Launch' },
        crossings: [],
        action: 'Current OK',
      },
    });

    expect(model).toEqual({
      title: 't',
      generatedAt: '2025-12-01T09:00:00Z',
      series: { cpu },
      thresholds: { cpu: 75, memory: 80, p95: 500, errorRate: 1 },
      projection: {
        rows: [{ month: 0, volume: 900 }],
        stageBoundaries: [
          { stage: 2, atConversations: 1000 },
          { stage: 3, atConversations: 5000 },
          { stage: 4, atConversations: 20000 },
        ],
      },
    });
  });
});

describe('font metrics', () => {
  const fontPath = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');

  it("reads DejaVu Sans's advance widths", () => {
    const font = parseFontAdvances(readFileSync(fontPath));

    // DejaVu Sans, 2048 units/em: "l" 569, space 651, "M" 1767.
    expect(textWidth(font, 'l M', 2048)).toBe(569 + 651 + 1767);
  });

  it('rejects a file that is not a font', () => {
    expect(() => parseFontAdvances(Buffer.from('not a font'))).toThrow(FontParseError);
  });
});

/** A week of hourly points: a daily wave (deterministic). */
function hourlyWeek(base: number, swing: number): { timestamps: string[]; values: number[] } {
  const start = Date.parse('2025-11-24T09:00:00Z');
  const hours = Array.from({ length: 7 * 24 }, (_, i) => i);
  return {
    timestamps: hours.map((i) => new Date(start + i * 3_600_000).toISOString()),
    values: hours.map(
      (i) => Math.round((base + swing * Math.sin((i / 24) * 2 * Math.PI)) * 10) / 10,
    ),
  };
}

const FULL_MODEL: ChartViewModel = {
  ...SMALL_MODEL,
  series: {
    cpu: hourlyWeek(65, 15),
    memory: hourlyWeek(60, 5),
    p95: hourlyWeek(380, 100),
    errorRate: hourlyWeek(0.4, 0.3),
  },
  projection: {
    rows: Array.from({ length: 13 }, (_, month) => ({ month, volume: 850 * 1.3 ** month })),
    stageBoundaries: SMALL_MODEL.projection?.stageBoundaries ?? [],
  },
};

function pixelStats(png: PNG): {
  nonWhite: number;
  colours: number;
  count: (hex: string) => number;
} {
  const counts = new Map<string, number>();
  let nonWhite = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r = 0, g = 0, b = 0] = png.data.subarray(i, i + 3);
    const hex = `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
    counts.set(hex, (counts.get(hex) ?? 0) + 1);
    if (hex !== '#ffffff') nonWhite += 1;
  }
  return { nonWhite, colours: counts.size, count: (hex) => counts.get(hex) ?? 0 };
}

describe('renderChartPng', () => {
  it('draws a non-blank PNG of a fixed size with the threshold colour, the same bytes every time', async () => {
    // Arrange
    const warnings: string[] = [];
    const onWarning = (message: string) => warnings.push(message);

    // Act
    const first = await renderChartPng(FULL_MODEL, { onWarning });
    const second = await renderChartPng(FULL_MODEL, { onWarning });

    // Assert
    const png = PNG.sync.read(first);
    expect({ width: png.width, height: png.height }).toEqual({ width: 1238, height: 790 });
    const stats = pixelStats(png);
    expect(stats.nonWhite).toBeGreaterThan(png.width * png.height * 0.1);
    expect(stats.colours).toBeGreaterThan(100);
    expect(stats.count('#d62728')).toBeGreaterThan(500); // threshold rules and labels
    expect(stats.count('#1f77b4')).toBeGreaterThan(500); // the series lines
    expect(warnings).toEqual([]);
    expect(second.equals(first)).toBe(true);
  });

  it('fails with a ChartRenderError naming the stage', async () => {
    const model: ChartViewModel = { ...SMALL_MODEL, generatedAt: 'yesterday' };

    await expect(renderChartPng(model)).rejects.toMatchObject({
      name: 'ChartRenderError',
      stage: 'spec',
      message: 'generatedAt "yesterday" is not an ISO 8601 date-time',
    });
  });
});
