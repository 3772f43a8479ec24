import type { MetricsConfig } from '../metrics/config.js';

/**
 * The variables the metrics sources read by default, besides those of the bot's and the CLI's
 * environment schemas (`metrics.postgres.urlEnv` may name another). Read by both.
 */
export const METRICS_ENV_VARIABLES = ['SCALE_REVIEW_DATABASE_URL'] as const;

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
