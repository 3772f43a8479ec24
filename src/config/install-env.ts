import { z } from 'zod';
import { GENERATE_KEY_HINT, parseSealingKeys, type SealingKey } from '../secrets/sealing-keys.js';
import { EnvConfigError } from './bot-env.js';
import { SCOPE_PATTERN, SLACK_BOT_SCOPES } from './slack-scopes.js';

/**
 * OAuth mode, the installable app: many workspaces install it through Slack's OAuth v2 flow and
 * each one's tokens are sealed in the store. Its variables are parsed here, apart from the
 * single-workspace ones of bot-env.ts; any one of SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and
 * SLACK_STATE_SECRET turns it on. Every problem is reported at once, one line each, never a value.
 */

export const OAUTH_CLIENT_VARIABLES = [
  'SLACK_CLIENT_ID',
  'SLACK_CLIENT_SECRET',
  'SLACK_STATE_SECRET',
] as const;

/** How long a workspace's data stays after it uninstalls the app, in days (default and bounds). */
export const DEFAULT_UNINSTALL_RETENTION_DAYS = 7;
export const MAX_UNINSTALL_RETENTION_DAYS = 90;
/** SLACK_STATE_SECRET signs the OAuth state (the CSRF check of the install redirect). */
export const MIN_STATE_SECRET_LENGTH = 32;

const STATE_SECRET_HINT = 'generate one with: openssl rand -base64 32';
const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

// Empty (or blank) counts as unset, as in a .env file with `NAME=`.
const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

export const installEnvSchema = z.object({
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: optionalText,
  SEALING_KEYS: optionalText,
  PUBLIC_URL: optionalText,
  UNINSTALL_RETENTION_DAYS: optionalText,
  SLACK_SCOPES: optionalText,
  // Read only to refuse a mix of the two modes.
  SLACK_BOT_TOKEN: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
});
type RawInstallEnv = z.infer<typeof installEnvSchema>;

export interface InstallEnv {
  /** SLACK_CLIENT_ID: Basic Information > App Credentials (digits.digits). */
  clientId: string;
  /** SLACK_CLIENT_SECRET: exchanges install codes and refresh tokens (oauth.v2.access). */
  clientSecret: string;
  /** SLACK_STATE_SECRET: signs the OAuth state; at least 32 characters. */
  stateSecret: string;
  /** SEALING_KEYS: the first key seals, every one opens (src/secrets/sealer.ts). */
  sealingKeys: readonly SealingKey[];
  /** PUBLIC_URL without a trailing slash: where the install page and the redirect live. */
  publicUrl: string;
  /** UNINSTALL_RETENTION_DAYS: 0 deletes a workspace's data at once after it uninstalls. */
  uninstallRetentionDays: number;
  /** SLACK_SCOPES, else the bot scopes of manifest.yml (SLACK_BOT_SCOPES). */
  scopes: readonly string[];
}

/** Required together in OAuth mode. */
const REQUIRED_VARIABLES = [...OAUTH_CLIENT_VARIABLES, 'SEALING_KEYS', 'PUBLIC_URL'] as const;
type RequiredVariable = (typeof REQUIRED_VARIABLES)[number];

const WHERE = {
  SLACK_CLIENT_ID: 'the Client ID from your app\'s "Basic Information > App Credentials"',
  SLACK_CLIENT_SECRET: 'the Client Secret from your app\'s "Basic Information > App Credentials"',
  SLACK_STATE_SECRET: `a random secret of at least ${MIN_STATE_SECRET_LENGTH} characters that signs the install state; ${STATE_SECRET_HINT}`,
  SEALING_KEYS: `the key that seals tokens in the store, as k1:<key>; ${GENERATE_KEY_HINT} (docs/operations.md, "Sealing keys")`,
  PUBLIC_URL:
    'the https:// address Slack and browsers reach the app at, e.g. https://scale-review.example.com',
} as const satisfies Record<RequiredVariable, string>;

function missing(name: RequiredVariable, setBy: readonly string[]): string {
  return `${name} is not set: OAuth mode (on because ${setBy.join(' and ')} ${setBy.length > 1 ? 'are' : 'is'} set) needs ${WHERE[name]}`;
}

function checkClient(env: RawInstallEnv, problems: string[]): void {
  if (env.SLACK_CLIENT_ID !== undefined && !/^\d+\.\d+$/.test(env.SLACK_CLIENT_ID)) {
    problems.push(
      'SLACK_CLIENT_ID must be the Client ID from "Basic Information > App Credentials" (digits.digits, e.g. 1234567890.1234567890), not the App ID',
    );
  }
  const secret = env.SLACK_CLIENT_SECRET;
  if (secret !== undefined && /\s/.test(secret)) {
    problems.push('SLACK_CLIENT_SECRET contains a space: paste the Client Secret alone');
  }
  if (secret !== undefined && secret === env.SLACK_SIGNING_SECRET) {
    problems.push(
      'SLACK_CLIENT_SECRET is the same as SLACK_SIGNING_SECRET: copy the Client Secret (Basic Information > App Credentials), not the Signing Secret',
    );
  }
  const state = env.SLACK_STATE_SECRET;
  if (state !== undefined && state.length < MIN_STATE_SECRET_LENGTH) {
    problems.push(
      `SLACK_STATE_SECRET must be at least ${MIN_STATE_SECRET_LENGTH} characters (got ${state.length}); ${STATE_SECRET_HINT}`,
    );
  }
  if (state !== undefined && (state === secret || state === env.SLACK_SIGNING_SECRET)) {
    problems.push(
      `SLACK_STATE_SECRET must be a secret of its own, not the Client or Signing Secret; ${STATE_SECRET_HINT}`,
    );
  }
}

function checkModes(env: RawInstallEnv, problems: string[]): void {
  if (env.SLACK_BOT_TOKEN !== undefined) {
    problems.push(
      'SLACK_BOT_TOKEN is set as well as OAuth mode (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET): pick one. One workspace: keep SLACK_BOT_TOKEN and unset those three. An installable app: unset SLACK_BOT_TOKEN (each workspace gets its token when it installs)',
    );
  }
  if (env.SLACK_APP_TOKEN !== undefined) {
    problems.push(
      "SLACK_APP_TOKEN (Socket Mode) cannot be used in OAuth mode: installs and events reach an installable app over HTTP (Slack's Marketplace does not accept Socket Mode apps); unset SLACK_APP_TOKEN and set SLACK_SIGNING_SECRET, or run one workspace with SLACK_BOT_TOKEN",
    );
  }
}

function checkSealingKeys(raw: string, problems: string[]): readonly SealingKey[] {
  const parsed = parseSealingKeys(raw);
  if (parsed.ok) return parsed.keys;
  problems.push(...parsed.problems);
  return [];
}

/** PUBLIC_URL as origin and path without a trailing slash; https except on this machine. */
function checkPublicUrl(value: string, problems: string[]): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`PUBLIC_URL is not a valid URL: set it to ${WHERE.PUBLIC_URL}`);
    return '';
  }
  const local = LOCAL_HOSTS.includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    problems.push(
      'PUBLIC_URL must start with https:// (http:// only for localhost or 127.0.0.1): Slack redirects installs to it',
    );
  }
  if (url.username !== '' || url.password !== '') {
    problems.push('PUBLIC_URL must not contain a user name or password');
  }
  if (url.search !== '' || url.hash !== '') {
    problems.push('PUBLIC_URL must be a base address, without ?query or #fragment');
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function checkRetention(value: string | undefined, problems: string[]): number {
  if (value === undefined) return DEFAULT_UNINSTALL_RETENTION_DAYS;
  const days = Number(value);
  if (!/^\d+$/.test(value) || days > MAX_UNINSTALL_RETENTION_DAYS) {
    problems.push(
      `UNINSTALL_RETENTION_DAYS must be a whole number of days from 0 to ${MAX_UNINSTALL_RETENTION_DAYS} (default ${DEFAULT_UNINSTALL_RETENTION_DAYS}): how long a workspace's data stays after it uninstalls the app`,
    );
    return DEFAULT_UNINSTALL_RETENTION_DAYS;
  }
  return days;
}

function checkScopes(value: string | undefined, problems: string[]): readonly string[] {
  if (value === undefined) return SLACK_BOT_SCOPES;
  const entries = value.split(',').map((s) => s.trim());
  const bad = entries.flatMap((scope, i) => (SCOPE_PATTERN.test(scope) ? [] : [i + 1]));
  if (bad.length > 0) {
    problems.push(
      `SLACK_SCOPES entry ${bad.join(', ')} is not a Slack scope: list bot scopes separated by commas, e.g. commands,chat:write (unset: the bot scopes of manifest.yml)`,
    );
  }
  return [...new Set(entries)];
}

/**
 * The OAuth mode's settings, or null when none of SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and
 * SLACK_STATE_SECRET is set (single-workspace mode: bot-env.ts alone). The other variables of
 * this file are read only in OAuth mode.
 * @throws EnvConfigError listing every problem, one actionable line each, never a value.
 */
export function parseInstallEnv(raw: NodeJS.ProcessEnv): InstallEnv | null {
  const env = installEnvSchema.parse(raw);
  const setBy = OAUTH_CLIENT_VARIABLES.filter((name) => env[name] !== undefined);
  if (setBy.length === 0) return null;
  const problems: string[] = [];
  for (const name of REQUIRED_VARIABLES) {
    if (env[name] === undefined) problems.push(missing(name, setBy));
  }
  checkClient(env, problems);
  checkModes(env, problems);
  const sealingKeys =
    env.SEALING_KEYS === undefined ? [] : checkSealingKeys(env.SEALING_KEYS, problems);
  const publicUrl = env.PUBLIC_URL === undefined ? '' : checkPublicUrl(env.PUBLIC_URL, problems);
  const uninstallRetentionDays = checkRetention(env.UNINSTALL_RETENTION_DAYS, problems);
  const scopes = checkScopes(env.SLACK_SCOPES, problems);
  if (problems.length > 0) throw new EnvConfigError(problems);
  return {
    clientId: env.SLACK_CLIENT_ID ?? '',
    clientSecret: env.SLACK_CLIENT_SECRET ?? '',
    stateSecret: env.SLACK_STATE_SECRET ?? '',
    sealingKeys,
    publicUrl,
    uninstallRetentionDays,
    scopes,
  };
}
