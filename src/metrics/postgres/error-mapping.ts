import { scrubSecrets } from '../../logging/secrets.js';
import {
  MetricsNotConfiguredError,
  MetricsUnavailableError,
  UNREACHABLE_SOCKET_CODES,
} from '../errors.js';

/**
 * `pg` and socket failures -> the typed metrics errors (connection) or a one-line reason (one
 * query). Every message is actionable, names the variable rather than its value, names no host
 * (it may reach a channel) and is scrubbed of the password.
 */

const SUBJECT = 'PostgreSQL';

/** Unreachable, or the connection attempt timed out at the socket (pg reports ETIMEDOUT). */
const UNREACHABLE_CODES = new Set([...UNREACHABLE_SOCKET_CODES, 'ETIMEDOUT']);
const UNTRUSTED_CERTIFICATE_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export interface PgErrorFacts {
  /** SQLSTATE from the server, or the Node/TLS error code. */
  code: string | null;
  message: string;
}

export function pgErrorFacts(error: unknown, password: string): PgErrorFacts {
  const record =
    typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const raw = error instanceof Error ? error.message : String(error);
  // AggregateError (IPv4 and IPv6 both refused) carries the reason on its members.
  const inner = Array.isArray(record.errors) ? (record.errors[0] as Record<string, unknown>) : null;
  const code = typeof record.code === 'string' ? record.code : ((inner?.code as string) ?? null);
  const message = raw === '' && inner !== null ? String(inner.message ?? '') : raw;
  return { code, message: scrubSecrets(message, [password]).split('\n')[0] ?? '' };
}

export interface ConnectContext {
  variable: string;
  password: string;
  connectionTimeoutMs: number;
  sslMode: string;
}

/** A failure to connect or authenticate: the whole source fails. */
export function mapConnectError(error: unknown, context: ConnectContext): Error {
  const { code, message } = pgErrorFacts(error, context.password);
  const v = context.variable;
  const options = { cause: error, subject: SUBJECT };
  if (code === '28P01') {
    return new MetricsNotConfiguredError(
      'the server rejected the password',
      `put the database user's current password in ${v}`,
      options,
    );
  }
  if (code === '28000') {
    return new MetricsNotConfiguredError(
      `the server refused the connection (${message})`,
      `check the user name and sslmode in ${v} (the server's pg_hba.conf decides who may connect)`,
      options,
    );
  }
  if (code === '3D000') {
    return new MetricsNotConfiguredError(
      `the database does not exist (${message})`,
      `fix the database name at the end of ${v}`,
      options,
    );
  }
  if (/does not support SSL/i.test(message)) {
    return new MetricsNotConfiguredError(
      'the server does not accept TLS',
      `use sslmode=disable in ${v} only for a server on a private network, or enable TLS on it`,
      options,
    );
  }
  if (code !== null && UNTRUSTED_CERTIFICATE_CODES.has(code)) {
    return new MetricsNotConfiguredError(
      `the server's TLS certificate is not trusted (${code}, sslmode=${context.sslMode})`,
      `add sslrootcert=/path/to/ca.crt to ${v} (Supabase: download the CA from the dashboard), or use sslmode=require to encrypt without verifying`,
      options,
    );
  }
  if (code === '53300' || /too many clients|remaining connection slots/i.test(message)) {
    return new MetricsUnavailableError(
      'PostgreSQL has no free connection slot (too many clients); try again shortly, or use the pooler (docs/metrics.md)',
      { cause: error },
    );
  }
  if (code === '57P03') {
    return new MetricsUnavailableError(
      'PostgreSQL is starting up or shutting down; try again in a minute',
      {
        cause: error,
      },
    );
  }
  if (/timeout/i.test(message)) {
    return new MetricsUnavailableError(
      `PostgreSQL did not accept a connection within ${context.connectionTimeoutMs} ms: check the host and port in ${v}, and that the server accepts connections from here`,
      { cause: error },
    );
  }
  if (code !== null && UNREACHABLE_CODES.has(code)) {
    return new MetricsUnavailableError(
      `cannot reach PostgreSQL (${code}): check the host and port in ${v}, and that the server is running and accepts connections from here`,
      { cause: error },
    );
  }
  return new MetricsUnavailableError(
    `PostgreSQL connection failed (${code ?? 'no code'}: ${message})`,
    {
      cause: error,
    },
  );
}

/** Whether a query failure means the connection is gone (the whole source fails, not one metric). */
export function isConnectionLoss(error: unknown): boolean {
  const { code, message } = pgErrorFacts(error, '');
  if (code !== null && UNREACHABLE_CODES.has(code)) return true;
  if (code !== null && /^(08|57P0[123])/.test(code)) return true;
  return /Connection terminated|Client has encountered a connection error|not queryable/i.test(
    message,
  );
}

export interface QueryContext {
  /** The config key of the query ("conversationsPerMonth"). */
  query: string;
  statementTimeoutMs: number;
  password: string;
}

/** Why one configured query gave no value: one line, with the fix. */
export function describeQueryError(error: unknown, context: QueryContext): string {
  const { code, message } = pgErrorFacts(error, context.password);
  const setting = `metrics.postgres.queries.${context.query}`;
  const where = `query ${context.query}`;
  if (code === '57014' || /Query read timeout/i.test(message)) {
    return `${where} took longer than ${context.statementTimeoutMs} ms and was cancelled: add an index (e.g. on conversations(created_at)), simplify ${setting}, or raise metrics.postgres.statementTimeoutMs`;
  }
  if (code === '42P01') {
    return `${where} failed: ${message}: create the table, or point ${setting} at yours`;
  }
  if (code === '42703') {
    return `${where} failed: ${message}: fix the column in ${setting}`;
  }
  if (code === '42501') {
    return `${where} failed: ${message}: GRANT SELECT on it to the user in the connection string`;
  }
  if (code === '25006') {
    return `${where} tried to write (${message}): ${setting} must only read`;
  }
  if (code !== null && /^42/.test(code)) {
    return `${where} is not valid SQL (${code}: ${message}): fix ${setting}`;
  }
  return `${where} failed (${code ?? 'no code'}: ${message})`;
}
