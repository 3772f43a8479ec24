import { PANEL_INDICATOR_KEYS } from '../../src/domain/catalog/derive.js';

/**
 * One line per setting of scale-review.yml, for docs/config.md, the JSON Schema and
 * examples/scale-review.yml. Keyed by dotted path; `*` stands for any one key. A setting without a
 * default has an `example` (shown commented out in the example file).
 *
 * Adding a setting to a zod schema? Add its line here, then `npm run docs:config`: the test
 * test/docs/config-reference.test.ts fails while a key has no line or a line has no key.
 */
export interface Description {
  text: string;
  /** For a setting without a default: a value the example file shows (commented out). */
  example?: unknown;
}

export const SECTION_DESCRIPTIONS: Record<string, string> = {
  slack: 'Who may do what in Slack.',
  digest: 'The weekly digest: scheduling, leases, pacing (docs/digest.md).',
  store:
    'Where the history lives; MONGODB_URL and DATA_DIR come from the environment (docs/store.md).',
  metrics: 'Where the review numbers come from (docs/metrics.md).',
  infrastructure:
    'What the team runs now, for sizing the advice; without it the review infers both and says so (docs/plan.md).',
  plan: 'Any part of the scaling plan, merged onto the defaults from the seed document (docs/plan.md; `scale-review plan` prints the effective plan).',
};

export const DESCRIPTIONS: Record<string, Description> = {
  'slack.admins': {
    text: 'Slack user ids who alone may snooze, un-snooze, subscribe and unsubscribe; empty: everyone may',
  },
  'slack.answers': {
    text: 'The queue of answers that follow acks (docs/slack.md, "Under a burst")',
  },
  'slack.answers.capacity': {
    text: 'Answers waiting or running at most; beyond it the ack says "busy, try again in a minute"',
  },
  'slack.answers.concurrency': {
    text: 'Answers running at once once commands stop arriving (one at a time during a burst)',
  },
  'slack.workspaces': {
    text: 'What workspaces that install the app may set in their App Home Settings (OAuth mode; docs/slack.md, "Settings")',
  },
  'slack.workspaces.metricsSources': {
    text: "The metrics sources a workspace may choose: cloudwatch (a role in its AWS account), postgres (its database URL); file and url read this server's files and network, so add them only for workspaces you trust",
  },
  'slack.workspaces.awsAccountId': {
    text: "The AWS account Scale Review runs in: the one a workspace's role must trust (shown in the Settings modal); null: the modal asks the admin to get it from you",
    example: '111122223333',
  },
  'slack.workspaces.privateDatabaseHosts': {
    text: "Whether a workspace's PostgreSQL may be on a loopback, private or link-local address; false (the default) refuses one, since this server would connect into its own network for whoever installed the app. Set true only where every installing workspace shares that network",
  },
  'slack.ackers': {
    text: 'Slack user ids who may acknowledge besides the admins; null: everyone in the channel',
  },

  'digest.enabled': { text: 'false runs a replica that never sends digests (e.g. a dev bot)' },
  'digest.tickCron': {
    text: 'How often each replica looks for due digests (node-cron syntax, UTC); the schedules live in the store',
  },
  'digest.leaseSeconds': {
    text: 'How long a claimed digest slot is leased; renewed every third of it while the send is alive, so a crashed sender holds its channels at most this long',
  },
  'digest.concurrency': { text: 'Channels sent in parallel within one tick' },
  'digest.chart': {
    text: 'The charts and the indicators table as native blocks in the digest; false: the mrkdwn lines only',
  },
  'digest.slackAttempts': {
    text: 'Attempts per Slack call (429s honour Retry-After; others back off with jitter)',
  },
  'digest.postsPerSecond': {
    text: 'Ceiling of chat.postMessage calls per second across all channels and replicas: the pacer learns the workspace rate below it from 429s; null turns pacing off',
  },

  'store.database': { text: 'MongoDB database name when MONGODB_URL has no path' },
  'store.dataDir': {
    text: 'Directory of the embedded store when MONGODB_URL is unset (DATA_DIR wins)',
  },
  'store.retentionDays': {
    text: 'Reviews, decisions and finished digest runs older than this are deleted by the clean-up',
  },
  'store.mongo': { text: 'MongoDB client settings, sized for a Slack bot (docs/store.md)' },
  'store.mongo.maxPoolSize': {
    text: 'Connections per replica (the driver default 100 × N replicas exhausts small tiers)',
  },
  'store.mongo.minPoolSize': { text: 'Connections kept open when idle' },
  'store.mongo.serverSelectionTimeoutMS': {
    text: 'How long an operation waits for a reachable server before the "store unavailable" reply',
  },
  'store.mongo.connectTimeoutMS': { text: 'TCP/TLS connect timeout' },
  'store.mongo.socketTimeoutMS': { text: 'A hung socket is dropped after this (0: never)' },
  'store.mongo.maxIdleTimeMS': { text: 'Idle pooled connections are closed after this' },

  'metrics.source': {
    text: 'cloudwatch (default), postgres (your database), file (a snapshot JSON) or url (your endpoint)',
  },
  'metrics.file': { text: 'The snapshot file for source: file', example: './metrics-week.json' },
  'metrics.url': {
    text: 'The snapshot URL for source: url (GET, JSON)',
    example: 'https://metrics.example.com/scale-review/week.json',
  },
  'metrics.timeoutMs': {
    text: 'Deadline for one whole fetch (all attempts and pages, or the download)',
  },
  'metrics.maxBodyBytes': { text: 'Largest URL response body accepted' },
  'metrics.cacheTtlSeconds': { text: 'Results are cached in-process this long (0: no cache)' },
  'metrics.cloudwatch': {
    text: 'The CloudWatch source (GetMetricData, one batched call per review)',
  },
  'metrics.cloudwatch.region': { text: 'AWS region; else AWS_REGION', example: 'us-east-1' },
  'metrics.cloudwatch.roleArn': {
    text: 'Read another AWS account: the IAM role to assume (docs/metrics.md, "Reading another AWS account")',
    example: 'arn:aws:iam::123456789012:role/ScaleReviewRead',
  },
  'metrics.cloudwatch.externalId': {
    text: "With roleArn: the sts:ExternalId the role's trust policy requires (not a secret)",
    example: 'sr-0123456789abcdef0123456789abcdef',
  },
  'metrics.cloudwatch.maxAttempts': { text: 'SDK attempts per request, the first included' },
  'metrics.cloudwatch.requestTimeoutMs': {
    text: 'Per attempt: the whole HTTP request and response',
  },
  'metrics.cloudwatch.connectionTimeoutMs': { text: 'Per attempt: the TCP/TLS connect' },
  'metrics.cloudwatch.windowDays': { text: 'The review window the indicators are computed over' },
  'metrics.cloudwatch.periodSeconds': {
    text: 'Resolution of the indicator series (raised to the retention minimum when needed)',
  },
  'metrics.cloudwatch.staleAfterMinutes': {
    text: 'A metric whose newest datapoint is older than this is stale (unknown)',
  },
  'metrics.cloudwatch.minCoverage': {
    text: 'A window with fewer periods with data than this share is flagged partial',
  },
  'metrics.cloudwatch.dimensions': {
    text: 'Your resources; a query whose resource is not set is not sent (its metric is unknown)',
  },
  'metrics.cloudwatch.dimensions.autoScalingGroupName': {
    text: 'CPU and memory (AWS/EC2, CWAgent) by AutoScalingGroupName',
    example: 'support-web',
  },
  'metrics.cloudwatch.dimensions.dbInstanceIdentifier': {
    text: 'DB connections and free storage (AWS/RDS)',
    example: 'support-db',
  },
  'metrics.cloudwatch.dimensions.loadBalancer': {
    text: "Response time and error rate (AWS/ApplicationELB): the end of the ALB's ARN",
    example: 'app/support-alb/50dc6c495c0c9188',
  },
  'metrics.cloudwatch.dimensions.dbInstanceClass': {
    text: 'Estimates max connections with RDS default formula when dbMaxConnections is unset',
    example: 'db.t3.small',
  },
  'metrics.cloudwatch.dimensions.dbEngine': {
    text: 'postgres, mysql or mariadb (for that estimate)',
  },
  'metrics.cloudwatch.dimensions.dbAllocatedStorageGb': {
    text: 'Allocated storage; DB size = this minus FreeStorageSpace',
    example: 20,
  },
  'metrics.cloudwatch.dimensions.dbMaxConnections': {
    text: 'The max_connections of the database, when known',
    example: 100,
  },
  'metrics.cloudwatch.conversations': {
    text: 'The custom metric your support app publishes (README "Publishing conversations")',
  },
  'metrics.cloudwatch.conversations.namespace': { text: 'Its namespace' },
  'metrics.cloudwatch.conversations.metricName': { text: 'Its metric name' },
  'metrics.cloudwatch.conversations.dimensions': { text: 'Its dimensions, if you publish any' },
  'metrics.sources': {
    text: 'Several sources in one review: the metrics each supplies, e.g. {postgres: [conversationsPerMonth, dbSizeMb], cloudwatch: rest}; a failing source marks only its metrics unknown',
    example: { postgres: ['conversationsPerMonth', 'dbSizeMb'], cloudwatch: 'rest' },
  },
  'metrics.maxStaleSeconds': {
    text: 'How long past its TTL a cached result may still be served while one refresh runs (stale-while-revalidate); the answer says how old it is',
  },
  'metrics.postgres': {
    text: "The team's own PostgreSQL database (Supabase, Render, RDS): DB size, connections and the queries below (docs/metrics.md)",
  },
  'metrics.postgres.urlEnv': {
    text: 'The environment variable with the connection string (default SCALE_REVIEW_DATABASE_URL)',
  },
  'metrics.postgres.windowDays': { text: 'Days of the review window for the daily series' },
  'metrics.postgres.statementTimeoutMs': {
    text: 'statement_timeout of every query (each runs in a READ ONLY transaction)',
  },
  'metrics.postgres.connectionTimeoutMs': { text: 'How long connecting may take' },
  'metrics.postgres.poolSize': { text: 'Connections in the one small pool' },
  'metrics.postgres.queries': {
    text: 'SQL returning one numeric row ($1, $2: the window start and end); null turns an optional one off',
  },
  'metrics.postgres.queries.conversationsPerMonth': {
    text: 'Conversations in the 30 days before the review (default: the conversations table by created_at)',
  },
  'metrics.postgres.queries.conversationsDaily': {
    text: 'Conversations per day over the review window, the conversations series (day, count rows)',
  },
  'metrics.postgres.queries.responseTimeP95Ms': {
    text: 'P95 response time in ms, for apps that log requests to a table',
    example:
      'SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) FROM requests WHERE at >= $1 AND at < $2',
  },
  'metrics.postgres.queries.errorRatePercent': {
    text: 'Error rate in percent, for apps that log requests to a table',
    example:
      'SELECT 100.0 * count(*) FILTER (WHERE status >= 500) / NULLIF(count(*), 0) FROM requests WHERE at >= $1 AND at < $2',
  },
  'metrics.cloudwatch.queries': {
    text: 'Per-metric overrides of the default queries (namespace, metricName, stat, scale, offset, dimensions, periodSeconds, windowStatistic, staleAfterMinutes, minCoverage; docs/metrics.md)',
  },

  'plan.stages': {
    text: 'The four stages (volume, team size, components and costs, triggers); a full list, or a mapping by stage number, e.g. {"2": {totalCost: {max: 90}}}',
  },
  'plan.thresholds': {
    text: `The monitoring indicators: ${PANEL_INDICATOR_KEYS.join(', ')}`,
  },
  'plan.thresholds.*': { text: 'One indicator' },
  'plan.thresholds.*.label': { text: 'Its name on the panel' },
  'plan.thresholds.*.approaching': {
    text: "From this value it is approaching (inclusive); left out when over is given, it keeps the default's proportion of over (docs/plan.md)",
  },
  'plan.thresholds.*.over': { text: 'Above this value it is over (strict)' },
  'plan.thresholds.*.critical': {
    text: "Above this value it is critical (strict): it acts at once, without waiting for a second period; left out when a given over passes it, it keeps the default's proportion of over",
  },
  'plan.thresholds.*.wording': {
    text: 'How the panel words it: considerAt (consider scaling at >75%) or target (target <500ms)',
  },
  'plan.stageApproachingRatio': {
    text: 'Share of a stage limit (DB storage, conversations) from which it is approaching',
  },
  'plan.storage': {
    text: 'DB storage against its hard limit (the stage database, or its dbSizes tier)',
  },
  'plan.storage.overRatio': {
    text: 'Without a stage trigger, over at this share of the limit; an upgraded tier must hold the projected size under it',
  },
  'plan.storage.criticalRatio': { text: 'Critical at this share of the limit' },
  'plan.responses': {
    text: 'Which actions answer each indicator at each level, in order of preference (playbook keys or stage-upgrade)',
  },
  'plan.responses.*': { text: 'One indicator' },
  'plan.responses.*.approaching': { text: 'Actions for an approaching indicator' },
  'plan.responses.*.over': { text: 'Actions for an indicator over its threshold' },
  'plan.responses.*.critical': { text: 'Actions for an indicator over its critical level' },
  'plan.forecast': { text: 'Trends and forecasts from earlier review periods' },
  'plan.forecast.lookbackPeriods': {
    text: 'Earlier periods read for trends, forecasts and hysteresis',
  },
  'plan.forecast.minObservations': {
    text: 'Observations a dated forecast needs, counting the current one',
  },
  'plan.forecast.horizonWeeks': {
    text: 'Crossings further out than this are reported without a date',
  },
  'plan.forecast.intervalPercent': {
    text: "The two-sided interval of a forecast's range (Student's t on the trend's slope): 80 or 90",
  },
  'infrastructure.servers': {
    text: 'Application servers in service now (else the metrics source, else the stage minimum)',
    example: 2,
  },
  'infrastructure.dbTier': {
    text: "The database's dbSizes tier now (else the stage's database, raised to the size it holds)",
    example: 'Medium',
  },
  'infrastructure.stage': {
    text: 'The stage the team runs now (else carried from earlier reviews, else the volume)',
    example: 3,
  },
  'infrastructure.measures': {
    text: 'Playbook actions already in place; the advice moves on to the next answer',
    example: ['critical-indexes', 'connection-pooling'],
  },
  'infrastructure.monthlyCost': {
    text: 'What the team pays per month now (USD): cost changes are against it',
    example: 250,
  },
  'plan.dbSizes': {
    text: 'The database sizes the recommendations pick from (name, storage, RAM, vCPU, cost)',
  },
  'plan.additionalServerCost': { text: 'Monthly cost of one more app server, USD' },
  'plan.additionalServerCost.min': { text: 'From' },
  'plan.additionalServerCost.max': { text: 'To (null: open-ended)' },
  'plan.helpdesk': { text: 'The per-seat helpdesk the cost compares with' },
  'plan.helpdesk.name': { text: 'Its name' },
  'plan.helpdesk.pricePerAgentMonthly': { text: 'Price per agent per month, USD' },
  'plan.helpdesk.exampleAgents': { text: 'Agents for open-ended stages in the comparison' },
  'plan.playbook': {
    text: 'The actions the recommendations come from (what each answers, its impact and cost)',
  },
  'plan.growth': { text: 'The projection' },
  'plan.growth.defaultMonthlyPercent': {
    text: 'Monthly growth when the history gives none (percent)',
  },
  'plan.growth.defaultMonths': { text: 'Months projected when none are given' },
  'plan.growth.maxMonths': {
    text: 'The longest projection: more months are capped to it, and the answer says so',
  },
  'plan.growth.noChangeAction': {
    text: 'The action when no milestone is crossed within the horizon',
  },
  'plan.review': { text: 'The review cadence' },
  'plan.review.intervalDays': {
    text: 'Days per review period (one observation per team and period) and between reviews',
  },
  'plan.hysteresis': {
    text: 'An action is confirmed when its indicator breached in N of the last M review periods',
  },
  'plan.hysteresis.breaches': { text: 'N' },
  'plan.hysteresis.ofLast': { text: 'M' },
  'plan.leadDays': {
    text: 'Days from a decision to the change being live, for actions without their own',
  },
  'plan.leadDays.stageMove': { text: 'A stage move' },
  'plan.leadDays.investigate': { text: 'Investigating a symptom' },
  'plan.leadDays.default': { text: 'Any action without a lead time' },
  'plan.leadDays.*.min': { text: 'Fewest days' },
  'plan.leadDays.*.max': { text: 'Most days (the decision date counts back this many)' },
  'plan.sizing': { text: 'How servers are sized (docs/plan.md, "Sizing")' },
  'plan.sizing.targetPercent': {
    text: 'CPU the fleet should run at, at most, at the busy hour (percent)',
  },
  'plan.sizing.spares': {
    text: 'Servers the fleet may lose and stay under the CPU `over` threshold (N+1: 1)',
  },
  'plan.scaleDown': { text: 'When the advice offers to scale down' },
  'plan.scaleDown.periods': {
    text: 'Over-provisioned this many periods in a row, with no change in them',
  },
  'plan.scaleDown.margin': {
    text: 'A lower stage only this far under its top (0.1: 10%)',
  },
  'plan.outcome': { text: 'The outcome check after an action is marked done' },
  'plan.outcome.periods': { text: 'Periods that show before and after' },
};
