import type { MetricsConfig } from '../metrics/config.js';

/** What the metrics sources take from the environment (only src/config reads it). */
export interface MetricsEnv {
  /** The PostgreSQL connection string from the variable `metrics.postgres.urlEnv`; null when unset or unused. */
  databaseUrl: string | null;
}

/** Reads the variables the configured sources need; an empty value counts as unset. Never logs them. */
export function readMetricsEnv(env: NodeJS.ProcessEnv, metrics: MetricsConfig): MetricsEnv {
  const usesPostgres = metrics.plan.some((p) => p.name === 'postgres');
  const raw = usesPostgres ? env[metrics.postgres.urlEnv]?.trim() : undefined;
  return { databaseUrl: raw === undefined || raw === '' ? null : raw };
}
