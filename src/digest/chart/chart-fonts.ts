import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { ChartRenderError } from './chart-errors.js';
import { type FontAdvances, parseFontAdvances, textWidth } from './font-metrics.js';

/** The bundled DejaVu Sans files: regular for labels, bold for titles. */
const FONT_MODULES = {
  regular: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  bold: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
} as const;

export interface ChartFonts {
  /** Absolute paths, for resvg. */
  files: string[];
  regular: FontAdvances;
  bold: FontAdvances;
}

/** What vega passes to a text width function (a text mark item, title or axis label). */
export interface VegaTextItem {
  fontSize?: number | string | null;
  fontWeight?: number | string | null;
  limit?: number | null;
}

let loading: Promise<ChartFonts> | undefined;

async function load(): Promise<ChartFonts> {
  const require = createRequire(import.meta.url);
  let regularPath: string;
  let boldPath: string;
  try {
    regularPath = require.resolve(FONT_MODULES.regular);
    boldPath = require.resolve(FONT_MODULES.bold);
  } catch (error) {
    throw new ChartRenderError(
      'font',
      'chart font not found: install the npm package dejavu-fonts-ttf (npm install dejavu-fonts-ttf)',
      { cause: error },
    );
  }
  try {
    const [regular, bold] = await Promise.all([readFile(regularPath), readFile(boldPath)]);
    return {
      files: [regularPath, boldPath],
      regular: parseFontAdvances(regular),
      bold: parseFontAdvances(bold),
    };
  } catch (error) {
    throw new ChartRenderError('font', 'chart font could not be read', { cause: error });
  }
}

/** The bundled fonts, read once per process (a failed load is retried on the next call). */
export function loadChartFonts(): Promise<ChartFonts> {
  if (loading === undefined) {
    loading = load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
  }
  return loading;
}

function isBold(weight: VegaTextItem['fontWeight']): boolean {
  return weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;
}

/**
 * A vega text width function measuring with the bundled font. Within a `limit`, the width is capped
 * at the limit: vega compares against it to truncate, and a truncated text is never wider.
 */
export function fontTextWidth(fonts: ChartFonts): (item: VegaTextItem, text: unknown) => number {
  return (item, text) => {
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    const line = text == null ? '' : String(text).trim();
    const width = textWidth(isBold(item.fontWeight) ? fonts.bold : fonts.regular, line, size);
    return item.limit != null && item.limit > 0 ? Math.min(width, item.limit) : width;
  };
}
