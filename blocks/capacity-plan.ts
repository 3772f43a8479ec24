import { formatUtcDay } from '../src/domain/format.js';
import {
  type CapacityPlanViewModel,
  PLAN_SECTIONS,
  type PlanSectionKey,
  type PlanStyle,
  planSectionLines,
} from './capacity-plan-model.js';

/**
 * The "Capacity plan" channel canvas as Markdown (docs/slack.md, "The capacity plan canvas").
 * Slack edits a canvas block by block (a heading, a paragraph, a list item each have their own
 * section id) and cannot remove a table or a divider through the API, so each part of the plan is
 * exactly two blocks: an `##` heading, written once, and ONE paragraph whose lines are joined by
 * hard line breaks. The paragraph starts with its marker ("Scale Review plan: open actions"),
 * which `canvases.sections.lookup` finds by `contains_text`; a weekly or click update replaces
 * that one paragraph. No table, no divider, no list (each list item would be a block of its own).
 */

export const CAPACITY_PLAN_TITLE = 'Capacity plan';

/** Canvas mentions are written `![](@U123)`; anything that is not a user id is text. */
const USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** Characters that would start Markdown formatting in running text, escaped with a backslash. */
const MARKDOWN_SPECIAL = /[\\`*_[\]<>#|~]/g;

export function escapeCanvasText(text: string): string {
  return text.replace(/\s+/g, ' ').replace(MARKDOWN_SPECIAL, (c) => `\\${c}`);
}

const CANVAS_STYLE: PlanStyle = {
  escape: escapeCanvasText,
  mention: (userId) => (USER_ID.test(userId) ? `![](@${userId})` : escapeCanvasText(userId)),
  date: formatUtcDay,
  bold: (text) => `**${text}**`,
};

/** One part of the plan: its heading, the marker its paragraph starts with, and that paragraph. */
export interface CanvasPlanSection {
  key: PlanSectionKey;
  heading: string;
  /** Plain text only this part's paragraph contains: what `contains_text` looks for. */
  marker: string;
  /** The part's one paragraph (no heading): what replaces the paragraph found by the marker. */
  paragraph: string;
}

export interface CapacityPlanCanvas {
  title: string;
  sections: CanvasPlanSection[];
}

/** "Scale Review plan: open actions". */
export function sectionMarker(heading: string): string {
  return `Scale Review plan: ${heading.toLowerCase()}`;
}

/** Lines joined by Markdown hard line breaks (a backslash at the end): one paragraph. */
function paragraph(lines: readonly string[]): string {
  return lines.join('\\\n');
}

export function buildCapacityPlanCanvas(vm: CapacityPlanViewModel): CapacityPlanCanvas {
  const lines = planSectionLines(vm, CANVAS_STYLE);
  const week = escapeCanvasText(vm.weekLabel);
  return {
    title: CAPACITY_PLAN_TITLE,
    sections: PLAN_SECTIONS.map(({ key, heading }) => {
      const marker = sectionMarker(heading);
      return {
        key,
        heading,
        marker,
        paragraph: paragraph([`_${marker} · ${week}_`, ...lines[key].map((l) => `• ${l}`)]),
      };
    }),
  };
}

/** A part as it is inserted whole: its heading, a blank line, its paragraph. */
export function sectionMarkdown(section: CanvasPlanSection): string {
  return `## ${section.heading}\n\n${section.paragraph}`;
}

/** The whole canvas, as `conversations.canvases.create` is given it. */
export function canvasMarkdown(canvas: CapacityPlanCanvas): string {
  return canvas.sections.map(sectionMarkdown).join('\n\n');
}
