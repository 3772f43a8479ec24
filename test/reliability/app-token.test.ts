import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_APP_TOKEN, TEST_BOT_TOKEN } from '../support/bot-harness.js';
import { spawnBot } from '../support/bot-process.js';
import { FakeSlack, type FakeSlackOptions } from '../support/fake-slack.js';
import { PROCESS_DEADLINE_MS, within } from '../support/wait.js';

/**
 * A Socket Mode start with an app token Slack refuses, as a real process: it must stop with one
 * line naming SLACK_APP_TOKEN and what is wrong, not retry for ever.
 */

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scale-review-app-token-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function startWith(options: FakeSlackOptions) {
  const slack = new FakeSlack(options);
  const { apiUrl } = await slack.start();
  const bot = await spawnBot(
    {
      HOME: dir,
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_APP_TOKEN: TEST_APP_TOKEN,
      SLACK_API_URL: apiUrl,
      DATA_DIR: join(dir, `data-${Math.random().toString(36).slice(2)}`),
    },
    dir,
  );
  // A generous deadline: the old client retried for ever
  const exit = await within(bot.exited, PROCESS_DEADLINE_MS, 'still running' as const);
  await bot.kill('SIGKILL');
  await slack.close();
  const stderr = bot
    .output()
    .split('\n')
    .filter((line) => line.startsWith('scale-review:'));
  return { exit, stderr, output: bot.output() };
}

describe('an app token Slack refuses stops a Socket Mode start', () => {
  it('without connections:write (missing_scope): exit 2, one line naming the token and the scope', async () => {
    // Act: Slack answers missing_scope, which the Socket Mode client used to retry every 5-10 s
    const result = await startWith({
      tokenScopes: { [TEST_APP_TOKEN]: ['authorizations:read'] },
    });
    // Assert
    expect(result.exit).toBe(2);
    expect(result.stderr).toEqual([
      'scale-review: Slack refused SLACK_APP_TOKEN (missing_scope): the token lacks the connections:write scope (it has: authorizations:read); copy an app-level token with connections:write under "Basic Information > App-Level Tokens" into .env',
    ]);
    expect(result.output).not.toContain('Scale Review is running');
    expect(result.output).not.toContain(TEST_APP_TOKEN);
  }, 60_000);

  it('revoked or mistyped (invalid_auth): exit 2, one line naming the token', async () => {
    const result = await startWith({ validTokens: [TEST_BOT_TOKEN] });
    expect(result.exit).toBe(2);
    expect(result.stderr).toEqual([
      'scale-review: Slack refused SLACK_APP_TOKEN (invalid_auth): copy an app-level token with connections:write under "Basic Information > App-Level Tokens" into .env',
    ]);
    expect(result.output).not.toContain(TEST_APP_TOKEN);
  }, 60_000);
});
