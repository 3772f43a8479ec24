import { z } from 'zod';
import { metricsSnapshotSchema } from '../domain/metrics.js';
import { INDICATOR_KEYS } from '../domain/plan/schema.js';
import {
  ACTION_STATES,
  FORECAST_METHODS,
  FORECAST_STATUSES,
  INDICATOR_STATUSES,
  INDICATOR_UNITS,
  LEGACY_FORECAST_METHODS,
  LEGACY_FORECAST_STATUSES,
  REASON_LEVELS,
  RECOMMENDATION_BASES,
  type Review,
  SEVERITIES,
} from '../domain/review-types.js';

/**
 * The stored Review. Objects are "loose": a field added by a newer version survives a round trip
 * through an older one, while every field the code relies on is checked. Fields added after the
 * first release have defaults, so reviews stored before them still read.
 */

const nullableRange = z.looseObject({ min: z.number(), max: z.number().nullable() });
/** A cost change: either bound may be open (src/domain/cost-change.ts). */
const costChangeSchema = z.looseObject({ min: z.number().nullable(), max: z.number().nullable() });

const thresholdSourceSchema = z.discriminatedUnion('kind', [
  z.looseObject({ kind: z.literal('panel') }),
  z.looseObject({
    kind: z.literal('trigger'),
    stage: z.number().int(),
    trigger: z.string(),
    text: z.string(),
  }),
  z.looseObject({ kind: z.literal('tier'), name: z.string(), limitMb: z.number() }),
  z.looseObject({
    kind: z.literal('stageLimit'),
    stage: z.number().int(),
    limitMb: z.number().nullable(),
  }),
]);

const indicatorSchema = z.looseObject({
  key: z.enum(INDICATOR_KEYS),
  label: z.string(),
  value: z.number().nullable(),
  unit: z.enum(INDICATOR_UNITS),
  threshold: z.number().nullable(),
  approachingAt: z.number().nullable(),
  critical: z.number().nullable().default(null),
  thresholdSource: thresholdSourceSchema.default({ kind: 'panel' }),
  status: z.enum(INDICATOR_STATUSES),
  delta: z.number().nullable(),
  text: z.string(),
  note: z.string().optional(),
});

const confirmationSchema = z.looseObject({
  state: z.enum(['critical', 'confirmed', 'unconfirmed', 'held', 'unknown', 'lapsed', 'unchecked']),
  counted: z.number(),
  required: z.number(),
  ofLast: z.number(),
  clean: z.number(),
});

const reasonSchema = z.looseObject({
  indicator: z.enum(INDICATOR_KEYS).nullable(),
  trigger: z.string().nullable(),
  level: z.enum(REASON_LEVELS),
  confirmation: confirmationSchema.nullable(),
  text: z.string(),
});

const sizingSchema = z.discriminatedUnion('kind', [
  z.looseObject({
    kind: z.literal('servers'),
    from: z.number(),
    to: z.number(),
    basis: z.string(),
    beyondMax: z.number().nullable(),
  }),
  z.looseObject({
    kind: z.literal('dbTier'),
    from: z.string().nullable(),
    to: z.string(),
    projectedMb: z.number(),
    horizonMonths: z.number(),
    basis: z.string(),
  }),
  z.looseObject({ kind: z.literal('stage'), from: z.number(), to: z.number() }),
  z.looseObject({ kind: z.literal('server'), to: z.string() }),
]);

const recommendationSchema = z.looseObject({
  key: z.string().min(1),
  severity: z.enum(SEVERITIES),
  indicator: z.enum(INDICATOR_KEYS).nullable(),
  action: z.string(),
  text: z.string(),
  impact: z.string(),
  monthlyCostChange: costChangeSchema.nullable(),
  costNote: z.string().optional(),
  reason: z.string().optional(),
  reasons: z.array(reasonSchema).default([]),
  breaches: z
    .looseObject({ counted: z.number(), required: z.number(), ofLast: z.number() })
    .optional(),
  sizing: sizingSchema.optional(),
  alternatives: z.array(z.string()).optional(),
  // Reviews stored before issue 20 advised from evidence only, and kept no state.
  basis: z.enum(RECOMMENDATION_BASES).default('evidence'),
  state: z.enum(ACTION_STATES).optional(),
  decideBy: z.string().optional(),
  overdue: z.boolean().optional(),
  leadDays: z.looseObject({ min: z.number(), max: z.number() }).optional(),
  relief: z
    .looseObject({
      text: z.string(),
      monthlyCostChange: costChangeSchema.nullable(),
      note: z.string(),
    })
    .optional(),
  includes: z.array(z.string()).optional(),
});

const crossingSchema = z
  .looseObject({
    level: z.enum(['threshold', 'critical', 'stage', 'trigger']),
    value: z.number(),
    inDays: z.number(),
    earliestDays: z.number(),
    latestDays: z.number().nullable(),
    // Reviews stored before issue 20: a crossing without an upper bound was "possibly much later".
    possiblyNever: z.boolean().optional(),
    at: z.string(),
    stage: z
      .looseObject({
        number: z.number(),
        name: z.string(),
        totalCost: nullableRange,
        costChange: costChangeSchema.nullable(),
      })
      .optional(),
  })
  .transform((c) => ({ ...c, possiblyNever: c.possiblyNever ?? c.latestDays === null }));

const forecastSchema = z.looseObject({
  indicator: z.enum(INDICATOR_KEYS),
  status: z.enum([...FORECAST_STATUSES, ...LEGACY_FORECAST_STATUSES]),
  method: z.enum([...FORECAST_METHODS, ...LEGACY_FORECAST_METHODS]),
  observations: z.number(),
  spanWeeks: z.number(),
  rate: z.number().nullable(),
  // Reviews stored before issue 20 gave ±1 standard error, no stated interval.
  intervalPercent: z.number().nullable().default(null),
  levelShift: z.looseObject({ periodStart: z.string(), step: z.number() }).optional(),
  crossings: z.array(crossingSchema),
  text: z.string(),
  summary: z.string().optional(),
});

const infrastructureSchema = z.looseObject({
  servers: z.looseObject({
    count: z.number(),
    max: z.number().nullable(),
    source: z.enum(['done', 'configured', 'metrics', 'assumed']),
    note: z.string(),
  }),
  dbTier: z
    .looseObject({
      name: z.string(),
      storageGb: z.number(),
      ramGb: z.number(),
      vcpu: z.number(),
      monthlyCost: z.number(),
      source: z.enum(['done', 'configured', 'stage', 'size']),
      note: z.string(),
    })
    .nullable(),
});

const NOT_RECORDED = {
  servers: { count: 1, max: null, source: 'assumed', note: 'not recorded' },
  dbTier: null,
} as const;

export const reviewSchema = z
  .looseObject({
    generatedAt: z.string(),
    period: z.looseObject({ key: z.string(), start: z.string() }).optional(),
    stage: z.looseObject({
      number: z.number().int(),
      name: z.string(),
      conversationsPerMonth: nullableRange,
      basis: z.enum(['conversations', 'dbStorage', 'default', 'done', 'configured', 'carried']),
    }),
    triggersFired: z.array(
      z.looseObject({ stage: z.number().int(), key: z.string(), text: z.string() }),
    ),
    indicators: z.array(indicatorSchema),
    recommendations: z.array(recommendationSchema),
    headline: z.string(),
    nextReviewAt: z.string(),
    dataQuality: z.looseObject({
      missing: z.array(z.enum(INDICATOR_KEYS)),
      stale: z.array(z.enum(INDICATOR_KEYS)),
      notes: z.array(z.string()),
    }),
    snapshot: metricsSnapshotSchema,
    comparedWith: z.string().nullable().default(null),
    forecasts: z.array(forecastSchema).default([]),
    infrastructure: infrastructureSchema.default({
      ...NOT_RECORDED,
      servers: { ...NOT_RECORDED.servers },
    }),
    estate: z
      .looseObject({
        stage: z.looseObject({
          number: z.number().int(),
          source: z.enum(['done', 'configured', 'carried', 'volume', 'storage', 'default']),
          note: z.string().optional(),
        }),
        measures: z.array(z.string()),
        monthlyCost: z.number().nullable(),
      })
      .optional(),
    outcomes: z.array(z.string()).optional(),
    cleared: z.array(z.string()).optional(),
    oneShot: z.boolean().optional(),
    trend: z
      .array(
        z.looseObject({
          key: z.string(),
          start: z.string(),
          readings: z.array(
            z.looseObject({
              indicator: z.enum(INDICATOR_KEYS),
              value: z.number(),
              threshold: z.number(),
            }),
          ),
        }),
      )
      .optional(),
  })
  .transform((r) => ({
    ...r,
    // Reviews stored before periods existed: their own time stands for the period.
    period: r.period ?? { key: 'unrecorded', start: r.generatedAt },
  })) satisfies z.ZodType<Review, unknown>;
