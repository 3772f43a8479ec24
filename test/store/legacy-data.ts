/**
 * Data as version 1 of the store wrote it (before observations, message views and action keys),
 * for the migration tests of both adapters. Each adapter test writes it in its own old shape
 * (a v1 SQLite file, raw MongoDB documents) and checks the result with expectMigrated().
 */
import { expect } from 'vitest';
import type { Review } from '../../src/domain/review-types.js';
import type { ObservationRecord, ReviewSource, Store } from '../../src/store/ports.js';
import { sampleReview } from './fixtures.js';

export const TEAM_A = 'TLEGACYA';
export const TEAM_B = 'TLEGACYB';
export const MIGRATED_AT = new Date('2026-01-05T12:00:00.000Z');

/** A source as version 1 stored it: one `kind`, who asked or where the numbers came from. */
export interface LegacySource {
  kind: 'slack' | 'cli' | 'digest' | 'cloudwatch' | 'file' | 'url';
  detail?: string;
}

export interface LegacyReview {
  name: string;
  teamId: string;
  channelId: string | null;
  createdAt: Date;
  source: LegacySource;
  /** null: a malformed review (its stored body fails validation). */
  review: Review | null;
}

function review(cpu: number, stage = 2, stale: Review['dataQuality']['stale'] = []): Review {
  const base = sampleReview({ cpu, headline: `cpu ${cpu}` });
  return {
    ...base,
    stage: { ...base.stage, number: stage },
    dataQuality: { ...base.dataQuality, stale },
    snapshot: { cpuPercent: cpu, conversationsPerMonth: 2400 },
  };
}

const d = (iso: string) => new Date(iso);

/** In insertion order. r2 and r3 share createdAt: r3, inserted later, is the latest. */
export const LEGACY_REVIEWS: LegacyReview[] = [
  {
    name: 'r1',
    teamId: TEAM_A,
    channelId: 'C1',
    createdAt: d('2025-12-01T09:00:00Z'),
    source: { kind: 'cli' },
    review: review(60),
  },
  {
    name: 'r2',
    teamId: TEAM_A,
    channelId: 'C2',
    createdAt: d('2025-12-03T10:00:00Z'),
    source: { kind: 'slack' },
    review: review(70),
  },
  {
    name: 'r3',
    teamId: TEAM_A,
    channelId: 'C1',
    createdAt: d('2025-12-03T10:00:00Z'),
    source: { kind: 'digest', detail: 'weekly' },
    review: review(71, 2, ['cpu', 'dbConnections']),
  },
  {
    name: 'r4',
    teamId: TEAM_A,
    channelId: null,
    createdAt: d('2025-12-08T08:00:00Z'),
    source: { kind: 'file', detail: 'snapshot.json' },
    review: review(76, 3),
  },
  {
    name: 'r5',
    teamId: TEAM_A,
    channelId: 'C1',
    createdAt: d('2025-11-30T23:30:00Z'),
    source: { kind: 'cloudwatch', detail: 'AWS/EC2 eu-west-1' },
    review: review(55),
  },
  {
    name: 'r6',
    teamId: TEAM_B,
    channelId: 'C9',
    createdAt: d('2025-12-02T09:00:00Z'),
    source: { kind: 'slack' },
    review: review(40),
  },
  {
    name: 'r7',
    teamId: TEAM_A,
    channelId: 'C1',
    createdAt: d('2025-12-15T09:00:00Z'),
    source: { kind: 'slack' },
    review: review(80),
  },
  {
    name: 'r8',
    teamId: TEAM_A,
    channelId: 'C1',
    createdAt: d('2025-12-16T09:00:00Z'),
    source: { kind: 'slack' },
    review: null,
  },
];

export interface LegacyDecision {
  name: string;
  teamId: string;
  /** A LEGACY_REVIEWS name, or null for a review that is gone. */
  review: string | null;
  key: string;
  /** The key after the migration. */
  migratedKey: string;
  at: Date;
}

export const LEGACY_DECISIONS: LegacyDecision[] = [
  {
    name: 'd1',
    teamId: TEAM_A,
    review: 'r3',
    key: 'cpu:redis-caching',
    migratedKey: 'redis-caching',
    at: d('2025-12-03T11:00:00Z'),
  },
  {
    name: 'd2',
    teamId: TEAM_A,
    review: 'r4',
    key: 'dbStorage:stage-upgrade',
    migratedKey: 'stage-upgrade:4',
    at: d('2025-12-08T09:00:00Z'),
  },
  {
    name: 'd3',
    teamId: TEAM_A,
    review: null,
    key: 'trigger:stage2-cpu',
    migratedKey: 'trigger:stage2-cpu',
    at: d('2025-12-08T09:01:00Z'),
  },
  {
    name: 'd4',
    teamId: TEAM_A,
    review: null,
    key: 'errorRate:investigate',
    migratedKey: 'investigate:errorRate',
    at: d('2025-12-08T09:02:00Z'),
  },
  {
    name: 'd5',
    teamId: TEAM_A,
    review: 'r1',
    key: 'redis-caching',
    migratedKey: 'redis-caching',
    at: d('2025-12-08T09:03:00Z'),
  },
  {
    name: 'd6',
    teamId: TEAM_B,
    review: 'r6',
    key: 'trigger:stage2-cpu',
    migratedKey: 'stage-upgrade:3',
    at: d('2025-12-02T09:05:00Z'),
  },
];

/** What the migration must have built, written out by hand (7-day periods). */
function expectedObservations(ids: Record<string, string>): ObservationRecord[] {
  const id = (name: string) => {
    const value = ids[name];
    if (value === undefined) throw new Error(`no id for ${name}`);
    return value;
  };
  const observation = (
    teamId: string,
    periodKey: string,
    periodStart: string,
    name: string,
    cpu: number,
    source: ReviewSource,
    at: string,
    quality: ObservationRecord['quality'] = [],
  ): ObservationRecord => ({
    teamId,
    periodKey,
    periodStart: d(periodStart),
    at: d(at),
    snapshot: { cpuPercent: cpu, conversationsPerMonth: 2400 },
    quality,
    source,
    message: { reviewId: id(name), hash: 'migrated' },
    updatedAt: MIGRATED_AT,
  });
  return [
    observation(
      TEAM_A,
      '2025-W48',
      '2025-11-24T00:00:00Z',
      'r5',
      55,
      { requestedBy: null, metricsFrom: 'cloudwatch', detail: 'AWS/EC2 eu-west-1' },
      '2025-11-30T23:30:00Z',
    ),
    observation(
      TEAM_A,
      '2025-W49',
      '2025-12-01T00:00:00Z',
      'r3',
      71,
      { requestedBy: 'digest', metricsFrom: null, detail: 'weekly' },
      '2025-12-03T10:00:00Z',
      [
        { metric: 'cpuPercent', issue: 'stale', detail: 'migrated' },
        { metric: 'dbConnections', issue: 'stale', detail: 'migrated' },
      ],
    ),
    observation(
      TEAM_A,
      '2025-W50',
      '2025-12-08T00:00:00Z',
      'r4',
      76,
      { requestedBy: null, metricsFrom: 'file', detail: 'snapshot.json' },
      '2025-12-08T08:00:00Z',
    ),
    observation(
      TEAM_A,
      '2025-W51',
      '2025-12-15T00:00:00Z',
      'r7',
      80,
      { requestedBy: 'slack', metricsFrom: null },
      '2025-12-15T09:00:00Z',
    ),
    observation(
      TEAM_B,
      '2025-W49',
      '2025-12-01T00:00:00Z',
      'r6',
      40,
      { requestedBy: 'slack', metricsFrom: null },
      '2025-12-02T09:00:00Z',
    ),
  ];
}

const WEEKS = ['2025-W47', '2025-W48', '2025-W49', '2025-W50', '2025-W51', '2025-W52'];

/** Every observation of the legacy teams, team A first. */
export async function legacyObservations(store: Store): Promise<ObservationRecord[]> {
  return [
    ...(await store.observations.getMany(TEAM_A, WEEKS)),
    ...(await store.observations.getMany(TEAM_B, WEEKS)),
  ];
}

/**
 * The store holds the observations built from the legacy reviews and the migrated decision keys.
 * `ids` maps LEGACY_REVIEWS / LEGACY_DECISIONS names to the ids the adapter gave them.
 */
export async function expectMigrated(store: Store, ids: Record<string, string>): Promise<void> {
  expect(await legacyObservations(store)).toEqual(expectedObservations(ids));
  const decisions = [
    ...(await store.decisions.listRecent(TEAM_A, 100)),
    ...(await store.decisions.listRecent(TEAM_B, 100)),
  ];
  const keys = Object.fromEntries(decisions.map((x) => [x.id, x.recommendationKey]));
  for (const legacy of LEGACY_DECISIONS) {
    expect(keys[ids[legacy.name] ?? ''], legacy.name).toBe(legacy.migratedKey);
  }
  expect(decisions).toHaveLength(LEGACY_DECISIONS.length);
  // Reviews stay readable as they were, without a view; their one-`kind` source is split.
  const r3 = await store.reviews.get(ids.r3 ?? '');
  expect(r3?.review.headline).toBe('cpu 71');
  expect(r3).not.toHaveProperty('view');
  expect(r3?.source).toEqual({ requestedBy: 'digest', metricsFrom: null, detail: 'weekly' });
  const r5 = await store.reviews.get(ids.r5 ?? '');
  expect(r5?.source).toEqual({
    requestedBy: null,
    metricsFrom: 'cloudwatch',
    detail: 'AWS/EC2 eu-west-1',
  });
}

/** The number of observations and rewritten keys the legacy data migrates to. */
export const MIGRATED_COUNTS = { observations: 5, decisionKeys: 4 };
