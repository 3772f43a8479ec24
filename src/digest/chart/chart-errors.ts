/** Where rendering failed: the spec, loading the font, compiling, drawing the SVG, or the PNG. */
const CHART_RENDER_STAGES = ['spec', 'font', 'compile', 'svg', 'png'] as const;
export type ChartRenderStage = (typeof CHART_RENDER_STAGES)[number];

/** The digest chart could not be rendered. The digest logs it and is sent without the chart. */
export class ChartRenderError extends Error {
  readonly stage: ChartRenderStage;

  constructor(stage: ChartRenderStage, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ChartRenderError';
    this.stage = stage;
  }
}
