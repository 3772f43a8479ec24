import { ENV_PLACEHOLDERS } from '../../src/config/placeholders.js';

/**
 * Every environment variable, for docs/config.md and .env.example. The test
 * test/docs/config-reference.test.ts holds this list to the zod schemas of src/config (the bot's
 * and the CLI's), so a variable added there without a line here fails it.
 */
export interface EnvVar {
  name: string;
  /** Who reads it: the bot (`npm start`), the CLI, or the AWS SDK itself. */
  readBy: readonly ('bot' | 'cli' | 'aws-sdk')[];
  /** The default, as the docs show it; null when there is none. */
  default: string | null;
  text: string;
  /** .env.example: the line is active (with this value) rather than commented out. */
  active?: string;
  /** .env.example: a value to show commented out. */
  example?: string;
  /** .env.example: a second comment line, just above the variable (what to do with it). */
  note?: string;
}

export const ENV_VARS: readonly EnvVar[] = [
  {
    name: 'SHUTDOWN_DRAIN_SECONDS',
    readBy: ['bot'],
    default: '10',
    text: 'How long SIGTERM waits for answers, connections and a digest tick before closing them',
    example: '10',
  },
  {
    name: 'SLACK_BOT_TOKEN',
    readBy: ['bot', 'cli'],
    default: null,
    text: 'One workspace: required by the bot (and `digest --now`), the Bot User OAuth Token, xoxb-…; unset in OAuth mode (each workspace gets its token when it installs)',
    active: ENV_PLACEHOLDERS.SLACK_BOT_TOKEN,
    note: 'Replace the placeholder: the bot refuses to start with it',
  },
  {
    name: 'SLACK_APP_TOKEN',
    readBy: ['bot'],
    default: null,
    text: 'The app-level token (xapp-…, scope connections:write): Socket Mode. Without it the bot runs in HTTP mode',
    example: ENV_PLACEHOLDERS.SLACK_APP_TOKEN,
    note: 'Socket Mode: uncomment it and paste the token; delete for HTTP mode',
  },
  {
    name: 'SLACK_SIGNING_SECRET',
    readBy: ['bot'],
    default: null,
    text: 'HTTP mode and OAuth mode: required (Basic Information > Signing Secret)',
    example: ENV_PLACEHOLDERS.SLACK_SIGNING_SECRET,
  },
  {
    name: 'SLACK_SIGNING_SECRET_PREVIOUS',
    readBy: ['bot'],
    default: null,
    text: 'HTTP mode: the previous signing secret, accepted too while you rotate it (docs/slack.md)',
    example: ENV_PLACEHOLDERS.SLACK_SIGNING_SECRET_PREVIOUS,
  },
  {
    name: 'SLACK_CLIENT_ID',
    readBy: ['bot'],
    default: null,
    text: 'OAuth mode (an installable app, HTTP only): the Client ID (Basic Information > App Credentials). Needs SLACK_CLIENT_SECRET, SLACK_STATE_SECRET, SEALING_KEYS and PUBLIC_URL too; refused with SLACK_BOT_TOKEN or SLACK_APP_TOKEN',
    note: 'An installable app (OAuth mode): set this one and the next four together, and delete SLACK_BOT_TOKEN',
  },
  {
    name: 'SLACK_CLIENT_SECRET',
    readBy: ['bot'],
    default: null,
    text: 'OAuth mode: the Client Secret (Basic Information > App Credentials)',
  },
  {
    name: 'SLACK_STATE_SECRET',
    readBy: ['bot'],
    default: null,
    text: 'OAuth mode: at least 32 random characters that sign the install state (the CSRF check); `openssl rand -base64 32`',
  },
  {
    name: 'SEALING_KEYS',
    readBy: ['bot'],
    default: null,
    text: 'OAuth mode: the keys that seal tokens in the store, comma-separated `kid:base64key` of 32 bytes each; the first seals, all open (docs/operations.md, "Sealing keys")',
    example: 'k1:<output of openssl rand -base64 32>',
  },
  {
    name: 'PUBLIC_URL',
    readBy: ['bot'],
    default: null,
    text: 'OAuth mode: the https:// address the app is reached at (install page, OAuth redirect); http:// only for localhost or 127.0.0.1',
    example: 'https://scale-review.example.com',
  },
  {
    name: 'UNINSTALL_RETENTION_DAYS',
    readBy: ['bot'],
    default: '7',
    text: "OAuth mode: how many days a workspace's data stays after it uninstalls the app, 0 to 90",
    example: '7',
  },
  {
    name: 'SLACK_SCOPES',
    readBy: ['bot'],
    default: null,
    text: 'OAuth mode: the bot scopes to ask for, comma-separated; unset: the bot scopes of manifest.yml',
  },
  {
    name: 'SCALE_REVIEW_DATABASE_URL',
    readBy: ['bot', 'cli'],
    default: null,
    text: 'The PostgreSQL connection string of a `postgres` metrics source (or the variable named in metrics.postgres.urlEnv); its password is never shown',
    example: 'postgres://app:password@db.example.com:5432/app?sslmode=require',
  },
  {
    name: 'PORT',
    readBy: ['bot'],
    default: '3000',
    text: 'HTTP mode: the port Slack posts to (/slack/events, /livez, /readyz)',
    example: '3000',
  },
  {
    name: 'HEALTH_PORT',
    readBy: ['bot'],
    default: null,
    text: 'The internal health and metrics port (/livez, /readyz, /status, /metrics); unset: none. Must differ from PORT',
    example: '9464',
  },
  {
    name: 'SLACK_API_URL',
    readBy: ['bot', 'cli'],
    default: 'https://slack.com/api/',
    text: 'The Web API base URL (a proxy; the tests point it at a fake Slack)',
  },
  {
    name: 'MONGODB_URL',
    readBy: ['bot', 'cli'],
    default: null,
    text: 'Use MongoDB (a replica set for several replicas); unset: the embedded store. Never logged with its password',
    example: 'mongodb://scale:PASSWORD@db1:27017,db2:27017,db3:27017/scale_review?replicaSet=rs0',
  },
  {
    name: 'DATA_DIR',
    readBy: ['bot', 'cli'],
    default: './data',
    text: 'The embedded store directory (else store.dataDir); one process at a time',
    example: './data',
  },
  {
    name: 'AWS_REGION',
    readBy: ['bot', 'cli'],
    default: null,
    text: "CloudWatch's region (metrics.cloudwatch.region wins)",
    example: 'us-east-1',
  },
  {
    name: 'SCALE_REVIEW_CONFIG',
    readBy: ['bot', 'cli'],
    default: './scale-review.yml',
    text: 'The config file (docs/config.md); when set, it must exist',
    example: './scale-review.yml',
  },
  {
    name: 'LOG_LEVEL',
    readBy: ['bot'],
    default: 'info',
    text: 'fatal, error, warn, info, debug, trace or silent (JSON lines on stdout)',
    example: 'info',
  },
  {
    name: 'AWS_ENDPOINT_URL_CLOUDWATCH',
    readBy: ['aws-sdk'],
    default: null,
    text: 'Another CloudWatch endpoint (e.g. an emulator)',
  },
  {
    name: 'AWS_PROFILE',
    readBy: ['aws-sdk'],
    default: null,
    text: 'Credentials: the default chain (environment, profile, SSO, container or instance role)',
  },
  {
    name: 'AWS_ACCESS_KEY_ID',
    readBy: ['aws-sdk'],
    default: null,
    text: 'Credentials, with AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN); prefer a role',
  },
  {
    name: 'AWS_SECRET_ACCESS_KEY',
    readBy: ['aws-sdk'],
    default: null,
    text: 'See AWS_ACCESS_KEY_ID',
  },
  { name: 'AWS_SESSION_TOKEN', readBy: ['aws-sdk'], default: null, text: 'See AWS_ACCESS_KEY_ID' },
];
