import type { PoolConfig } from 'pg';
import { parse, toClientConfig } from 'pg-connection-string';
import { MetricsNotConfiguredError } from '../errors.js';

/**
 * The PostgreSQL connection string, read once: the pool settings for `pg`, the password kept
 * apart so that messages can be scrubbed of it, and a description without it for the CLI and the
 * logs. `sslmode` follows libpq (https://www.postgresql.org/docs/current/libpq-ssl.html):
 * disable = no TLS; prefer and require = TLS without certificate checks (`pg` cannot fall back
 * to plain text, so `prefer` behaves as `require`); verify-ca = the chain is checked against
 * `sslrootcert`; verify-full = chain and host name checked (against `sslrootcert`, or the
 * system's CAs). Without sslmode the connection is plain text, as `pg` does.
 */

const SSL_MODES = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number] | 'none';

export interface DatabaseTarget {
  pool: Pick<PoolConfig, 'host' | 'port' | 'user' | 'password' | 'database' | 'ssl'>;
  /** The password (empty when none): scrubbed from every message that leaves the adapter. */
  password: string;
  sslMode: SslMode;
  /** "postgres://app@db.example.com:5432/app?sslmode=require": no password, for the CLI and logs. */
  detail: string;
}

const SUBJECT = 'PostgreSQL';

function invalid(variable: string, why: string, cause?: unknown): MetricsNotConfiguredError {
  return new MetricsNotConfiguredError(
    `${variable} ${why}`,
    `set it to postgres://USER:PASSWORD@HOST:5432/DATABASE?sslmode=require (see docs/metrics.md)`,
    { subject: SUBJECT, ...(cause === undefined ? {} : { cause }) },
  );
}

function sslModeOf(url: URL, variable: string): SslMode {
  const mode = url.searchParams.get('sslmode');
  if (mode === null) return 'none';
  const known = SSL_MODES.find((m) => m === mode);
  if (known === undefined) {
    throw invalid(variable, `has sslmode=${mode}; use one of ${SSL_MODES.join(', ')}`);
  }
  return known;
}

/**
 * Parse the connection string held by `variable`.
 * @throws MetricsNotConfiguredError naming the variable (never its value) when it is unset, not a
 * postgres:// URL, has an unknown sslmode, or names an sslrootcert file that cannot be read.
 */
export function parseDatabaseUrl(value: string | null, variable: string): DatabaseTarget {
  if (value === null || value.trim() === '') {
    throw new MetricsNotConfiguredError(
      `${variable} is not set`,
      `set it to the database's connection string (postgres://USER:PASSWORD@HOST:5432/DATABASE?sslmode=require), or name another variable in metrics.postgres.urlEnv`,
      { subject: SUBJECT },
    );
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw invalid(variable, 'is not a valid URL');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw invalid(variable, 'must start with postgres:// or postgresql://');
  }
  if (url.hostname === '') throw invalid(variable, 'names no host');
  const sslMode = sslModeOf(url, variable);
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(value.trim(), { useLibpqCompat: true });
  } catch (error) {
    const code =
      typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : null;
    const why =
      code === 'ENOENT' || code === 'EACCES'
        ? `names an sslrootcert, sslcert or sslkey file that cannot be read (${code})`
        : 'cannot be parsed';
    throw invalid(variable, why, error);
  }
  const client = toClientConfig(parsed);
  const password = typeof client.password === 'string' ? client.password : '';
  return {
    pool: {
      host: client.host,
      port: client.port ?? 5432,
      ...(client.user === undefined || client.user === '' ? {} : { user: client.user }),
      password,
      ...(client.database === undefined ? {} : { database: client.database }),
      ssl: client.ssl ?? false,
    },
    password,
    sslMode,
    detail: describeTarget(url, sslMode),
  };
}

function describeTarget(url: URL, sslMode: SslMode): string {
  const user = url.username === '' ? '' : `${decodeURIComponent(url.username)}@`;
  const port = url.port === '' ? '' : `:${url.port}`;
  const database = url.pathname.length > 1 ? url.pathname : '';
  const ssl = sslMode === 'none' ? ' (no sslmode: plain text)' : `?sslmode=${sslMode}`;
  return `${url.protocol}//${user}${url.hostname}${port}${database}${ssl}`;
}
