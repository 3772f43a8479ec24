/**
 * Advance widths from a TrueType font (tables head, hhea, hmtx and a format-4 Unicode cmap), so
 * vega lays out text with the metrics of the font resvg draws it with. Kerning is ignored.
 */
export interface FontAdvances {
  unitsPerEm: number;
  /** Advance width of a code point in font units (.notdef's for an unmapped one). */
  advance(codePoint: number): number;
}

export class FontParseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FontParseError';
  }
}

function tableOffsets(font: Buffer): Map<string, number> {
  if (font.length < 12) throw new FontParseError('font file is too short');
  const count = font.readUInt16BE(4);
  const tables = new Map<string, number>();
  for (let i = 0; i < count; i += 1) {
    const record = 12 + i * 16;
    tables.set(font.toString('latin1', record, record + 4), font.readUInt32BE(record + 8));
  }
  return tables;
}

function requireTable(tables: Map<string, number>, tag: string): number {
  const offset = tables.get(tag);
  if (offset === undefined) throw new FontParseError(`font has no ${tag} table`);
  return offset;
}

/** Offset of the Windows Unicode BMP (3, 1) format-4 subtable. */
function unicodeCmap(font: Buffer, cmap: number): number {
  const count = font.readUInt16BE(cmap + 2);
  for (let i = 0; i < count; i += 1) {
    const record = cmap + 4 + i * 8;
    const platform = font.readUInt16BE(record);
    const encoding = font.readUInt16BE(record + 2);
    const subtable = cmap + font.readUInt32BE(record + 4);
    if (platform === 3 && encoding === 1 && font.readUInt16BE(subtable) === 4) return subtable;
  }
  throw new FontParseError('font has no format-4 Unicode cmap');
}

function glyphLookup(font: Buffer, subtable: number): (codePoint: number) => number {
  const segments = font.readUInt16BE(subtable + 6) / 2;
  const ends = subtable + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  return (codePoint) => {
    if (codePoint > 0xffff) return 0;
    for (let i = 0; i < segments; i += 1) {
      if (font.readUInt16BE(ends + i * 2) < codePoint) continue;
      const start = font.readUInt16BE(starts + i * 2);
      if (start > codePoint) return 0;
      const delta = font.readInt16BE(deltas + i * 2);
      const rangeAt = rangeOffsets + i * 2;
      const rangeOffset = font.readUInt16BE(rangeAt);
      if (rangeOffset === 0) return (codePoint + delta) & 0xffff;
      const glyph = font.readUInt16BE(rangeAt + rangeOffset + (codePoint - start) * 2);
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}

/** Reads the advance widths of a TrueType font file's contents. Throws FontParseError. */
export function parseFontAdvances(font: Buffer): FontAdvances {
  try {
    const tables = tableOffsets(font);
    const unitsPerEm = font.readUInt16BE(requireTable(tables, 'head') + 18);
    const metricsCount = font.readUInt16BE(requireTable(tables, 'hhea') + 34);
    const hmtx = requireTable(tables, 'hmtx');
    const glyphOf = glyphLookup(font, unicodeCmap(font, requireTable(tables, 'cmap')));
    const cache = new Map<number, number>();
    const advance = (codePoint: number): number => {
      const cached = cache.get(codePoint);
      if (cached !== undefined) return cached;
      const glyph = Math.min(glyphOf(codePoint), metricsCount - 1);
      const width = font.readUInt16BE(hmtx + glyph * 4);
      cache.set(codePoint, width);
      return width;
    };
    return { unitsPerEm, advance };
  } catch (error) {
    if (error instanceof FontParseError) throw error;
    throw new FontParseError(`font file is malformed: ${String(error)}`, { cause: error });
  }
}

/** Width in px of a single line of text at a font size. */
export function textWidth(font: FontAdvances, text: string, fontSize: number): number {
  let units = 0;
  for (const char of text) units += font.advance(char.codePointAt(0) ?? 0);
  return (units * fontSize) / font.unitsPerEm;
}
