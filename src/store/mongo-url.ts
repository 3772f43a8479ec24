/**
 * Just enough MongoDB connection-string parsing to name the host and the database in messages
 * without ever printing the password. Parsing errs towards redacting too much.
 */

export interface MongoUrlParts {
  scheme: string;
  username: string | null;
  password: string | null;
  /** "host:port" entries as written (mongodb+srv: one DNS name). */
  hosts: string[];
  /** From the URL path, decoded; null when the URL has none. */
  database: string | null;
  /** Raw query string without the leading '?', or ''. */
  query: string;
}

const SCHEME = /^(mongodb(?:\+srv)?):\/\//i;
const HOST_LIST = /^[A-Za-z0-9._\-:[\],%]*$/;
const SENSITIVE = /pass|secret|token|key|credential/i;
const MASK = '****';

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The rightmost '@' followed by something that looks like a host list ends the user info. */
function userInfoEnd(rest: string): number {
  for (let at = rest.lastIndexOf('@'); at !== -1; at = rest.lastIndexOf('@', at - 1)) {
    const after = rest.slice(at + 1);
    const hostEnd = after.search(/[/?]/);
    if (HOST_LIST.test(hostEnd === -1 ? after : after.slice(0, hostEnd))) return at;
    if (at === 0) break;
  }
  return -1;
}

export function parseMongoUrl(url: string): MongoUrlParts | null {
  const scheme = SCHEME.exec(url);
  if (!scheme?.[1]) return null;
  const rest = url.slice(scheme[0].length);
  const at = userInfoEnd(rest);
  const userInfo = at === -1 ? null : rest.slice(0, at);
  const afterAuth = at === -1 ? rest : rest.slice(at + 1);
  const queryStart = afterAuth.indexOf('?');
  const beforeQuery = queryStart === -1 ? afterAuth : afterAuth.slice(0, queryStart);
  const query = queryStart === -1 ? '' : afterAuth.slice(queryStart + 1);
  const slash = beforeQuery.indexOf('/');
  const hostPart = slash === -1 ? beforeQuery : beforeQuery.slice(0, slash);
  const path = slash === -1 ? '' : beforeQuery.slice(slash + 1);
  const colon = userInfo === null ? -1 : userInfo.indexOf(':');
  return {
    scheme: scheme[1].toLowerCase(),
    username:
      userInfo === null ? null : safeDecode(colon === -1 ? userInfo : userInfo.slice(0, colon)),
    password: userInfo === null || colon === -1 ? null : userInfo.slice(colon + 1),
    hosts: hostPart.split(',').filter((host) => host !== ''),
    database: path === '' ? null : safeDecode(path),
    query,
  };
}

function redactQuery(query: string): string {
  if (query === '') return '';
  const params = query.split('&').map((param) => {
    const eq = param.indexOf('=');
    if (eq === -1) return param;
    const name = param.slice(0, eq);
    return SENSITIVE.test(name) || SENSITIVE.test(safeDecode(param.slice(eq + 1)))
      ? `${name}=${MASK}`
      : param;
  });
  return `?${params.join('&')}`;
}

/**
 * The URL with the password (and secret-looking query values) replaced by ****.
 * Not a MongoDB URL at all: only the scheme-less hint '<not a mongodb:// URL>' (it may be a secret).
 */
export function redactMongoUrl(url: string): string {
  const parts = parseMongoUrl(url);
  if (!parts) return '<not a mongodb:// or mongodb+srv:// URL>';
  const user =
    parts.username === null
      ? ''
      : `${encodeURIComponent(parts.username)}${parts.password === null ? '' : `:${MASK}`}@`;
  const database = parts.database === null ? '' : `/${encodeURIComponent(parts.database)}`;
  return `${parts.scheme}://${user}${parts.hosts.join(',')}${database}${redactQuery(parts.query)}`;
}

/** "db1:27017,db2:27017", or "(no host)" for a URL without one. */
export function describeHosts(url: string): string {
  const hosts = parseMongoUrl(url)?.hosts ?? [];
  return hosts.length === 0 ? '(no host)' : hosts.join(',');
}

/**
 * Remove the URL's password (raw and decoded) from a free text such as a driver error message.
 * A password shorter than 4 characters cannot be scrubbed without mangling the text: null then.
 */
export function scrubPassword(text: string, url: string): string | null {
  const password = parseMongoUrl(url)?.password ?? null;
  if (password === null || password === '') return text;
  const variants = [...new Set([password, safeDecode(password)])];
  if (variants.some((variant) => variant.length < 4)) return null;
  return variants.reduce((out, variant) => out.split(variant).join(MASK), text);
}
