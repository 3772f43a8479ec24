import { renderAsync } from '@resvg/resvg-js';
import { parse, textMetrics, View, Warn } from 'vega';
import { compile } from 'vega-lite';
import { ChartRenderError, type ChartRenderStage } from './chart-errors.js';
import {
  type ChartFonts,
  fontTextWidth,
  loadChartFonts,
  type VegaTextItem,
} from './chart-fonts.js';
import type { ChartViewModel } from './chart-model.js';
import { buildChartSpec } from './chart-spec.js';
import { CHART_COLORS, CHART_FONT_FAMILY } from './chart-theme.js';

declare module 'vega' {
  /** Exported by vega at runtime (from vega-scenegraph) but missing from its typings. */
  export const textMetrics: { width: (item: VegaTextItem, text: unknown) => number };
}

type VegaLogger = NonNullable<NonNullable<ConstructorParameters<typeof View>[1]>['logger']>;

export interface RenderChartOptions {
  /** Called with each vega-lite / vega warning (the chart is still drawn). */
  onWarning?: (message: string) => void;
}

interface CollectedLogger {
  logger: VegaLogger;
  errors: unknown[];
}

/**
 * Keeps vega's messages: warnings go to the caller, errors fail the render (vega logs dataflow
 * errors instead of rejecting). Closures, not `this`: vega calls the methods on other objects.
 */
function collectingLogger(onWarning: (message: string) => void): CollectedLogger {
  const errors: unknown[] = [];
  let level = Warn;
  const logger: VegaLogger = {
    level(next?: number) {
      if (next === undefined) return level;
      level = next;
      return logger;
    },
    error(...args: unknown[]) {
      errors.push(args.length === 1 ? args[0] : args.map(String).join(' '));
      return logger;
    },
    warn(...args: unknown[]) {
      onWarning(args.map(String).join(' '));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return { logger, errors };
}

async function stage<T>(name: ChartRenderStage, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ChartRenderError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ChartRenderError(name, `chart ${name} failed: ${reason}`, { cause: error });
  }
}

async function toSvg(
  model: ChartViewModel,
  fonts: ChartFonts,
  options: RenderChartOptions,
): Promise<string> {
  const { logger, errors } = collectingLogger(options.onWarning ?? (() => {}));
  const spec = await stage('spec', () => buildChartSpec(model));
  const vegaSpec = await stage('compile', () => compile(spec, { logger }).spec);
  return stage('svg', async () => {
    // vega's text metrics are process-wide; measure with the bundled font, never a system canvas.
    textMetrics.width = fontTextWidth(fonts);
    const view = new View(parse(vegaSpec), {
      renderer: 'none',
      logger,
      logLevel: Warn,
    });
    try {
      const svg = await view.toSVG();
      const [first] = errors;
      if (first !== undefined) {
        throw new ChartRenderError('svg', `chart svg failed: ${String(first)}`, { cause: first });
      }
      return svg;
    } finally {
      view.finalize();
    }
  });
}

/**
 * The digest chart as a PNG, drawn offline with the bundled DejaVu Sans only (system fonts are
 * never loaded), so the same model gives the same bytes. Throws ChartRenderError on any failure.
 */
export async function renderChartPng(
  model: ChartViewModel,
  options: RenderChartOptions = {},
): Promise<Buffer> {
  const fonts = await loadChartFonts();
  const svg = await toSvg(model, fonts, options);
  return stage('png', async () => {
    const image = await renderAsync(svg, {
      font: {
        loadSystemFonts: false,
        fontFiles: fonts.files,
        defaultFontFamily: CHART_FONT_FAMILY,
        sansSerifFamily: CHART_FONT_FAMILY,
      },
      background: CHART_COLORS.background,
      fitTo: { mode: 'original' },
      logLevel: 'off',
    });
    return image.asPng();
  });
}
