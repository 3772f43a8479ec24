import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_BOT_TOKEN } from '../../test/support/bot-harness.js';
import { TEST_SIGNING_SECRET } from '../../test/support/slack-request.js';
import { FAKE_AWS_ENV } from './services.js';

/** A temporary directory with a scale-review.yml and the environment `npm start` would get. */
export interface BotWorkspace {
  dir: string;
  env: Record<string, string>;
  remove(): Promise<void>;
}

export interface BotWorkspaceOptions {
  configYaml: string;
  /** The fake Slack's Web API URL (SLACK_API_URL). */
  apiUrl: string;
  port: number;
  /** moto's URL: the AWS SDK reads AWS_ENDPOINT_URL_CLOUDWATCH itself. */
  motoUrl: string;
  /** MONGODB_URL; unset: the embedded SQLite store in the workspace. */
  mongodbUrl?: string;
  logLevel?: string;
}

export async function botWorkspace(options: BotWorkspaceOptions): Promise<BotWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), 'scale-review-bench-'));
  const configPath = join(dir, 'scale-review.yml');
  await writeFile(configPath, options.configYaml);
  return {
    dir,
    env: {
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: options.apiUrl,
      PORT: String(options.port),
      DATA_DIR: join(dir, 'data'),
      SCALE_REVIEW_CONFIG: configPath,
      LOG_LEVEL: options.logLevel ?? 'info',
      AWS_ENDPOINT_URL_CLOUDWATCH: options.motoUrl,
      ...FAKE_AWS_ENV,
      ...(options.mongodbUrl === undefined ? {} : { MONGODB_URL: options.mongodbUrl }),
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
