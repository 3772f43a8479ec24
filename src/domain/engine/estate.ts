import type { ConfiguredEstate, EstateChange } from '../estate-types.js';
import { formatNumber, formatStorageMb } from '../format.js';
import type { DbSize, Plan, Stage } from '../plan/schema.js';
import type { DbTierRef, ServerCountRef } from '../review-types.js';
import { tierStorageMb, tiersBySize } from './infrastructure.js';
import { firstStage, stageForConversations, stageForDbSize } from './stage.js';

/** Everything the review knows about what the team runs, before it is resolved. */
export interface EstateInput {
  /** `infrastructure:` in scale-review.yml. */
  configured: ConfiguredEstate;
  /** Changes recorded by the Done button, in any order. */
  changes: readonly EstateChange[];
  /** The stage the team was reviewed at in its latest earlier period, when there is one. */
  carriedStage: number | null;
}

export const NO_ESTATE: EstateInput = { configured: {}, changes: [], carriedStage: null };

/**
 * Where the stage comes from: a Done stage move, the config, the stage carried from the team's
 * earlier reviews, or (no earlier review) this review's volume, else its database size, else
 * stage 1.
 */
export const STAGE_SOURCES = [
  'done',
  'configured',
  'carried',
  'volume',
  'storage',
  'default',
] as const;
export type StageSource = (typeof STAGE_SOURCES)[number];

export interface EstateStage {
  stage: Stage;
  source: StageSource;
  /** Said when the stage is assumed rather than told. */
  note?: string;
}

export interface ResolvedEstate {
  stage: EstateStage;
  servers: ServerCountRef;
  /** Null when the database is a hosted plan without a `dbSizes` tier (stages 1–2). */
  dbTier: DbTierRef | null;
  /** The server size the team runs ("AWS t3.medium"): a Done resize, else the stage's server. */
  serverSize: string | null;
  measures: ReadonlySet<string>;
  monthlyCost: number | null;
  /** The changes in effect (not overridden by a later config edit), oldest first. */
  changes: readonly EstateChange[];
}

/** What this review measured that the estate falls back on. */
export interface EstateReadings {
  conversations: number | null;
  dbSizeMb: number | null;
  /** Servers reported by the metrics source (an auto-scaling group's in-service count). */
  serverCount: number | null;
}

type TrackedField = 'stage' | 'servers' | 'dbTier';

function byTime(changes: readonly EstateChange[]): EstateChange[] {
  return changes.toSorted((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id));
}

/**
 * The latest Done value of a field, unless the config changed that field since (the config is then
 * the newer word: a change remembers the configured value it was made against).
 */
function doneValue<F extends TrackedField>(
  field: F,
  configured: ConfiguredEstate,
  changes: readonly EstateChange[],
): { value: NonNullable<EstateChange['set'][F]>; change: EstateChange } | null {
  for (const change of changes.toReversed()) {
    const value = change.set[field];
    if (value === undefined) continue;
    if ((change.configured[field] ?? null) !== (configured[field] ?? null)) return null;
    return { value: value as NonNullable<EstateChange['set'][F]>, change };
  }
  return null;
}

function findStage(plan: Plan, number: number | null | undefined): Stage | null {
  if (number === null || number === undefined) return null;
  return plan.stages.find((s) => s.number === number) ?? null;
}

const ASSUMED_STAGE_HINT = 'set infrastructure.stage, or mark a stage move Done';

function resolveStage(
  plan: Plan,
  input: EstateInput,
  changes: readonly EstateChange[],
  readings: EstateReadings,
): EstateStage {
  const done = doneValue('stage', input.configured, changes);
  const fromDone = findStage(plan, done?.value);
  if (fromDone && done) return { stage: fromDone, source: 'done' };
  const configured = findStage(plan, input.configured.stage);
  if (configured) return { stage: configured, source: 'configured' };
  const carried = findStage(plan, input.carriedStage);
  const byVolume =
    readings.conversations === null ? null : stageForConversations(plan, readings.conversations);
  if (carried) {
    // Said only when the volume points elsewhere: the team may have moved without telling us.
    const differs = byVolume !== null && byVolume.number !== carried.number;
    return {
      stage: carried,
      source: 'carried',
      ...(differs && readings.conversations !== null
        ? {
            note: `stage ${carried.number} assumed from earlier reviews, though ${formatNumber(readings.conversations)} conversations/month is stage ${byVolume.number}'s range; ${ASSUMED_STAGE_HINT}`,
          }
        : {}),
    };
  }
  if (byVolume !== null) return { stage: byVolume, source: 'volume' };
  if (readings.dbSizeMb !== null) {
    const stage = stageForDbSize(plan, readings.dbSizeMb);
    return {
      stage,
      source: 'storage',
      note: `conversations/month unknown: stage ${stage.number} assumed from the database size (${formatStorageMb(readings.dbSizeMb)}); ${ASSUMED_STAGE_HINT}`,
    };
  }
  return {
    stage: firstStage(plan),
    source: 'default',
    note: `conversations/month and database size unknown: stage 1 assumed; ${ASSUMED_STAGE_HINT}`,
  };
}

function componentOf(stage: Stage, kind: 'server' | 'database') {
  return stage.components.find((c) => c.kind === kind);
}

function tierRef(tier: DbSize, source: DbTierRef['source'], note: string): DbTierRef {
  return {
    name: tier.name,
    storageGb: tier.storageGb,
    ramGb: tier.ramGb,
    vcpu: tier.vcpu,
    monthlyCost: tier.monthlyCost,
    source,
    note,
  };
}

/**
 * The database's tier: a Done upgrade, the configured tier, else the stage database's tier raised
 * to the smallest tier that holds the measured size (the conservative limit: an 88 GB database
 * cannot be on a 20 GB instance, and nothing says it is on a larger one). Beyond the largest tier:
 * the largest, said so. Null for a hosted plan without a tier (stages 1–2).
 */
function resolveDbTier(
  plan: Plan,
  stage: Stage,
  input: EstateInput,
  changes: readonly EstateChange[],
  dbSizeMb: number | null,
): DbTierRef | null {
  const tiers = tiersBySize(plan);
  const done = doneValue('dbTier', input.configured, changes);
  const doneTier = tiers.find((t) => t.name === done?.value);
  if (doneTier && done) return tierRef(doneTier, 'done', `marked done on the ${done.change.text}`);
  const configured = tiers.find((t) => t.name === input.configured.dbTier);
  if (configured) return tierRef(configured, 'configured', 'configured (infrastructure.dbTier)');
  const database = componentOf(stage, 'database');
  const stageTier = tiers.find((t) => t.name === database?.tier);
  if (!database || !stageTier) return null;
  if (dbSizeMb === null || dbSizeMb <= tierStorageMb(stageTier)) {
    return tierRef(
      stageTier,
      'stage',
      `assumed: stage ${stage.number}'s ${database.name} (${stageTier.name}); set infrastructure.dbTier`,
    );
  }
  const holding = tiers.find((t) => tierStorageMb(t) >= dbSizeMb);
  const largest = tiers.at(-1) ?? stageTier;
  const size = formatStorageMb(dbSizeMb);
  if (!holding) {
    return tierRef(
      largest,
      'size',
      `assumed: ${size} is beyond the plan's largest tier (${largest.name}); set infrastructure.dbTier`,
    );
  }
  return tierRef(
    holding,
    'size',
    `assumed: the smallest tier that holds ${size} (it does not fit stage ${stage.number}'s ${database.name}); set infrastructure.dbTier`,
  );
}

function resolveServers(
  stage: Stage,
  input: EstateInput,
  changes: readonly EstateChange[],
  serverCount: number | null,
): ServerCountRef {
  const max = componentOf(stage, 'server')?.instances?.max ?? null;
  const done = doneValue('servers', input.configured, changes);
  if (done) {
    return { count: done.value, max, source: 'done', note: `marked done: ${done.change.text}` };
  }
  if (input.configured.servers !== undefined) {
    return { count: input.configured.servers, max, source: 'configured', note: 'configured' };
  }
  if (serverCount !== null) {
    return { count: serverCount, max, source: 'metrics', note: 'from the metrics source' };
  }
  const count = componentOf(stage, 'server')?.instances?.min ?? 1;
  return {
    count,
    max,
    source: 'assumed',
    note: `assumed: stage ${stage.number}'s minimum; set infrastructure.servers`,
  };
}

/** The changes still in effect: a field a later config edit overrode no longer counts. */
function inEffect(configured: ConfiguredEstate, changes: readonly EstateChange[]): EstateChange[] {
  const fields: TrackedField[] = ['stage', 'servers', 'dbTier'];
  return changes.filter((change) =>
    fields.every((f) => {
      if (change.set[f] === undefined) return true;
      return (change.configured[f] ?? null) === (configured[f] ?? null);
    }),
  );
}

/**
 * What the team runs, resolved field by field: the latest Done change, else the config, else what
 * the review can assume (and says it assumes). Pure.
 */
export function resolveEstate(
  plan: Plan,
  input: EstateInput,
  readings: EstateReadings,
): ResolvedEstate {
  const changes = byTime(input.changes);
  const stage = resolveStage(plan, input, changes, readings);
  const measures = new Set<string>(input.configured.measures ?? []);
  for (const change of changes) for (const m of change.set.measures ?? []) measures.add(m);
  const resized = changes.toReversed().find((c) => c.set.serverSize !== undefined);
  return {
    stage,
    servers: resolveServers(stage.stage, input, changes, readings.serverCount),
    dbTier: resolveDbTier(plan, stage.stage, input, changes, readings.dbSizeMb),
    serverSize: resized?.set.serverSize ?? componentOf(stage.stage, 'server')?.name ?? null,
    measures,
    monthlyCost: input.configured.monthlyCost ?? null,
    changes: inEffect(input.configured, changes),
  };
}
