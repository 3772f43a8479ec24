import type { MetricQuality } from '../../domain/metrics.js';
import type { CloudWatchConfig } from '../config.js';

/**
 * The pool maximum for the DB-connections indicator (pure). CloudWatch has no metric for it: it is
 * the `max_connections` parameter. Config wins; otherwise it is estimated from the instance class
 * with RDS's default formulas (AWS RDS docs, "Maximum number of database connections"):
 * PostgreSQL LEAST(DBInstanceClassMemory/9531392, 5000), MySQL and MariaDB
 * DBInstanceClassMemory/12582880. The table holds nominal memory, but AWS states that
 * DBInstanceClassMemory is below it (memory kept for the OS and RDS processes): on small classes
 * the formula over nominal memory runs 5-14% above the real default. An estimate that high would
 * understate how full the pool is, so the estimate is taken at the low end (nominal × 0.86) and
 * the note gives the range; `dbMaxConnections` from `SHOW max_connections` is exact.
 */

/** The formula over nominal memory overstates the default by up to 14% (see above). */
const CLASS_MEMORY_FACTOR = 0.86;

const GIB = 1_073_741_824;

const SIZE_STEPS = [
  'micro',
  'small',
  'medium',
  'large',
  'xlarge',
  '2xlarge',
  '4xlarge',
  '8xlarge',
  '12xlarge',
  '16xlarge',
  '24xlarge',
] as const;

/** Nominal memory in GiB per size, by family: burstable, general purpose, memory optimised. */
const FAMILY_MEMORY: Record<string, Partial<Record<(typeof SIZE_STEPS)[number], number>>> = {
  burstable: { micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, '2xlarge': 32 },
  general: {
    large: 8,
    xlarge: 16,
    '2xlarge': 32,
    '4xlarge': 64,
    '8xlarge': 128,
    '12xlarge': 192,
    '16xlarge': 256,
    '24xlarge': 384,
  },
  memory: {
    large: 16,
    xlarge: 32,
    '2xlarge': 64,
    '4xlarge': 128,
    '8xlarge': 256,
    '12xlarge': 384,
    '16xlarge': 512,
    '24xlarge': 768,
  },
};

const FAMILIES: Record<string, keyof typeof FAMILY_MEMORY> = {
  t2: 'burstable',
  t3: 'burstable',
  t4g: 'burstable',
  m5: 'general',
  m5d: 'general',
  m6g: 'general',
  m6gd: 'general',
  m6i: 'general',
  m7g: 'general',
  m7i: 'general',
  r5: 'memory',
  r5d: 'memory',
  r6g: 'memory',
  r6gd: 'memory',
  r6i: 'memory',
  r7g: 'memory',
  r7i: 'memory',
};

/** Nominal memory of an RDS instance class in GiB, or null when it is not in the table. */
export function instanceClassMemoryGib(instanceClass: string): number | null {
  const [prefix, family, size] = instanceClass.split('.');
  if (prefix !== 'db' || family === undefined || size === undefined) return null;
  const group = FAMILIES[family];
  if (group === undefined) return null;
  return FAMILY_MEMORY[group]?.[size as (typeof SIZE_STEPS)[number]] ?? null;
}

export function estimateMaxConnections(
  engine: 'postgres' | 'mysql' | 'mariadb',
  memoryGib: number,
): number {
  const bytes = memoryGib * GIB;
  if (engine === 'postgres') return Math.min(Math.floor(bytes / 9_531_392), 5000);
  return Math.floor(bytes / 12_582_880);
}

export interface DbMaxConnections {
  value: number | null;
  note: string | null;
  quality: MetricQuality | null;
}

export function resolveDbMaxConnections(
  resources: CloudWatchConfig['dimensions'],
): DbMaxConnections {
  if (resources.dbMaxConnections !== undefined) {
    const note = `dbMaxConnections ${resources.dbMaxConnections}: from metrics.cloudwatch.dimensions.dbMaxConnections`;
    return { value: resources.dbMaxConnections, note, quality: null };
  }
  const instanceClass = resources.dbInstanceClass;
  const memory = instanceClass === undefined ? null : instanceClassMemoryGib(instanceClass);
  if (instanceClass === undefined || memory === null) {
    const known =
      instanceClass === undefined ? '' : ` (${instanceClass} is not in the instance-class table)`;
    const detail = `unknown${known}: set metrics.cloudwatch.dimensions.dbMaxConnections to your max_connections, or dbInstanceClass`;
    return {
      value: null,
      note: null,
      quality: { metric: 'dbMaxConnections', issue: 'noData', detail },
    };
  }
  const engine = resources.dbEngine;
  const nominal = estimateMaxConnections(engine, memory);
  const value = estimateMaxConnections(engine, memory * CLASS_MEMORY_FACTOR);
  const likely = estimateMaxConnections(engine, memory * 0.95);
  const formula =
    engine === 'postgres'
      ? 'LEAST(DBInstanceClassMemory/9531392, 5000)'
      : 'DBInstanceClassMemory/12582880';
  const note = `dbMaxConnections ${value}: estimated for ${instanceClass} from the RDS ${engine} default ${formula}; DBInstanceClassMemory is below the nominal ${memory} GiB (the formula over nominal memory gives ${nominal}, 5-14% high), so the low end of ${value}-${likely} is used — set metrics.cloudwatch.dimensions.dbMaxConnections from SHOW max_connections for the exact limit`;
  return { value, note, quality: null };
}
