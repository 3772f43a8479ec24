import { z } from 'zod';
import { isPlaceholder, placeholderProblem } from './placeholders.js';

/** The environment the CLI reads. Only src/config/ reads process.env; main passes it in. */
export interface CliEnv {
  /** SCALE_REVIEW_CONFIG: an explicit config file path; null = look for ./scale-review.yml. */
  configPath: string | null;
  /** MONGODB_URL: use MongoDB; null = the embedded store. Validated by the store (never printed). */
  mongodbUrl: string | null;
  /** DATA_DIR: the embedded store's directory; null = `store.dataDir` from the config (./data). */
  dataDir: string | null;
  /** AWS_REGION, for CloudWatch; `metrics.cloudwatch.region` wins. */
  awsRegion: string | null;
  /** SLACK_BOT_TOKEN, for `digest --now`; see requireSlackEnv. */
  slackBotToken: string | null;
  /** SLACK_API_URL, the Web API base (tests point it at a fake); null = Slack's. */
  slackApiUrl: string | null;
}

/** A variable the command needs is missing or malformed. One line with the fix; never the value. */
export class CliEnvError extends Error {
  override readonly name = 'CliEnvError';
  /** The variable concerned, e.g. SLACK_BOT_TOKEN. */
  readonly variable: string;

  constructor(variable: string, message: string) {
    super(message);
    this.variable = variable;
  }
}

// Empty (or blank) counts as unset, as in a .env file with `NAME=`.
const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === undefined || value === '' ? null : value));

export const cliEnvSchema = z.object({
  SCALE_REVIEW_CONFIG: optionalText,
  MONGODB_URL: optionalText,
  DATA_DIR: optionalText,
  AWS_REGION: optionalText,
  SLACK_BOT_TOKEN: optionalText,
  SLACK_API_URL: optionalText,
});

/** Reads the CLI's variables; an empty value counts as unset. Never throws on a bad value. */
export function readCliEnv(env: NodeJS.ProcessEnv): CliEnv {
  const parsed = cliEnvSchema.parse({
    SCALE_REVIEW_CONFIG: env.SCALE_REVIEW_CONFIG,
    MONGODB_URL: env.MONGODB_URL,
    DATA_DIR: env.DATA_DIR,
    AWS_REGION: env.AWS_REGION,
    SLACK_BOT_TOKEN: env.SLACK_BOT_TOKEN,
    SLACK_API_URL: env.SLACK_API_URL,
  });
  return {
    configPath: parsed.SCALE_REVIEW_CONFIG,
    mongodbUrl: parsed.MONGODB_URL,
    dataDir: parsed.DATA_DIR,
    awsRegion: parsed.AWS_REGION,
    slackBotToken: parsed.SLACK_BOT_TOKEN,
    slackApiUrl: parsed.SLACK_API_URL,
  };
}

export interface SlackEnv {
  botToken: string;
  /** With a trailing slash, as @slack/web-api expects; undefined = Slack's own API. */
  apiUrl: string | undefined;
}

/**
 * The Slack settings of a command that posts (`digest --now`).
 * @throws CliEnvError naming the variable and the fix.
 */
export function requireSlackEnv(env: CliEnv): SlackEnv {
  const token = env.slackBotToken;
  if (token === null) {
    throw new CliEnvError(
      'SLACK_BOT_TOKEN',
      'SLACK_BOT_TOKEN is not set: set it to the Bot User OAuth Token (xoxb-...) from your Slack app\'s "OAuth & Permissions" page, in the environment or in ./.env as for the bot (an installable app has no such token: its bot sends each workspace\'s digests itself, and `digest --now` serves a one-workspace deployment only)',
    );
  }
  if (isPlaceholder('SLACK_BOT_TOKEN', token)) {
    throw new CliEnvError('SLACK_BOT_TOKEN', placeholderProblem('SLACK_BOT_TOKEN'));
  }
  if (!token.startsWith('xoxb-')) {
    throw new CliEnvError(
      'SLACK_BOT_TOKEN',
      'SLACK_BOT_TOKEN must be a bot token starting with "xoxb-" (not a user or app token)',
    );
  }
  return { botToken: token, apiUrl: slackApiUrl(env.slackApiUrl) };
}

function slackApiUrl(value: string | null): string | undefined {
  if (value === null) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliEnvError(
      'SLACK_API_URL',
      'SLACK_API_URL is not a valid URL; unset it to use https://slack.com/api/',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliEnvError('SLACK_API_URL', 'SLACK_API_URL must start with http:// or https://');
  }
  return value.endsWith('/') ? value : `${value}/`;
}
