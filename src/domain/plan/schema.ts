import { z } from 'zod';
import { METRIC_CATALOG } from '../catalog/catalog.js';
import { INDICATOR_KEYS, keyedBy } from '../catalog/derive.js';

/** A numeric range; `max: null` means open-ended ("20K+", "$213+"). */
export const rangeSchema = z
  .strictObject({
    min: z.number().finite().nonnegative(),
    max: z.number().finite().nonnegative().nullable(),
  })
  .refine((r) => r.max === null || r.max >= r.min, { message: 'max must be >= min' });
export type Range = z.infer<typeof rangeSchema>;

/** The two-sided intervals a forecast's range may use (`forecast.intervalPercent`). */
export const INTERVAL_PERCENTS = [80, 90] as const;
export type IntervalPercent = (typeof INTERVAL_PERCENTS)[number];

export const COMPONENT_KINDS = [
  'server',
  'database',
  'email',
  'redis',
  'loadBalancer',
  'cdn',
  'monitoring',
] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

export const componentSchema = z.strictObject({
  kind: z.enum(COMPONENT_KINDS),
  name: z.string().min(1),
  /** Monthly cost in USD. Usage-priced components (SES) carry `usagePrice` and a 0..0 range. */
  monthlyCost: rangeSchema,
  usagePrice: z.string().min(1).optional(),
  alternative: z.string().min(1).optional(),
  /** Servers: how many instances the component stands for ("2× t3.small", "2-5× t3.large"). */
  instances: rangeSchema.optional(),
  /** Databases: the `dbSizes` tier this database is (an RDS instance); absent for hosted plans. */
  tier: z.string().min(1).optional(),
});
export type Component = z.infer<typeof componentSchema>;

export type { IndicatorKey } from '../catalog/catalog.js';
export { INDICATOR_KEYS } from '../catalog/derive.js';

/**
 * A "when to scale" trigger of a stage. `metric` triggers compare an indicator value;
 * `manual` triggers (e.g. "multiple servers needed") cannot be measured and are shown as a reminder.
 */
export const triggerSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('metric'),
    key: z.string().min(1),
    indicator: z.enum(INDICATOR_KEYS),
    above: z.number().finite().nonnegative(),
    consistently: z.boolean().default(false),
    text: z.string().min(1),
  }),
  z.strictObject({ kind: z.literal('manual'), key: z.string().min(1), text: z.string().min(1) }),
]);
export type StageTrigger = z.infer<typeof triggerSchema>;

export const stageSchema = z.strictObject({
  number: z.number().int().min(1),
  name: z.string().min(1),
  /** Conversations per month. A stage covers (min, max]: exactly 1,000 is still stage 1. */
  conversationsPerMonth: rangeSchema,
  teamSize: rangeSchema,
  components: z.array(componentSchema).min(1),
  totalCost: rangeSchema,
  plusWhatsAppFees: z.boolean(),
  /** Database storage above which this stage's database is outgrown (MB, 1 GB = 1024 MB). */
  dbStorageLimitMb: z.number().finite().positive(),
  triggers: z.array(triggerSchema),
  /** What to do when the projected volume enters this stage. */
  entryAction: z.string().min(1),
  /** Work with a lead time that must start before the stage is entered (e.g. a DB migration). */
  prepare: z
    .strictObject({ atConversations: z.number().finite().nonnegative(), action: z.string().min(1) })
    .optional(),
});
export type Stage = z.infer<typeof stageSchema>;

/** Thresholds of one monitoring indicator. `over` is strict: a value equal to `over` is `approaching`. */
export const thresholdSchema = z
  .strictObject({
    label: z.string().min(1),
    /** Value from which the indicator is `approaching` (inclusive). */
    approaching: z.number().finite().nonnegative(),
    /** Value above which the indicator is `over` (strict). */
    over: z.number().finite().nonnegative(),
    /** Value above which the indicator is `critical` (strict): it acts at once, unconfirmed. */
    critical: z.number().finite().nonnegative(),
    /** How the panel words the threshold: "consider scaling at >75%" or "target <500ms". */
    wording: z.enum(['considerAt', 'target']),
  })
  .superRefine((t, ctx) => {
    // An `over` given alone moves the others (derive.ts): these are values the file gave.
    if (t.approaching > t.over) {
      ctx.addIssue({
        code: 'custom',
        path: ['approaching'],
        message: `expected <= over (${t.over}), got ${t.approaching}: lower approaching, or set over too (e.g. over: ${t.approaching})`,
      });
    }
    if (t.over > t.critical) {
      ctx.addIssue({
        code: 'custom',
        path: ['critical'],
        message: `expected >= over (${t.over}), got ${t.critical}: raise critical, or set over too (e.g. over: ${t.critical})`,
      });
    }
  });
export type Threshold = z.infer<typeof thresholdSchema>;

/** Days an action takes from the decision to being live (docs/plan.md, "Decision dates"). */
export const leadDaysSchema = z
  .strictObject({ min: z.number().int().min(0).max(365), max: z.number().int().min(0).max(365) })
  .refine((r) => r.max >= r.min, { message: 'max must be >= min' });
export type LeadDays = z.infer<typeof leadDaysSchema>;

export const playbookActionSchema = z.strictObject({
  key: z.string().min(1),
  title: z.string().min(1),
  /** The indicators this action answers. */
  answers: z.array(z.enum(INDICATOR_KEYS)).min(1),
  impact: z.string().min(1),
  /** Change in monthly cost, USD (negative saves money); null where the seed states no price. */
  monthlyCostChange: z
    .strictObject({ min: z.number().finite(), max: z.number().finite().nullable() })
    .nullable(),
  /** Lowest stage where the action applies (e.g. horizontal scaling needs a load balancer). */
  fromStage: z.number().int().min(1).default(1),
  /**
   * The stage component the action runs on (Redis caching: `redis`; a CDN: `cdn`). When the
   * current stage already has one, the action is no new spending: it uses what the stage pays for.
   */
  uses: z.enum(COMPONENT_KINDS).optional(),
  detail: z.string().min(1).optional(),
  /** Days from deciding to the change being live: the decision date is the crossing minus the longest. */
  leadDays: leadDaysSchema.optional(),
});
export type PlaybookAction = z.infer<typeof playbookActionSchema>;

export const dbSizeSchema = z.strictObject({
  name: z.string().min(1),
  storageGb: z.number().positive(),
  ramGb: z.number().positive(),
  vcpu: z.number().int().positive(),
  monthlyCost: z.number().nonnegative(),
});
export type DbSize = z.infer<typeof dbSizeSchema>;

/** A stage move, as a response: the plan's answer when an indicator outgrows the stage. */
export const STAGE_UPGRADE_RESPONSE = 'stage-upgrade';

const responseListSchema = z.array(z.string().min(1));

/**
 * Which actions answer an indicator at each level, in order of preference: the first that applies
 * at the current stage is recommended (a playbook key, or `stage-upgrade`). When none applies the
 * review recommends investigating the indicator.
 */
export const levelResponsesSchema = z.strictObject({
  approaching: responseListSchema,
  over: responseListSchema,
  critical: responseListSchema,
});
export type LevelResponses = z.infer<typeof levelResponsesSchema>;

const PANEL_INDICATORS = METRIC_CATALOG.indicators.filter((spec) => spec.kind === 'panel');

export const planSchema = z
  .strictObject({
    stages: z.array(stageSchema).min(1),
    /**
     * One per panel indicator of the catalog (DB connections: percents of the pool maximum).
     * The stage indicators' levels come from the stages instead.
     */
    thresholds: z.strictObject(keyedBy(PANEL_INDICATORS, () => thresholdSchema)),
    /** `approaching` band for the stage-dependent indicators (DB storage, conversations), as a share of the limit. */
    stageApproachingRatio: z.number().gt(0).lte(1),
    /**
     * DB storage against its hard limit (the stage's database, or its `dbSizes` tier): without a
     * stage trigger it is `over` at `overRatio` of the limit, and `critical` at `criticalRatio`.
     * A tier recommended by sizing must hold the projected size under `overRatio`.
     */
    storage: z
      .strictObject({ overRatio: z.number().gt(0).lte(1), criticalRatio: z.number().gt(0).lte(1) })
      .refine((s) => s.overRatio <= s.criticalRatio, {
        message: 'criticalRatio must be >= overRatio',
        path: ['criticalRatio'],
      }),
    /** One per indicator of the catalog. */
    responses: z.strictObject(keyedBy(METRIC_CATALOG.indicators, () => levelResponsesSchema)),
    dbSizes: z.array(dbSizeSchema).min(1),
    additionalServerCost: rangeSchema,
    helpdesk: z.strictObject({
      name: z.string().min(1),
      pricePerAgentMonthly: z.number().nonnegative(),
      exampleAgents: z.number().int().positive(),
    }),
    playbook: z.array(playbookActionSchema).min(1),
    growth: z.strictObject({
      defaultMonthlyPercent: z.number().finite().min(-100),
      defaultMonths: z.number().int().min(1).max(120),
      /**
       * The longest projection: more months are capped to it, and the answer says so (compound
       * growth that far out is no forecast: 80%/month for 120 months is 4×10³⁶ conversations).
       */
      maxMonths: z.number().int().min(1).max(120),
      /** The projection's action when no stage milestone is crossed within the horizon. */
      noChangeAction: z.string().min(1),
    }),
    review: z.strictObject({ intervalDays: z.number().int().min(1).max(90) }),
    /** Lead times of the actions that are not playbook entries, and the default for those without one. */
    leadDays: z.strictObject({
      stageMove: leadDaysSchema,
      investigate: leadDaysSchema,
      default: leadDaysSchema,
    }),
    /**
     * Servers are sized so the fleet runs at or under `targetPercent` CPU at the busy hour, and
     * losing `spares` of them keeps the rest at or under the `over` threshold (N+1).
     */
    sizing: z.strictObject({
      targetPercent: z.number().gt(0).max(100),
      spares: z.number().int().min(0).max(10),
    }),
    /** Over-provisioned this many periods in a row (and no change in them): advise scaling down. */
    scaleDown: z.strictObject({
      periods: z.number().int().min(2).max(52),
      /** A lower stage is suggested only this far under its top (0.1: 10%), so a wobble does not flap. */
      margin: z.number().min(0).lt(1),
    }),
    /** After a Done, reviews show before and after for this many periods. */
    outcome: z.strictObject({ periods: z.number().int().min(1).max(52) }),
    hysteresis: z.strictObject({
      breaches: z.number().int().min(1),
      ofLast: z.number().int().min(1),
    }),
    forecast: z.strictObject({
      /** Earlier review periods read for trends and forecasts (and hysteresis). */
      lookbackPeriods: z.number().int().min(2).max(52),
      /** Observations (periods) a trend needs, counting the current one. */
      minObservations: z.number().int().min(3).max(52),
      /** Crossings further out than this are reported as "not within N weeks", without a date. */
      horizonWeeks: z.number().int().min(1).max(104),
      /** The two-sided interval of a forecast's range (Student's t on the trend's slope): 80 or 90. */
      intervalPercent: z.literal(INTERVAL_PERCENTS),
    }),
  })
  .superRefine((plan, ctx) => {
    if (plan.sizing.targetPercent > plan.thresholds.cpu.over) {
      ctx.addIssue({
        code: 'custom',
        path: ['sizing', 'targetPercent'],
        message: `must be at most thresholds.cpu.over (${plan.thresholds.cpu.over}): servers sized to the target must not re-flag`,
      });
    }
    if (plan.growth.defaultMonths > plan.growth.maxMonths) {
      ctx.addIssue({
        code: 'custom',
        path: ['growth', 'defaultMonths'],
        message: `must be at most growth.maxMonths (${plan.growth.maxMonths})`,
      });
    }
    plan.stages.forEach((stage, i) => {
      if (stage.number !== i + 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['stages', i, 'number'],
          message: `expected stage number ${i + 1}`,
        });
      }
      const prev = plan.stages[i - 1];
      if (prev && prev.conversationsPerMonth.max !== stage.conversationsPerMonth.min) {
        ctx.addIssue({
          code: 'custom',
          path: ['stages', i, 'conversationsPerMonth', 'min'],
          message: `must equal the previous stage's max (${prev.conversationsPerMonth.max})`,
        });
      }
    });
    checkPlanReferences(plan, ctx);
    if (plan.hysteresis.breaches > plan.hysteresis.ofLast) {
      ctx.addIssue({
        code: 'custom',
        path: ['hysteresis', 'breaches'],
        message: 'must be <= ofLast',
      });
    }
  });
export type Plan = z.infer<typeof planSchema>;

type PlanShape = Pick<Plan, 'stages' | 'dbSizes' | 'playbook' | 'responses'>;

/** Names that must point somewhere: database tiers and responses. */
function checkPlanReferences(plan: PlanShape, ctx: z.RefinementCtx): void {
  const tiers = new Set(plan.dbSizes.map((t) => t.name));
  plan.stages.forEach((stage, i) => {
    stage.components.forEach((component, j) => {
      if (component.tier !== undefined && !tiers.has(component.tier)) {
        ctx.addIssue({
          code: 'custom',
          path: ['stages', i, 'components', j, 'tier'],
          message: `must be one of the dbSizes names (${[...tiers].join(', ')})`,
        });
      }
    });
  });
  // An empty playbook is already an error of its own; every response would repeat it.
  if (plan.playbook.length === 0) return;
  const actions = new Set([...plan.playbook.map((a) => a.key), STAGE_UPGRADE_RESPONSE]);
  for (const [indicator, levels] of Object.entries(plan.responses)) {
    for (const [level, keys] of Object.entries(levels)) {
      keys.forEach((key, k) => {
        if (actions.has(key)) return;
        ctx.addIssue({
          code: 'custom',
          path: ['responses', indicator, level, k],
          message: `must be a playbook key or ${STAGE_UPGRADE_RESPONSE} (${[...actions].join(', ')})`,
        });
      });
    }
  }
}
