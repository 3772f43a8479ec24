import { createHash } from 'node:crypto';
import {
  type CanvasPlanSection,
  type CapacityPlanCanvas,
  sectionMarkdown,
} from '../../blocks/capacity-plan.js';
import type { CanvasApi } from './port.js';

/**
 * Writes the plan's parts that changed into an existing canvas, one `canvases.edit` operation at
 * a time (docs/slack.md, "How each part is found and replaced"):
 * 1. the part's paragraph is found by its marker (`canvases.sections.lookup`, `contains_text`)
 *    and replaced (`replace` on that section id);
 * 2. without it (someone deleted it), the part's `##` heading is found (`section_types: h2`) and
 *    the paragraph goes right after it (`insert_after`);
 * 3. without either, the part is added at the end (`insert_at_end`, heading and paragraph).
 * Section ids are looked up each time, never kept: a replaced section gets a new id.
 */

/** A short hash of what a part's paragraph says: equal hashes, nothing to write. */
export function sectionHash(section: CanvasPlanSection): string {
  return createHash('sha256').update(section.paragraph).digest('hex').slice(0, 16);
}

export function sectionHashes(canvas: CapacityPlanCanvas): Record<string, string> {
  return Object.fromEntries(canvas.sections.map((s) => [s.key, sectionHash(s)]));
}

async function writeSection(api: CanvasApi, canvasId: string, section: CanvasPlanSection) {
  const [paragraph] = await api.findSections(canvasId, { containsText: section.marker });
  if (paragraph !== undefined) {
    await api.edit(canvasId, {
      operation: 'replace',
      sectionId: paragraph,
      markdown: section.paragraph,
    });
    return;
  }
  const [heading] = await api.findSections(canvasId, {
    sectionTypes: ['h2'],
    containsText: section.heading,
  });
  if (heading !== undefined) {
    await api.edit(canvasId, {
      operation: 'insert_after',
      sectionId: heading,
      markdown: section.paragraph,
    });
    return;
  }
  await api.edit(canvasId, { operation: 'insert_at_end', markdown: sectionMarkdown(section) });
}

/**
 * Writes every part whose hash differs from `written`, in the plan's order. `written` is updated
 * as each part lands, so a failure part-way leaves it saying exactly what the canvas holds: the
 * parts not written are written next time. Returns how many parts were written.
 */
export async function writeChangedSections(
  api: CanvasApi,
  canvasId: string,
  canvas: CapacityPlanCanvas,
  written: Record<string, string>,
): Promise<number> {
  let count = 0;
  for (const section of canvas.sections) {
    const hash = sectionHash(section);
    if (written[section.key] === hash) continue;
    await writeSection(api, canvasId, section);
    written[section.key] = hash;
    count += 1;
  }
  return count;
}
