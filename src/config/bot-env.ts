import { z } from 'zod';
import { checkHealthPort } from './ops-env.js';
import { isPlaceholder, placeholderProblem } from './placeholders.js';

/** One actionable line per bad variable; never includes a variable's value. */
export class EnvConfigError extends Error {
  override readonly name = 'EnvConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

export const envSchema = z.object({
  SLACK_BOT_TOKEN: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_SIGNING_SECRET_PREVIOUS: optionalText,
  PORT: optionalText,
  SLACK_API_URL: optionalText,
  MONGODB_URL: optionalText,
  DATA_DIR: optionalText,
  AWS_REGION: optionalText,
  SCALE_REVIEW_CONFIG: optionalText,
  LOG_LEVEL: optionalText,
  SHUTDOWN_DRAIN_SECONDS: optionalText,
  HEALTH_PORT: optionalText,
  // OAuth mode (an installable app): checked by parseInstallEnv (install-env.ts), not here.
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: optionalText,
  SEALING_KEYS: optionalText,
  PUBLIC_URL: optionalText,
  UNINSTALL_RETENTION_DAYS: optionalText,
  SLACK_SCOPES: optionalText,
});

/** How long shutdown waits for answers and connections before it closes them (default). */
export const DEFAULT_DRAIN_SECONDS = 10;
const MAX_DRAIN_SECONDS = 600;

export type SlackMode =
  | { kind: 'socket'; appToken: string }
  | {
      kind: 'http';
      signingSecret: string;
      /** The secret before a rotation, accepted too while Slack still signs with it (24 h). */
      previousSigningSecret: string | null;
      port: number;
    };

export interface BotEnv {
  /** SLACK_BOT_TOKEN; null in OAuth mode (each workspace's token is in the store). */
  botToken: string | null;
  mode: SlackMode;
  slackApiUrl: string | undefined;
  mongodbUrl: string | undefined;
  dataDir: string;
  awsRegion: string | undefined;
  configPath: string | undefined;
  logLevel: (typeof LOG_LEVELS)[number];
  /** SHUTDOWN_DRAIN_SECONDS in milliseconds. */
  drainMs: number;
  /** HEALTH_PORT: the internal health and metrics port; null = none (src/ops/). */
  healthPort: number | null;
}

function checkBotToken(token: string | undefined, problems: string[]): string {
  if (!token) {
    problems.push(
      'SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-...) from your app\'s "OAuth & Permissions" page into .env',
    );
    return '';
  }
  if (isPlaceholder('SLACK_BOT_TOKEN', token)) {
    problems.push(placeholderProblem('SLACK_BOT_TOKEN'));
    return token;
  }
  if (!token.startsWith('xoxb-')) {
    problems.push(
      'SLACK_BOT_TOKEN must be a bot token starting with "xoxb-" (not a user or app token)',
    );
  }
  return token;
}

function checkMode(env: z.infer<typeof envSchema>, oauth: boolean, problems: string[]): SlackMode {
  // OAuth mode is HTTP only: install-env.ts refuses SLACK_APP_TOKEN with it.
  if (env.SLACK_APP_TOKEN && !oauth) {
    if (isPlaceholder('SLACK_APP_TOKEN', env.SLACK_APP_TOKEN)) {
      problems.push(placeholderProblem('SLACK_APP_TOKEN'));
    } else if (!env.SLACK_APP_TOKEN.startsWith('xapp-')) {
      problems.push(
        'SLACK_APP_TOKEN must be an app-level token starting with "xapp-" (Basic Information > App-Level Tokens, scope connections:write)',
      );
    }
    return { kind: 'socket', appToken: env.SLACK_APP_TOKEN };
  }
  if (!env.SLACK_SIGNING_SECRET) {
    problems.push(
      oauth
        ? 'SLACK_SIGNING_SECRET is not set: OAuth mode receives every request over HTTP and needs it (Basic Information > Signing Secret)'
        : 'SLACK_SIGNING_SECRET is not set: HTTP mode needs it (Basic Information > Signing Secret), or set SLACK_APP_TOKEN to use Socket Mode',
    );
  }
  for (const name of ['SLACK_SIGNING_SECRET', 'SLACK_SIGNING_SECRET_PREVIOUS'] as const) {
    const value = env[name];
    if (value !== undefined && isPlaceholder(name, value)) problems.push(placeholderProblem(name));
  }
  const port = env.PORT === undefined ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    problems.push('PORT must be a whole number between 1 and 65535 (default 3000)');
  }
  const previous = env.SLACK_SIGNING_SECRET_PREVIOUS ?? null;
  if (previous !== null && previous === env.SLACK_SIGNING_SECRET) {
    problems.push(
      'SLACK_SIGNING_SECRET_PREVIOUS is the same as SLACK_SIGNING_SECRET: set it to the secret before the rotation, or unset it',
    );
  }
  return {
    kind: 'http',
    signingSecret: env.SLACK_SIGNING_SECRET ?? '',
    previousSigningSecret: previous,
    port,
  };
}

function checkDrain(value: string | undefined, problems: string[]): number {
  if (value === undefined) return DEFAULT_DRAIN_SECONDS * 1000;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_DRAIN_SECONDS) {
    problems.push(
      `SHUTDOWN_DRAIN_SECONDS must be a number of seconds above 0 and at most ${MAX_DRAIN_SECONDS} (default ${DEFAULT_DRAIN_SECONDS})`,
    );
    return DEFAULT_DRAIN_SECONDS * 1000;
  }
  return Math.round(seconds * 1000);
}

function checkUrl(
  name: string,
  value: string | undefined,
  protocols: string[],
  problems: string[],
) {
  if (value === undefined) return;
  try {
    const url = new URL(value);
    if (!protocols.includes(url.protocol)) {
      problems.push(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
    }
  } catch {
    problems.push(`${name} is not a valid URL`);
  }
}

export interface ParseBotEnvOptions {
  /**
   * OAuth mode (src/config/install-env.ts, checked there): no SLACK_BOT_TOKEN, HTTP only. The
   * bot's start (src/config/start-env.ts) parses both and reports every problem at once.
   */
  oauth?: boolean;
}

/** Parses the bot's environment once at startup. Throws EnvConfigError listing every problem. */
export function parseBotEnv(raw: NodeJS.ProcessEnv, options: ParseBotEnvOptions = {}): BotEnv {
  const env = envSchema.parse(raw);
  const oauth = options.oauth ?? false;
  const problems: string[] = [];
  const botToken = oauth ? null : checkBotToken(env.SLACK_BOT_TOKEN, problems);
  const mode = checkMode(env, oauth, problems);
  checkUrl('SLACK_API_URL', env.SLACK_API_URL, ['http:', 'https:'], problems);
  checkUrl('MONGODB_URL', env.MONGODB_URL, ['mongodb:', 'mongodb+srv:'], problems);
  const drainMs = checkDrain(env.SHUTDOWN_DRAIN_SECONDS, problems);
  const publicPort = mode.kind === 'http' ? mode.port : null;
  const healthPort = checkHealthPort(env.HEALTH_PORT, publicPort, problems);
  const logLevel = (env.LOG_LEVEL ?? 'info').toLowerCase();
  const level = LOG_LEVELS.find((l) => l === logLevel);
  if (!level) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  if (problems.length > 0) throw new EnvConfigError(problems);
  return {
    botToken,
    mode,
    slackApiUrl: env.SLACK_API_URL && withTrailingSlash(env.SLACK_API_URL),
    mongodbUrl: env.MONGODB_URL,
    dataDir: env.DATA_DIR ?? './data',
    awsRegion: env.AWS_REGION,
    configPath: env.SCALE_REVIEW_CONFIG,
    logLevel: level ?? 'info',
    drainMs,
    healthPort,
  };
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
