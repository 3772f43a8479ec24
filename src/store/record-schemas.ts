import { z } from 'zod';
import { METRIC_ISSUES, METRIC_KEYS, metricsSnapshotSchema } from '../domain/metrics.js';
import {
  DECISION_STATE_KINDS,
  GROWTH_SOURCES,
  MESSAGE_KINDS,
  type MessageView,
} from '../domain/review-message.js';
import { estateChangeSchema, storedEstateChangeSchema } from './estate-schema.js';
import { idSchema } from './id-schema.js';
import {
  DECISION_KINDS,
  type DecisionRecord,
  DIGEST_RESULT_STATUSES,
  DIGEST_RUN_STATUSES,
  type DigestRun,
  type NewDecision,
  type NewReviewRecord,
  type ObservationRecord,
  type ReviewRecord,
  type Subscription,
  type SubscriptionInput,
} from './ports.js';
import { reviewSchema } from './review-schema.js';
import { reviewSourceSchema, storedReviewSourceSchema } from './review-source-schema.js';

export {
  estateChangeSchema,
  storedEstateChangeSchema,
  storedEstateSchema,
} from './estate-schema.js';
export { idSchema } from './id-schema.js';
export { reviewSchema } from './review-schema.js';

/**
 * Schemas of what the store writes and reads back. Objects are "loose": a field added to Review by a
 * newer version survives a round trip through an older one, while every field the code relies on is
 * checked. Stored documents that fail are skipped and logged once (never thrown).
 */

const nullableRange = z.looseObject({ min: z.number(), max: z.number().nullable() });

const id = idSchema;

/** What a message showed besides its review (loose, like the review: newer fields survive). */
const messageViewSchema = z.looseObject({
  kind: z.enum(MESSAGE_KINDS),
  weekLabel: z.string(),
  sourceLine: z.string(),
  carriedForward: z
    .array(
      z.looseObject({
        label: z.string(),
        decision: z.looseObject({
          kind: z.enum(DECISION_STATE_KINDS),
          userId: id,
          at: z.date(),
          snoozeUntil: z.date().optional(),
        }),
        current: z.string(),
        reopenedBecause: z.string().optional(),
      }),
    )
    .optional(),
  projection: z
    .looseObject({
      monthlyGrowthPercent: z.number(),
      growthSource: z.enum(GROWTH_SOURCES),
      horizonMonths: z.number(),
      nextStage: z
        .looseObject({
          number: z.number().int(),
          name: z.string(),
          inMonths: z.number(),
          monthlyCost: nullableRange,
        })
        .nullable(),
      chart: z
        .looseObject({
          rows: z.array(z.looseObject({ month: z.number(), volume: z.number() })).max(200),
          boundaries: z
            .array(z.looseObject({ stage: z.number().int(), atConversations: z.number() }))
            .max(50),
        })
        .optional(),
    })
    .optional(),
  delayed: z.looseObject({ scheduledFor: z.date() }).optional(),
  degraded: z.array(z.string()).optional(),
  nextDigestAt: z.date().optional(),
}) satisfies z.ZodType<MessageView>;

const reviewRecordShape = {
  teamId: id,
  channelId: id.nullable(),
  source: reviewSourceSchema,
  createdAt: z.date(),
  review: reviewSchema,
  view: messageViewSchema.optional(),
};

/** What `reviews.save` accepts (unknown top-level fields are a caller bug). */
export const newReviewRecordSchema = z.strictObject(
  reviewRecordShape,
) satisfies z.ZodType<NewReviewRecord>;

/**
 * A review record read back; unknown top-level fields (a newer version's) are dropped, and an
 * older record's one-`kind` source is split (review-source-schema.ts).
 */
export const storedReviewRecordSchema = z.object({
  ...reviewRecordShape,
  source: storedReviewSourceSchema,
  id,
}) satisfies z.ZodType<ReviewRecord>;

/** A review period key ("2026-W49"); never contains "|", which joins it to the team in ids. */
export const periodKeySchema = z
  .string()
  .min(1)
  .max(64)
  .refine((key) => !key.includes('|'), { error: 'a period key must not contain "|"' });

const metricQualitySchema = z.strictObject({
  metric: z.enum(METRIC_KEYS),
  issue: z.enum(METRIC_ISSUES),
  detail: z.string().max(2000),
});

/** A metric's reading as the snapshot bounds it (capturedAt is no reading). */
const readingsShape = metricsSnapshotSchema.omit({ capturedAt: true }).shape;

const observationShape = {
  teamId: id,
  periodKey: periodKeySchema,
  periodStart: z.date(),
  at: z.date(),
  snapshot: metricsSnapshotSchema,
  quality: z.array(metricQualitySchema).max(100),
  source: reviewSourceSchema,
  message: z.strictObject({ reviewId: id, hash: z.string().min(1).max(512) }).nullable(),
  updatedAt: z.date(),
  /** The stage the period was reviewed at; absent on older observations. */
  stage: z.number().int().min(1).optional(),
};

/** What `observations.put` accepts; `peaks` holds the snapshot's metrics only (a typo is an error). */
export const observationRecordSchema = z.strictObject({
  ...observationShape,
  peaks: z.strictObject(readingsShape).optional(),
}) satisfies z.ZodType<ObservationRecord>;

/**
 * An observation read back; unknown top-level fields (a newer version's, Mongo's `_id`) are
 * dropped, and so are peaks of metrics this version does not know (the domain reads only its own);
 * an older observation's one-`kind` source is split (review-source-schema.ts).
 */
export const storedObservationSchema = z.object({
  ...observationShape,
  source: storedReviewSourceSchema,
  peaks: z.object(readingsShape).optional(),
}) satisfies z.ZodType<ObservationRecord>;

/** The keys `observations.getMany` accepts: 1..100 period keys. */
export const periodKeysSchema = z.array(periodKeySchema).min(1).max(100);

const decisionShape = {
  teamId: id,
  reviewId: id,
  recommendationKey: id,
  kind: z.enum(DECISION_KINDS),
  userId: id,
  at: z.date(),
  snoozeUntil: z.date().nullable(),
  reason: z.string().max(2000).optional(),
  metricsAtDecision: metricsSnapshotSchema,
  automatic: z.boolean().optional(),
};

const snoozeUntilRule = {
  check: (d: { kind: string; snoozeUntil: Date | null }) =>
    (d.kind === 'snooze') === (d.snoozeUntil !== null),
  error: 'snoozeUntil is required for a snooze and must be null otherwise',
  path: ['snoozeUntil'],
};

/** A change belongs to a `done` (one without a change is allowed: not every action has one). */
export const newDecisionSchema = z
  .strictObject({ ...decisionShape, change: estateChangeSchema.optional() })
  .refine(snoozeUntilRule.check, { error: snoozeUntilRule.error, path: snoozeUntilRule.path })
  .refine((d) => d.change === undefined || d.kind === 'done', {
    error: 'change is only for a done decision',
    path: ['change'],
  }) satisfies z.ZodType<NewDecision>;

export const storedDecisionSchema = z
  .object({ ...decisionShape, id, change: storedEstateChangeSchema.optional() })
  .refine(snoozeUntilRule.check, {
    error: snoozeUntilRule.error,
    path: snoozeUntilRule.path,
  }) satisfies z.ZodType<DecisionRecord>;

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const digestScheduleSchema = z.strictObject({
  weekday: z.literal([1, 2, 3, 4, 5, 6, 7]),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "time must be 'HH:MM' (24 h)" }),
});

export const subscriptionInputSchema = z.strictObject({
  teamId: id,
  channelId: id,
  schedule: digestScheduleSchema,
  timezone: z.string().refine(isTimeZone, { error: 'timezone must be an IANA name' }),
  createdBy: id,
  active: z.boolean(),
  nextRunAt: z.date(),
}) satisfies z.ZodType<SubscriptionInput>;

export const digestResultSchema = z.strictObject({
  periodKey: z.string().min(1),
  status: z.enum(DIGEST_RESULT_STATUSES),
  at: z.date(),
  ts: z.string().optional(),
  detail: z.string().optional(),
});

export const subscriptionFailureSchema = z.strictObject({
  code: z.string().min(1),
  at: z.date(),
  reported: z.boolean(),
});

/** A subscription as read back (ids already converted to strings by the adapter). */
export const subscriptionSchema = z.object({
  id,
  teamId: id,
  channelId: id,
  schedule: digestScheduleSchema,
  timezone: z.string().min(1),
  createdBy: id,
  active: z.boolean(),
  nextRunAt: z.date(),
  createdAt: z.date(),
  updatedAt: z.date(),
  lastResult: digestResultSchema.optional(),
  failure: subscriptionFailureSchema.optional(),
}) satisfies z.ZodType<Subscription>;

/**
 * A digest run as read back. `posted`, `sentAt`, `error` and `reviewId` may be absent and mean null:
 * FerretDB 1.24.2 drops null-valued fields of `$setOnInsert` when an upsert inserts.
 */
export const digestRunSchema = z.object({
  subscriptionId: id,
  periodKey: id,
  status: z.enum(DIGEST_RUN_STATUSES),
  owner: z.string().nullable(),
  leaseUntil: z.date().nullable(),
  attempt: z.number().int().min(1),
  claimedAt: z.date(),
  posted: z
    .strictObject({ channelId: z.string().min(1), ts: z.string().min(1), at: z.date() })
    .nullable()
    .default(null),
  sentAt: z.date().nullable().default(null),
  error: z
    .strictObject({ code: z.string(), message: z.string(), at: z.date() })
    .nullable()
    .default(null),
  reviewId: id.nullable().default(null),
  updatedAt: z.date(),
}) satisfies z.ZodType<DigestRun>;

export const claimRequestSchema = z.strictObject({
  subscriptionId: id,
  periodKey: id,
  owner: id,
  now: z.date(),
  leaseMs: z.number().int().min(1),
});

export const renewRequestSchema = claimRequestSchema.extend({
  attempt: z.number().int().min(1),
});

export const limitSchema = z.number().int().min(1).max(1000);

/** "path: message; path: message" for logs and InvalidRecordError. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
