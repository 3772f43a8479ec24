import { z } from 'zod';
import { METRICS_SOURCE_KINDS } from '../metrics/port.js';
import { REVIEW_REQUESTERS, type ReviewRequester, type ReviewSource } from './ports.js';

/**
 * The stored `source` of a review record or an observation. It is written as
 * `{ requestedBy, metricsFrom, detail? }`; records written before that have one `kind` naming
 * either who asked (`slack`, `cli`, `digest`) or where the numbers came from (`cloudwatch`, …),
 * and read back as the new shape with the other half null.
 */

const detail = z.string().max(2000).optional();

/** What the store writes (null only for a source read from a record that did not say). */
export const reviewSourceSchema = z.strictObject({
  requestedBy: z.enum(REVIEW_REQUESTERS).nullable(),
  metricsFrom: z.enum(METRICS_SOURCE_KINDS).nullable(),
  detail,
}) satisfies z.ZodType<ReviewSource>;

const LEGACY_KINDS = [...REVIEW_REQUESTERS, ...METRICS_SOURCE_KINDS] as const;

function isRequester(kind: (typeof LEGACY_KINDS)[number]): kind is ReviewRequester {
  return (REVIEW_REQUESTERS as readonly string[]).includes(kind);
}

/** A source written with one `kind`, as it reads now. */
const legacyReviewSourceSchema = z.strictObject({ kind: z.enum(LEGACY_KINDS), detail }).transform(
  ({ kind, detail: text }): ReviewSource => ({
    requestedBy: isRequester(kind) ? kind : null,
    metricsFrom: isRequester(kind) ? null : kind,
    ...(text === undefined ? {} : { detail: text }),
  }),
);

/** What the store reads back: the current shape, or the one-`kind` shape of older records. */
export const storedReviewSourceSchema = z.union([reviewSourceSchema, legacyReviewSourceSchema]);
