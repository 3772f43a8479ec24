import {
  HEALTHY,
  INVESTIGATE,
  INVESTIGATE_NOW,
  OPTIMISE,
  OPTIMISE_NOW,
  RIGHT_SIZE,
  SCALE,
  SCALE_NOW,
  WATCH,
} from './headlines.js';
import { GB, type Scenario } from './scenario.js';

const cpu = (...values: number[]) => values.map((v) => ({ cpuPercent: v }));

/** Class 4: symptoms are not purchases; saturation buys capacity. */
export const SYMPTOM: Scenario[] = [
  {
    id: 'SY1',
    klass: 'symptom',
    title: '8% errors with CPU at 40%: investigate now, no server',
    base: 3,
    weeks: [{}, {}, { errorRatePercent: 8, cpuPercent: 40 }],
    expect: {
      headline: INVESTIGATE_NOW,
      actions: [{ key: 'investigate:errorRate', severity: 'critical' }],
      absent: ['horizontal-scaling'],
      says: [/last deploy/],
    },
  },
  {
    id: 'SY2',
    klass: 'symptom',
    title: '3% errors two weeks with healthy saturation: investigate',
    base: 3,
    weeks: [{ errorRatePercent: 3 }, { errorRatePercent: 3 }],
    expect: {
      headline: INVESTIGATE,
      actions: [{ key: 'investigate:errorRate', severity: 'act' }],
      absent: ['horizontal-scaling'],
    },
  },
  {
    id: 'SY3',
    klass: 'symptom',
    title: '3% errors with CPU over 75%: the errors join the capacity action',
    base: 3,
    estate: { servers: 2 },
    weeks: [
      { errorRatePercent: 3, cpuPercent: 85 },
      { errorRatePercent: 3, cpuPercent: 85 },
    ],
    expect: {
      headline: SCALE,
      actions: [{ key: /horizontal-scaling|stage-upgrade:4/, severity: 'act' }],
      absent: ['investigate:errorRate'],
      says: [/Error Rate 3%/],
    },
  },
  {
    id: 'SY4',
    klass: 'symptom',
    title: 'P95 of 3 s with idle CPU: the free critical indexes first, now',
    base: 3,
    weeks: [{}, {}, { responseTimeP95Ms: 3000, cpuPercent: 20 }],
    expect: {
      headline: OPTIMISE_NOW,
      actions: [{ key: 'critical-indexes', severity: 'critical', cost: { min: 0, max: 0 } }],
      absent: ['horizontal-scaling'],
      says: [/10-100× faster/],
    },
  },
  {
    id: 'SY5',
    klass: 'symptom',
    title: 'P95 over 500 ms two weeks, CPU fine: indexes, caching as the next step',
    base: 3,
    weeks: [{ responseTimeP95Ms: 600 }, { responseTimeP95Ms: 620 }],
    expect: {
      headline: OPTIMISE,
      actions: [{ key: 'critical-indexes', severity: 'act' }],
      absent: ['horizontal-scaling'],
    },
  },
  {
    id: 'SY6',
    klass: 'symptom',
    title: 'indexes already done: caching on the Redis stage 3 already pays for',
    base: 3,
    estate: { measures: ['critical-indexes'] },
    weeks: [{ responseTimeP95Ms: 600 }, { responseTimeP95Ms: 620 }],
    expect: {
      headline: OPTIMISE,
      actions: [{ key: 'redis-caching', severity: 'act', cost: { min: 0, max: 0 } }],
      absent: ['critical-indexes'],
    },
  },
  {
    id: 'SY7',
    klass: 'symptom',
    title: 'indexes and caching done: the database tier is next',
    base: 3,
    estate: { measures: ['critical-indexes', 'redis-caching'] },
    weeks: [{ responseTimeP95Ms: 600 }, { responseTimeP95Ms: 620 }],
    expect: {
      headline: SCALE,
      actions: [{ key: 'vertical-db-upgrade', severity: 'act' }],
      absent: ['critical-indexes', 'redis-caching'],
    },
  },
  {
    id: 'SY8',
    klass: 'symptom',
    title: 'slow and CPU-bound: capacity, with the latency as a reason',
    base: 3,
    estate: { servers: 2 },
    weeks: [
      { responseTimeP95Ms: 600, cpuPercent: 82 },
      { responseTimeP95Ms: 620, cpuPercent: 84 },
    ],
    expect: {
      headline: SCALE,
      actions: [{ key: /horizontal-scaling|stage-upgrade:4/, severity: 'act' }],
      says: [/Response Time P95 620ms/],
    },
  },
  {
    id: 'SY9',
    klass: 'symptom',
    title: 'slow with CPU unknown: capacity not ruled out, said',
    base: 3,
    weeks: [{ responseTimeP95Ms: 600 }, { responseTimeP95Ms: 620, cpuPercent: null }],
    expect: {
      headline: OPTIMISE,
      actions: [{ key: 'critical-indexes', severity: 'act' }],
      says: [/capacity not ruled out/],
    },
  },
  {
    id: 'SY10',
    klass: 'symptom',
    title: 'stage 2 CPU critical: a bigger server now, then stage 3',
    base: 2,
    weeks: cpu(50, 95),
    expect: {
      headline: SCALE_NOW,
      actions: [{ key: 'stage-upgrade:3', severity: 'critical' }],
      only: true,
      says: [/t3\.medium/, /now/],
    },
  },
  {
    id: 'SY11',
    klass: 'symptom',
    title: 'stage 3 CPU critical on 2 servers: 2 more now, then stage 4',
    base: 3,
    estate: { servers: 2 },
    weeks: cpu(50, 95),
    expect: {
      headline: SCALE_NOW,
      actions: [{ key: 'stage-upgrade:4', severity: 'critical' }],
      says: [/Add 2 servers/],
    },
  },
  {
    id: 'SY12',
    klass: 'symptom',
    title: "stage 2's database trigger names the database",
    base: 2,
    weeks: [{ dbSizeMb: 6.2 * GB }, { dbSizeMb: 6.5 * GB }],
    expect: {
      headline: SCALE,
      actions: [{ key: 'stage-upgrade:3', severity: 'act' }],
      says: [/db\.t3\.small/],
    },
  },
  {
    id: 'SY13',
    klass: 'symptom',
    title: 'connections approaching the pool: pooling, a watch',
    base: 3,
    weeks: [{ dbConnections: 86 }, { dbConnections: 88 }],
    expect: { headline: WATCH, actions: [{ key: 'connection-pooling', severity: 'watch' }] },
  },
  {
    id: 'SY14',
    klass: 'symptom',
    title: 'connections over 90% two weeks: pooling before a bigger tier',
    base: 3,
    weeks: [{ dbConnections: 92 }, { dbConnections: 93 }],
    expect: {
      headline: OPTIMISE,
      actions: [{ key: 'connection-pooling', severity: 'act', cost: { min: 0, max: 0 } }],
      absent: ['vertical-db-upgrade'],
    },
  },
  {
    id: 'SY15',
    klass: 'symptom',
    title: 'pooling already in place: the next tier',
    base: 3,
    estate: { measures: ['connection-pooling'] },
    weeks: [{ dbConnections: 92 }, { dbConnections: 93 }],
    expect: {
      headline: SCALE,
      actions: [{ key: 'vertical-db-upgrade', severity: 'act', text: /Medium/ }],
      absent: ['connection-pooling'],
    },
  },
  {
    id: 'SY16',
    klass: 'symptom',
    title: 'connections at 97% of the pool: pooling now',
    base: 3,
    weeks: [{}, { dbConnections: 97 }],
    expect: {
      headline: OPTIMISE_NOW,
      actions: [{ key: 'connection-pooling', severity: 'critical' }],
    },
  },
  {
    id: 'SY17',
    klass: 'symptom',
    title: 'one instance at 99% while the fleet averages 55%: uneven load, not more servers',
    base: 4,
    weeks: [{}, { cpuPercent: 55, cpuMaxPercent: 99 }],
    expect: {
      headline: INVESTIGATE_NOW,
      actions: [{ key: 'investigate:cpu', severity: 'critical' }],
      absent: ['horizontal-scaling'],
      says: [/99%/, /55%/],
    },
  },
  {
    id: 'SY18',
    klass: 'symptom',
    title: 'busiest 99%, average 85%: servers, sized on the average',
    base: 4,
    weeks: [
      { cpuPercent: 85, cpuMaxPercent: 99 },
      { cpuPercent: 85, cpuMaxPercent: 99 },
    ],
    expect: {
      headline: SCALE_NOW,
      actions: [
        { key: 'horizontal-scaling', severity: 'critical', text: /Add 2 servers \(2 → 4\)/ },
      ],
    },
  },
];

/** Class 11: sizing lands under the target with one instance's loss covered. */
export const HEADROOM: Scenario[] = [
  {
    id: 'H1',
    klass: 'headroom',
    title: '88% on 5 servers: 7, not 6 (73% on 6 would re-flag next week)',
    base: 4,
    estate: { servers: 5 },
    weeks: cpu(88, 88),
    expect: {
      headline: SCALE,
      actions: [{ key: 'horizontal-scaling', severity: 'act', text: /^Add 2 servers \(5 → 7\)/ }],
      neverSays: [/73% on 6/],
    },
  },
  {
    id: 'H2',
    klass: 'headroom',
    title: '80% on 2 servers at stage 3: 4, beyond what stage 3 plans for',
    base: 3,
    estate: { servers: 2 },
    weeks: cpu(80, 80),
    expect: {
      headline: SCALE,
      actions: [{ key: 'horizontal-scaling', text: /^Add 2 servers \(2 → 4\)/ }],
      says: [/stage 4/],
    },
  },
  {
    id: 'H3',
    klass: 'headroom',
    title: 'memory over on 5 stage-4 servers: a larger instance, not more of them',
    base: 4,
    estate: { servers: 5 },
    weeks: [{ memoryPercent: 85 }, { memoryPercent: 85 }],
    expect: {
      headline: SCALE,
      actions: [{ key: 'right-size', severity: 'act' }],
      absent: ['horizontal-scaling'],
      says: [/larger instance|beyond the plan/],
    },
  },
  {
    id: 'H4',
    klass: 'headroom',
    title: "memory over at stage 3: stage 4's t3.large",
    base: 3,
    weeks: [{ memoryPercent: 85 }, { memoryPercent: 85 }],
    expect: {
      headline: SCALE,
      actions: [{ key: 'right-size', severity: 'act', text: /t3\.large/ }],
      absent: ['horizontal-scaling'],
    },
  },
  {
    id: 'H5',
    klass: 'headroom',
    title: 'the sizing says what happens if one server fails',
    base: 4,
    estate: { servers: 3 },
    weeks: cpu(80, 80),
    expect: {
      headline: SCALE,
      actions: [{ key: 'horizontal-scaling' }],
      says: [/if one fails/, /65%/],
    },
  },
  {
    id: 'H6',
    klass: 'headroom',
    title: "adding servers re-checks the database's connection budget",
    base: 4,
    estate: { servers: 3 },
    weeks: [
      { cpuPercent: 85, dbConnections: 70 },
      { cpuPercent: 85, dbConnections: 70 },
    ],
    expect: {
      headline: SCALE,
      actions: [{ key: 'horizontal-scaling', text: /^Add 2 servers \(3 → 5\)/ }],
      says: [/connection/, /pool/],
    },
  },
];

/** Class 12: down as well as up. */
export const DOWN: Scenario[] = [
  {
    id: 'DN1',
    klass: 'down',
    title: 'five servers at 10% for a month: remove three, with the saving',
    base: 4,
    estate: { servers: 5 },
    weeks: cpu(10, 10, 10, 10),
    expect: {
      headline: RIGHT_SIZE,
      actions: [
        {
          key: 'scale-down',
          severity: 'watch',
          text: /^Remove 3 servers \(5 → 2\)/,
          cost: { min: -180, max: -90 },
        },
      ],
    },
  },
  {
    id: 'DN2',
    klass: 'down',
    title: 'three low weeks are not a month',
    base: 4,
    estate: { servers: 5 },
    // 60% on 5 servers needs all 5 (65% target); the first run of this table said 45%, which is
    // itself over-provisioned on 5 (4 would run at 56%), so the engine rightly offered one.
    weeks: cpu(60, 10, 10, 10),
    expect: { headline: HEALTHY, absent: ['scale-down'] },
  },
  {
    id: 'DN3',
    klass: 'down',
    title: 'no scale-down within a month of a change',
    base: 4,
    estate: { servers: 3 },
    done: [{ weeksAgo: 2, key: 'horizontal-scaling', change: { servers: 5 } }],
    weeks: cpu(10, 10, 10, 10),
    expect: { headline: HEALTHY, absent: ['scale-down'] },
  },
  {
    id: 'DN4',
    klass: 'down',
    title: "two servers are stage 4's minimum",
    base: 4,
    estate: { servers: 2 },
    weeks: cpu(10, 10, 10, 10),
    expect: { headline: HEALTHY, absent: ['scale-down'] },
  },
  {
    id: 'DN5',
    klass: 'down',
    title: 'four servers at 30% for a month: remove one',
    base: 4,
    estate: { servers: 4 },
    weeks: cpu(30, 30, 30, 30),
    expect: {
      headline: RIGHT_SIZE,
      actions: [
        { key: 'scale-down', text: /^Remove 1 server \(4 → 3\)/, cost: { min: -60, max: -30 } },
      ],
    },
  },
  {
    id: 'DN6',
    klass: 'down',
    title: 'a missing week among the low ones: not a month of evidence',
    base: 4,
    estate: { servers: 5 },
    weeks: [{ cpuPercent: 10 }, { cpuPercent: null }, { cpuPercent: 10 }, { cpuPercent: 10 }],
    expect: { absent: ['scale-down'], headline: /^Monitor/ },
  },
];

/** Class 7: one plan, one total. */
export const DOUBLE: Scenario[] = [
  {
    id: 'D1',
    klass: 'double',
    title: "both of stage 2's triggers: one move, one cost",
    base: 2,
    weeks: [
      { cpuPercent: 74, dbSizeMb: 6.5 * GB },
      { cpuPercent: 76, dbSizeMb: 7 * GB },
    ],
    expect: { headline: SCALE, actions: [{ key: 'stage-upgrade:3', severity: 'act' }], only: true },
  },
  {
    id: 'D2',
    klass: 'double',
    title: 'the stage 4 move includes the servers CPU asks for',
    base: 3,
    estate: { servers: 2 },
    weeks: [
      { conversationsPerMonth: 16_000, cpuPercent: 80 },
      { conversationsPerMonth: 17_000, cpuPercent: 82 },
    ],
    expect: {
      headline: SCALE,
      actions: [{ key: 'stage-upgrade:4', severity: 'act' }],
      only: true,
      says: [/includes/],
    },
  },
  {
    id: 'D3',
    klass: 'double',
    title: 'a stage 3 move for a fast-growing database takes a larger tier than Small',
    base: 2,
    weeks: [{ dbSizeMb: 5 * GB }, { dbSizeMb: 6.5 * GB }, { dbSizeMb: 8 * GB }],
    expect: {
      headline: SCALE_NOW,
      actions: [{ key: 'stage-upgrade:3', severity: 'critical' }],
      absent: ['vertical-db-upgrade'],
      says: [/Medium/],
    },
  },
  {
    id: 'D4',
    klass: 'double',
    title: 'stage 2 memory critical: a bigger server, no stage move of its own',
    base: 2,
    weeks: [{ memoryPercent: 60 }, { memoryPercent: 95 }],
    expect: {
      headline: SCALE_NOW,
      actions: [{ key: 'right-size', severity: 'critical', text: /t3\.medium/ }],
      absent: [/stage-upgrade/],
    },
  },
  {
    id: 'D5',
    klass: 'double',
    title: "an 88 GB database and stage 4's volume: the move carries the Large database",
    base: 3,
    weeks: [
      { conversationsPerMonth: 16_000, dbSizeMb: 85 * GB },
      { conversationsPerMonth: 17_000, dbSizeMb: 88 * GB },
    ],
    expect: {
      headline: SCALE,
      actions: [{ key: 'stage-upgrade:4' }],
      absent: ['vertical-db-upgrade'],
    },
  },
  {
    id: 'D6',
    klass: 'double',
    title: 'relief before the migration is priced as part of it',
    base: 2,
    weeks: cpu(60, 95),
    expect: {
      headline: SCALE_NOW,
      actions: [{ key: 'stage-upgrade:3', severity: 'critical' }],
      says: [/part of the stage 3 total/],
    },
  },
];
