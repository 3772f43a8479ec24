import { INDICATOR_LABEL } from '../catalog/derive.js';
import { DEFAULT_PLAYBOOK } from './default-playbook.js';
import type { Plan } from './schema.js';

const MB_PER_GB = 1024;

/**
 * The default scaling plan, transcribed from the seed document (scaling-strategy.txt).
 * Every number of the seed is reachable from here; see docs/plan.md for the choices made where
 * the seed is silent or contradicts itself.
 */
export const DEFAULT_PLAN = {
  stages: [
    {
      number: 1,
      name: 'Small Team',
      conversationsPerMonth: { min: 0, max: 1000 },
      teamSize: { min: 1, max: 3 },
      components: [
        {
          kind: 'server',
          name: 'Render/Railway',
          monthlyCost: { min: 5, max: 15 },
          instances: { min: 1, max: 1 },
        },
        { kind: 'database', name: 'Supabase Free (500 MB)', monthlyCost: { min: 0, max: 0 } },
        { kind: 'email', name: 'SendGrid Free (100/day)', monthlyCost: { min: 0, max: 0 } },
      ],
      totalCost: { min: 20, max: 30 },
      plusWhatsAppFees: false,
      dbStorageLimitMb: 500,
      triggers: [
        {
          kind: 'metric',
          key: 'stage1-db-size',
          indicator: 'dbStorage',
          above: 400,
          consistently: false,
          text: 'Database >400 MB',
        },
        {
          kind: 'metric',
          key: 'stage1-conversations',
          indicator: 'conversations',
          above: 500,
          consistently: false,
          text: '>500 conversations/month',
        },
      ],
      entryAction: 'Start on the stage 1 stack',
    },
    {
      number: 2,
      name: 'Growing Team',
      conversationsPerMonth: { min: 1000, max: 5000 },
      teamSize: { min: 3, max: 8 },
      components: [
        {
          kind: 'server',
          name: 'Railway Pro or AWS t3.small',
          monthlyCost: { min: 20, max: 30 },
          instances: { min: 1, max: 1 },
        },
        { kind: 'database', name: 'Supabase Pro 8GB', monthlyCost: { min: 25, max: 25 } },
        { kind: 'email', name: 'SendGrid Essentials', monthlyCost: { min: 20, max: 20 } },
        { kind: 'redis', name: 'Upstash Free or Railway', monthlyCost: { min: 5, max: 10 } },
      ],
      totalCost: { min: 70, max: 85 },
      plusWhatsAppFees: true,
      dbStorageLimitMb: 8 * MB_PER_GB,
      triggers: [
        {
          kind: 'metric',
          key: 'stage2-cpu',
          indicator: 'cpu',
          above: 70,
          consistently: true,
          text: 'CPU >70% consistently',
        },
        {
          kind: 'metric',
          key: 'stage2-db-size',
          indicator: 'dbStorage',
          above: 6 * MB_PER_GB,
          consistently: false,
          text: 'Database >6 GB',
        },
      ],
      entryAction: 'Upgrade to stage 2: Supabase Pro, SendGrid Essentials and Redis',
    },
    {
      number: 3,
      name: 'Medium Team',
      conversationsPerMonth: { min: 5000, max: 20000 },
      teamSize: { min: 8, max: 20 },
      components: [
        {
          kind: 'server',
          name: 'AWS t3.medium or 2× t3.small',
          monthlyCost: { min: 50, max: 70 },
          instances: { min: 1, max: 2 },
        },
        {
          kind: 'database',
          name: 'AWS RDS db.t3.small',
          monthlyCost: { min: 28, max: 28 },
          alternative: 'Supabase Team',
          tier: 'Small',
        },
        {
          kind: 'email',
          name: 'SendGrid Pro',
          monthlyCost: { min: 90, max: 90 },
          alternative: 'AWS SES',
        },
        { kind: 'redis', name: 'AWS ElastiCache', monthlyCost: { min: 25, max: 25 } },
        { kind: 'loadBalancer', name: 'AWS ALB', monthlyCost: { min: 20, max: 20 } },
      ],
      totalCost: { min: 213, max: null },
      plusWhatsAppFees: true,
      dbStorageLimitMb: 20 * MB_PER_GB,
      triggers: [
        { kind: 'manual', key: 'stage3-multiple-servers', text: 'Multiple servers needed' },
        {
          kind: 'metric',
          key: 'stage3-conversations',
          indicator: 'conversations',
          above: 15000,
          consistently: false,
          text: '>15K conversations',
        },
      ],
      entryAction: 'Add load balancer',
      prepare: { atConversations: 4000, action: 'Upgrade DB soon' },
    },
    {
      number: 4,
      name: 'Large Team',
      conversationsPerMonth: { min: 20000, max: null },
      teamSize: { min: 20, max: null },
      components: [
        {
          kind: 'server',
          name: 'Auto-scaling group, 2-5× t3.large',
          monthlyCost: { min: 120, max: 300 },
          instances: { min: 2, max: 5 },
        },
        {
          kind: 'database',
          name: 'RDS Multi-AZ db.m5.large',
          monthlyCost: { min: 200, max: 200 },
          tier: 'Large',
        },
        {
          kind: 'email',
          name: 'AWS SES',
          monthlyCost: { min: 0, max: 0 },
          usagePrice: '$0.10/1K emails',
        },
        { kind: 'redis', name: 'ElastiCache cluster', monthlyCost: { min: 100, max: 100 } },
        { kind: 'cdn', name: 'CloudFront', monthlyCost: { min: 20, max: 20 } },
        { kind: 'monitoring', name: 'Datadog', monthlyCost: { min: 100, max: 100 } },
      ],
      totalCost: { min: 500, max: 800 },
      plusWhatsAppFees: true,
      dbStorageLimitMb: 500 * MB_PER_GB,
      triggers: [],
      entryAction: 'Move to an auto-scaling group (stage 4)',
      prepare: { atConversations: 15000, action: 'Scale horizontally' },
    },
  ],
  // The labels are the catalog's (src/domain/catalog/catalog.ts); a plan override may rename them.
  thresholds: {
    cpu: {
      label: INDICATOR_LABEL.cpu,
      approaching: 73,
      over: 75,
      critical: 90,
      wording: 'considerAt',
    },
    memory: {
      label: INDICATOR_LABEL.memory,
      approaching: 76,
      over: 80,
      critical: 90,
      wording: 'considerAt',
    },
    dbConnections: {
      label: INDICATOR_LABEL.dbConnections,
      approaching: 80,
      over: 90,
      critical: 95,
      wording: 'considerAt',
    },
    responseTimeP95: {
      label: INDICATOR_LABEL.responseTimeP95,
      approaching: 475,
      over: 500,
      critical: 1000,
      wording: 'target',
    },
    errorRate: {
      label: INDICATOR_LABEL.errorRate,
      approaching: 0.5,
      over: 1,
      critical: 5,
      wording: 'target',
    },
  },
  stageApproachingRatio: 0.8,
  storage: { overRatio: 0.8, criticalRatio: 0.95 },
  // Which actions answer which indicator, in order of preference (docs/plan.md, "Symptom to
  // action"): saturation buys capacity (memory a larger instance: it does not divide over more
  // servers), connections a pooler before a tier, latency the free indexes before caching before a
  // tier; errors are investigated (an empty list); storage a tier, else the next stage, else past
  // the table. A symptom with a saturated resource joins that resource's action instead.
  responses: {
    cpu: {
      approaching: ['redis-caching'],
      over: ['horizontal-scaling', 'right-size', 'spot-instances'],
      critical: ['horizontal-scaling', 'right-size', 'spot-instances'],
    },
    memory: {
      approaching: ['right-size'],
      over: ['right-size'],
      critical: ['right-size'],
    },
    dbConnections: {
      approaching: ['connection-pooling'],
      over: ['connection-pooling', 'vertical-db-upgrade', 'redis-caching', 'read-replicas'],
      critical: ['connection-pooling', 'vertical-db-upgrade', 'read-replicas'],
    },
    responseTimeP95: {
      approaching: ['critical-indexes'],
      over: ['critical-indexes', 'redis-caching', 'vertical-db-upgrade', 'optimize-images'],
      critical: ['critical-indexes', 'redis-caching', 'vertical-db-upgrade', 'optimize-images'],
    },
    errorRate: { approaching: [], over: [], critical: [] },
    dbStorage: {
      approaching: ['archive-old-data'],
      over: [
        'vertical-db-upgrade',
        'stage-upgrade',
        'beyond-largest-tier',
        'archive-old-data',
        'partitioning',
      ],
      critical: [
        'vertical-db-upgrade',
        'stage-upgrade',
        'beyond-largest-tier',
        'partitioning',
        'archive-old-data',
      ],
    },
    conversations: {
      approaching: ['stage-upgrade'],
      over: ['stage-upgrade'],
      critical: ['stage-upgrade'],
    },
  },
  dbSizes: [
    { name: 'Small', storageGb: 20, ramGb: 1, vcpu: 1, monthlyCost: 15 },
    { name: 'Medium', storageGb: 100, ramGb: 4, vcpu: 2, monthlyCost: 60 },
    { name: 'Large', storageGb: 500, ramGb: 16, vcpu: 4, monthlyCost: 200 },
    { name: 'XLarge', storageGb: 1024, ramGb: 32, vcpu: 8, monthlyCost: 400 },
  ],
  additionalServerCost: { min: 30, max: 60 },
  helpdesk: { name: 'Zendesk', pricePerAgentMonthly: 49, exampleAgents: 50 },
  playbook: DEFAULT_PLAYBOOK,
  growth: {
    defaultMonthlyPercent: 20,
    defaultMonths: 3,
    maxMonths: 36,
    noChangeAction: 'Current OK',
  },
  review: { intervalDays: 7 },
  // Not in the seed: how long actions take (the seed's "plan ahead"), sizing headroom, and how long
  // to watch before scaling down and after a change (docs/plan.md).
  leadDays: {
    stageMove: { min: 28, max: 42 },
    investigate: { min: 0, max: 2 },
    default: { min: 1, max: 7 },
  },
  sizing: { targetPercent: 65, spares: 1 },
  scaleDown: { periods: 4, margin: 0.1 },
  outcome: { periods: 4 },
  hysteresis: { breaches: 2, ofLast: 3 },
  forecast: { lookbackPeriods: 8, minObservations: 3, horizonWeeks: 26, intervalPercent: 80 },
} as const satisfies Plan;
