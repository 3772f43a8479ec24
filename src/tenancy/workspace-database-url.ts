import { MetricsNotConfiguredError } from '../metrics/errors.js';
import { parseDatabaseUrl } from '../metrics/postgres/database-url.js';

/**
 * The PostgreSQL connection URL a workspace admin types in Settings (pure). It is checked as the
 * deployment's own URL is (src/metrics/postgres/database-url.ts), and more strictly: a workspace
 * may not name files or sockets on the server Scale Review runs on (`sslrootcert`, `sslcert`,
 * `sslkey`, or a `host` parameter pointing at a Unix socket), which belong to the operator. No
 * message repeats the URL or any part of it.
 */

/** What the Settings modal calls the field in messages. */
export const DATABASE_URL_LABEL = 'the connection URL';

/** Query parameters that name a file or a socket on the server, or pass another password. */
const SERVER_SIDE_PARAMETERS = [
  'sslrootcert',
  'sslcert',
  'sslkey',
  'sslpassword',
  'host',
  'hostaddr',
  'passfile',
  'service',
] as const;

const EXAMPLE = 'postgres://USER:PASSWORD@HOST:5432/DATABASE?sslmode=require';

/** Why the URL cannot be used (one line, no part of the URL), or null when it can. */
export function workspaceDatabaseUrlProblem(value: string): string | null {
  const trimmed = value.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return `expected a connection URL such as ${EXAMPLE}`;
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    return `expected a URL starting with postgres:// or postgresql://, such as ${EXAMPLE}`;
  }
  const named = SERVER_SIDE_PARAMETERS.filter((name) => url.searchParams.has(name));
  if (named.length > 0) {
    return `remove ${named.join(', ')}: a workspace's URL may not name files, sockets or services on the Scale Review server (sslmode=require encrypts without a certificate file)`;
  }
  try {
    parseDatabaseUrl(trimmed, DATABASE_URL_LABEL);
    return null;
  } catch (error) {
    if (error instanceof MetricsNotConfiguredError) return `${error.what}: expected ${EXAMPLE}`;
    throw error;
  }
}
