import type { SnapshotMetricKey } from '../port.js';

/**
 * How CloudWatch supplies each metric of the catalog (src/domain/catalog/catalog.ts), in request
 * order, with the prefix of its query ids:
 * - `stat`: a statistic of one metric, whose default query is in metric-defaults.ts;
 * - `ratio`: the error rate's metric math (metric-specs.ts);
 * - `none`: not a CloudWatch metric: the pool maximum comes from the configuration or the instance
 *   class's estimate (db-max-connections.ts).
 * A metric added to the catalog is a type error below until it has its line here.
 */
export const CLOUDWATCH_METRICS = [
  { key: 'cpuPercent', query: 'stat', idPrefix: 'cpu' },
  { key: 'cpuMaxPercent', query: 'stat', idPrefix: 'cpumax' },
  { key: 'serverCount', query: 'stat', idPrefix: 'servers' },
  { key: 'memoryPercent', query: 'stat', idPrefix: 'mem' },
  { key: 'dbConnections', query: 'stat', idPrefix: 'dbconn' },
  { key: 'responseTimeP95Ms', query: 'stat', idPrefix: 'latency' },
  { key: 'errorRatePercent', query: 'ratio', idPrefix: 'errors' },
  { key: 'dbSizeMb', query: 'stat', idPrefix: 'dbsize' },
  { key: 'conversationsPerMonth', query: 'stat', idPrefix: 'conv' },
  { key: 'dbMaxConnections', query: 'none' },
] as const satisfies readonly (
  | { key: SnapshotMetricKey; query: 'stat' | 'ratio'; idPrefix: string }
  | { key: SnapshotMetricKey; query: 'none' }
)[];

type Supplied = (typeof CLOUDWATCH_METRICS)[number];

/** Every snapshot key CloudWatch can supply (the pool maximum is not a CloudWatch metric). */
export type CloudWatchMetricKey = Extract<Supplied, { query: 'stat' | 'ratio' }>['key'];
/** The keys read as one metric's statistic (each has a default query). */
export type StatMetricKey = Extract<Supplied, { query: 'stat' }>['key'];

/** Compiles only with `never`: names the catalog metrics without a line above. */
type NoneUnlisted<Unlisted extends never> = Unlisted;
export type EveryCatalogMetricListed = NoneUnlisted<Exclude<SnapshotMetricKey, Supplied['key']>>;
