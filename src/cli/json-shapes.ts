import type {
  CostReport,
  GrowthSource,
  Projection,
  StageCost,
} from '../domain/projection-types.js';
import type {
  ActionState,
  Forecast,
  IndicatorStatus,
  IndicatorUnit,
  InfrastructureFacts,
  Recommendation,
  RecommendationBasis,
  RecommendationReason,
  Review,
  Severity,
  Sizing,
} from '../domain/review-types.js';
import type { MetricsSourceInfo, MetricsSourceKind } from '../metrics/port.js';

/**
 * The stable `--json` output shapes, documented in the README. Fields are only ever added, never
 * renamed or removed; the engine's richer internal types are mapped onto these explicitly.
 */
export interface StageJson {
  number: number;
  name: string;
}

export interface StatusJson {
  stage: StageJson;
  indicators: {
    key: string;
    label: string;
    value: number | null;
    unit: IndicatorUnit;
    threshold: number | null;
    /** The critical level (acts at once), or null when the indicator has none. */
    critical: number | null;
    status: IndicatorStatus;
    /** Change against the previous period's observation, or null. */
    delta: number | null;
  }[];
  recommendations: {
    key: string;
    severity: Severity;
    text: string;
    /** A null bound is open ("$128 or more", "up to $587"). */
    monthlyCostChange: { min: number | null; max: number | null } | null;
    costNote: string | null;
    /** Every indicator and trigger that calls for the action. */
    reasons: RecommendationReason[];
    sizing: Sizing | null;
    alternatives: string[];
    /** evidence, forecast or saving. */
    basis: RecommendationBasis;
    /** open, acknowledged, snoozed or done (null: the CLI read no decisions). */
    state: ActionState | null;
    /** When to decide (ISO), for an action a forecast dates. */
    decideBy: string | null;
    relief: Recommendation['relief'] | null;
    includes: string[];
  }[];
  /** When each indicator is expected to cross its threshold and critical level. */
  forecasts: Forecast[];
  /** The servers and database tier the sizing started from, and where each came from. */
  infrastructure: InfrastructureFacts;
  /** The review period of the observation ("2026-W49"). */
  period: string;
  headline: string;
  /** ISO 8601 instant. */
  nextReviewAt: string;
  dataQuality: { missing: string[]; stale: string[] };
  /** Where the metrics came from and what they cost (GetMetricData is billed per metric). */
  source: {
    kind: MetricsSourceKind;
    /** "CloudWatch, us-east-1, 7 days to Mon 09:00 UTC", "file week.json", "stdin". */
    description: string;
    apiCalls: number;
    metricsRequested: number;
  } & SourceDetailJson;
  /** The stored review's id with `--save`, else null. */
  reviewId: string | null;
}

/** Where exactly, how fresh, and (several sources) each source with its metrics and failure. */
export interface SourceDetailJson {
  /** The terminal's line: may name a file path or a host (never a secret). */
  detail?: string;
  window?: { start: string; end: string; periodSeconds: number };
  /** A cached result's age in milliseconds, and whether it is older than the cache TTL. */
  ageMs?: number;
  stale?: boolean;
  /** With several sources: the metrics this one supplies, and why it failed (its metrics unknown). */
  metrics?: string[];
  failed?: string;
  sources?: ({ kind: MetricsSourceKind; description: string } & SourceDetailJson)[];
}

function sourceDetailJson(source: MetricsSourceInfo): SourceDetailJson {
  return {
    ...(source.detail === undefined ? {} : { detail: source.detail }),
    ...(source.window === undefined ? {} : { window: { ...source.window } }),
    ...(source.ageMs === undefined ? {} : { ageMs: source.ageMs }),
    ...(source.stale === undefined ? {} : { stale: source.stale }),
    ...(source.metrics === undefined ? {} : { metrics: [...source.metrics] }),
    ...(source.failed === undefined ? {} : { failed: source.failed }),
    ...(source.sources === undefined
      ? {}
      : {
          sources: source.sources.map((s) => ({
            kind: s.kind,
            description: s.description,
            ...sourceDetailJson(s),
          })),
        }),
  };
}

export interface ProjectJson {
  volume: number;
  growthPercent: number;
  growthSource: GrowthSource;
  /** The months projected: those asked for, capped at the plan's growth.maxMonths. */
  months: number;
  /** The months asked for when the cap applied, else null. */
  cappedFrom: number | null;
  /** Month 0 is now; volumes rounded to whole conversations. */
  rows: { month: number; volume: number; stage: number }[];
  projectedVolume: number;
  currentStage: StageJson;
  projectedStage: StageJson;
  crossings: {
    month: number;
    kind: 'stage' | 'trigger' | 'prepare';
    stage: number;
    atConversations: number;
    text: string;
  }[];
  action: string;
}

export interface MoneyRangeJson {
  min: number;
  /** null = open-ended ("$213+"). */
  max: number | null;
}

export interface StageCostJson {
  stage: StageJson;
  components: { kind: string; name: string; monthlyCost: MoneyRangeJson }[];
  totalCost: MoneyRangeJson;
  plusWhatsAppFees: boolean;
}

export interface CostJson {
  /** Where the current stage came from: the metrics, or stage 1 when there are none. */
  currentStageSource: 'metrics' | 'default';
  current: StageCostJson;
  target: StageCostJson;
  /** A null bound is open (src/domain/cost-change.ts). */
  delta: { min: number | null; max: number | null };
  helpdesk: {
    name: string;
    agents: number;
    pricePerAgentMonthly: number;
    monthly: number;
    savings: { min: number | null; max: number };
  };
}

export function statusJson(
  review: Review,
  source: MetricsSourceInfo,
  reviewId: string | null,
): StatusJson {
  return {
    stage: { number: review.stage.number, name: review.stage.name },
    indicators: review.indicators.map((i) => ({
      key: i.key,
      label: i.label,
      value: i.value,
      unit: i.unit,
      threshold: i.threshold,
      critical: i.critical,
      status: i.status,
      delta: i.delta,
    })),
    recommendations: review.recommendations.map((r) => ({
      key: r.key,
      severity: r.severity,
      text: r.text,
      monthlyCostChange: r.monthlyCostChange,
      costNote: r.costNote ?? null,
      reasons: r.reasons,
      sizing: r.sizing ?? null,
      alternatives: r.alternatives ?? [],
      basis: r.basis,
      state: r.state ?? null,
      decideBy: r.decideBy ?? null,
      relief: r.relief ?? null,
      includes: r.includes ?? [],
    })),
    forecasts: review.forecasts,
    infrastructure: review.infrastructure,
    period: review.period.key,
    headline: review.headline,
    nextReviewAt: review.nextReviewAt,
    dataQuality: { missing: [...review.dataQuality.missing], stale: [...review.dataQuality.stale] },
    source: {
      kind: source.kind,
      description: source.description,
      apiCalls: source.apiCalls,
      metricsRequested: source.metricsRequested,
      ...sourceDetailJson(source),
    },
    reviewId,
  };
}

export function projectJson(projection: Projection): ProjectJson {
  const { request } = projection;
  return {
    volume: request.volume,
    growthPercent: request.monthlyGrowthPercent,
    growthSource: request.growthSource,
    months: request.months,
    cappedFrom: projection.cappedFrom,
    rows: projection.rows.map((r) => ({
      month: r.month,
      volume: Math.round(r.volume),
      stage: r.stage,
    })),
    projectedVolume: projection.projectedVolume,
    currentStage: { ...projection.currentStage },
    projectedStage: { ...projection.projectedStage },
    crossings: projection.crossings.map((c) => ({
      month: c.month,
      kind: c.kind,
      stage: c.stage,
      atConversations: c.atConversations,
      text: c.text,
    })),
    action: projection.action,
  };
}

function stageCostJson(cost: StageCost): StageCostJson {
  return {
    stage: { number: cost.stage.number, name: cost.stage.name },
    components: cost.components.map((c) => ({
      kind: c.kind,
      name: c.name,
      monthlyCost: { min: c.monthlyCost.min, max: c.monthlyCost.max },
    })),
    totalCost: { min: cost.totalCost.min, max: cost.totalCost.max },
    plusWhatsAppFees: cost.plusWhatsAppFees,
  };
}

export function costJson(
  report: CostReport,
  currentStageSource: CostJson['currentStageSource'],
): CostJson {
  const { helpdesk } = report;
  return {
    currentStageSource,
    current: stageCostJson(report.current),
    target: stageCostJson(report.target),
    delta: { min: report.delta.min, max: report.delta.max },
    helpdesk: {
      name: helpdesk.name,
      agents: helpdesk.agents,
      pricePerAgentMonthly: helpdesk.pricePerAgentMonthly,
      monthly: helpdesk.monthly,
      savings: { min: helpdesk.savings.min, max: helpdesk.savings.max },
    },
  };
}
