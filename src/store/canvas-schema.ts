import { z } from 'zod';
import { idSchema } from './id-schema.js';
import { type CanvasRecord, MAX_CANVAS_SECTIONS } from './ports/canvases.js';

/**
 * The schema of a channel's canvas record (src/store/ports/canvases.ts). Team and channel ids key
 * the record (`${teamId}|${channelId}` on MongoDB), so neither may contain "|" (Slack's never do).
 */

const keyPart = idSchema.refine((id) => !id.includes('|'), { error: 'must not contain "|"' });
const short = z.string().min(1).max(200);

const refusalShape = { code: short, at: z.date(), told: z.boolean() };

const recordShape = {
  teamId: keyPart,
  channelId: keyPart,
  canvasId: short.nullable(),
  sections: z.record(short, short).refine((s) => Object.keys(s).length <= MAX_CANVAS_SECTIONS, {
    error: `at most ${MAX_CANVAS_SECTIONS} sections`,
  }),
  updatedAt: z.date(),
};

/** What the store is given: strict (an unknown field is a caller bug). */
export const canvasRecordSchema = z.strictObject({
  ...recordShape,
  refusal: z.strictObject(refusalShape).nullable(),
}) satisfies z.ZodType<CanvasRecord>;

/** A record read back; unknown fields (a newer version's, Mongo's `_id`) are dropped. */
export const storedCanvasSchema = z.object({
  ...recordShape,
  refusal: z.object(refusalShape).nullable(),
}) satisfies z.ZodType<CanvasRecord>;

export const canvasKeySchema = z.object({ teamId: keyPart, channelId: keyPart });

/** The MongoDB `_id` of a channel's canvas record. */
export function canvasRecordId(teamId: string, channelId: string): string {
  return `${teamId}|${channelId}`;
}
