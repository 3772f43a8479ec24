import type { PlaybookAction } from './schema.js';

/**
 * The seed's performance and cost playbook (Redis caching with its TTLs and keys, the critical
 * indexes, archiving, spot instances, images and CDN, right-sizing) and its scaling moves
 * (horizontal, vertical database, read replicas, partitioning), in the plan's order.
 */
export const DEFAULT_PLAYBOOK = [
  {
    key: 'redis-caching',
    title: 'Implement Redis caching (conversations 5 min, contacts 1 h, team presence 1 min)',
    answers: ['responseTimeP95', 'dbConnections', 'cpu'],
    impact: '50-80% reduction in database queries',
    monthlyCostChange: { min: 0, max: 10 },
    fromStage: 1,
    uses: 'redis',
    detail:
      'Cache conversations for 300 s (5 minutes) under user:{id}:conversations, contacts for 3600 s (1 hour) under contact:{phone}, team status for 60 s (1 minute) under team:presence.',
    leadDays: { min: 3, max: 7 },
  },
  {
    key: 'critical-indexes',
    title:
      'Add the critical indexes (conversations by assignee, messages by conversation, contacts by phone)',
    answers: ['responseTimeP95', 'dbConnections'],
    impact: '10-100× faster queries',
    monthlyCostChange: { min: 0, max: 0 },
    fromStage: 1,
    detail: [
      'CREATE INDEX idx_conversations_assigned_updated ON conversations(assigned_to, updated_at DESC);',
      'CREATE INDEX idx_messages_conversation_created ON messages(conversation_id, created_at DESC);',
      'CREATE INDEX idx_contacts_phone_hash ON contacts USING HASH (phone);',
    ].join('\n'),
    leadDays: { min: 1, max: 2 },
  },
  {
    key: 'archive-old-data',
    title: 'Archive conversations older than 6 months to cheaper storage',
    answers: ['dbStorage'],
    impact: 'Smaller database, cheaper storage',
    monthlyCostChange: null,
    fromStage: 1,
    leadDays: { min: 7, max: 14 },
  },
  {
    key: 'spot-instances',
    title: 'Use spot instances for non-critical workloads',
    answers: ['cpu'],
    impact: 'Save 60-80% on AWS EC2',
    monthlyCostChange: null,
    fromStage: 3,
    leadDays: { min: 3, max: 7 },
  },
  {
    key: 'optimize-images',
    title: 'Compress images and serve media from a CDN',
    answers: ['responseTimeP95'],
    impact: 'Lighter pages and less server bandwidth',
    monthlyCostChange: { min: 20, max: 20 },
    fromStage: 1,
    uses: 'cdn',
    leadDays: { min: 3, max: 7 },
  },
  {
    key: 'right-size',
    title: 'Right-size resources: review instance sizes monthly',
    answers: ['memory', 'cpu'],
    impact: 'Pay only for the capacity you use',
    monthlyCostChange: null,
    fromStage: 1,
    leadDays: { min: 1, max: 3 },
  },
  {
    key: 'horizontal-scaling',
    title: 'Scale horizontally: add an application server behind the load balancer',
    answers: ['cpu', 'memory', 'responseTimeP95', 'errorRate'],
    impact: 'More concurrent users, zero-downtime deployments, automatic failover',
    monthlyCostChange: { min: 30, max: 60 },
    fromStage: 3,
    leadDays: { min: 1, max: 3 },
  },
  {
    key: 'vertical-db-upgrade',
    title: 'Upgrade the database to the next instance size',
    answers: ['dbStorage', 'dbConnections'],
    impact: 'More storage, RAM and vCPU for a single database',
    monthlyCostChange: { min: 45, max: 200 },
    fromStage: 1,
    leadDays: { min: 7, max: 14 },
  },
  {
    key: 'read-replicas',
    title: 'Add a read replica for read-heavy queries',
    answers: ['dbConnections', 'responseTimeP95'],
    impact: 'Spreads read load off the primary database',
    monthlyCostChange: { min: 15, max: 400 },
    fromStage: 3,
    leadDays: { min: 3, max: 7 },
  },
  {
    key: 'partitioning',
    title: 'Partition large tables (conversations, messages) by time',
    answers: ['dbStorage', 'responseTimeP95'],
    impact: 'Queries and maintenance touch only the partitions they need',
    monthlyCostChange: { min: 0, max: 0 },
    fromStage: 4,
    leadDays: { min: 14, max: 28 },
  },
  // Not in the seed: the pooler a capacity planner puts in before a bigger database (HikariCP's
  // "About Pool Sizing"; PgBouncer, Supabase's pooler), and what to do past the largest tier.
  {
    key: 'connection-pooling',
    title: "Pool database connections (PgBouncer in transaction mode, or Supabase's pooler)",
    answers: ['dbConnections'],
    impact: 'Many application connections share a few database connections',
    monthlyCostChange: { min: 0, max: 0 },
    fromStage: 1,
    leadDays: { min: 1, max: 3 },
  },
  {
    key: 'beyond-largest-tier',
    title:
      'Prepare for a database beyond the largest tier: archive old conversations, move reads to replicas, a custom instance, or shard',
    answers: ['dbStorage'],
    impact: 'Keeps the database inside an instance the plan can price',
    monthlyCostChange: null,
    fromStage: 1,
    leadDays: { min: 28, max: 56 },
  },
] satisfies PlaybookAction[];
