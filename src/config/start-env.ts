import { type BotEnv, EnvConfigError, envSchema, parseBotEnv } from './bot-env.js';
import { type InstallEnv, OAUTH_CLIENT_VARIABLES, parseInstallEnv } from './install-env.js';

/**
 * The bot's whole environment: bot-env.ts (ports, store, Slack transport) and, in OAuth mode,
 * install-env.ts (client credentials, sealing keys, public URL), every problem of both reported at
 * once, one line each. Two ways to run:
 * - `token`: one workspace, SLACK_BOT_TOKEN, Socket Mode or HTTP (as before);
 * - `oauth`: an installable app (any of SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET
 *   set), HTTP only, each workspace's token from its install, sealed in the store.
 */

export type SlackAuth =
  | { kind: 'token'; botToken: string }
  | { kind: 'oauth'; install: InstallEnv };

export interface StartEnv extends BotEnv {
  auth: SlackAuth;
}

/** Whether the environment asks for OAuth mode (what parseInstallEnv keys on). */
export function oauthRequested(raw: NodeJS.ProcessEnv): boolean {
  const env = envSchema.parse(raw);
  return OAUTH_CLIENT_VARIABLES.some((name) => env[name] !== undefined);
}

function collect<T>(problems: string[], parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof EnvConfigError)) throw error;
    problems.push(...error.problems);
    return undefined;
  }
}

/** @throws EnvConfigError listing every problem of both modes' variables. */
export function parseStartEnv(raw: NodeJS.ProcessEnv): StartEnv {
  const oauth = oauthRequested(raw);
  const problems: string[] = [];
  const bot = collect(problems, () => parseBotEnv(raw, { oauth }));
  const install = oauth ? collect(problems, () => parseInstallEnv(raw)) : null;
  if (problems.length > 0 || bot === undefined || install === undefined) {
    throw new EnvConfigError(problems);
  }
  if (install !== null) return { ...bot, auth: { kind: 'oauth', install } };
  if (bot.botToken === null) throw new EnvConfigError(['SLACK_BOT_TOKEN is not set']);
  return { ...bot, auth: { kind: 'token', botToken: bot.botToken } };
}
