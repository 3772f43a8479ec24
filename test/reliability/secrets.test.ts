import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { defaultStoreConfig } from '../../src/store/config.js';
import { MongoStore } from '../../src/store/mongo/mongo-store.js';
import { ackButton, firstRecommendation } from '../slack/helpers.js';
import { CapturingLogger } from '../store/fixtures.js';
import { dropDatabase, randomDatabaseName, withDatabase } from '../store/mongo-harness.js';
import { BUSY_WEEK } from '../support/bot-harness.js';
import { type BotProcess, spawnBot } from '../support/bot-process.js';
import { FakeSlack } from '../support/fake-slack.js';
import {
  blockActionsBody,
  postSigned,
  slashCommandBody,
  slashCommandFields,
} from '../support/slack-request.js';
import { PROCESS_DEADLINE_MS, waitFor } from '../support/wait.js';
import { seedDueSubscriptions } from './support/capture.js';
import { leakedSecrets, passwordOf, RELIABILITY_SECRETS, withPassword } from './support/secrets.js';

/**
 * The built bot (`npm start`) as a real process, at LOG_LEVEL=trace, with distinctive secrets:
 * a bot token, a signing secret, an app token (Socket Mode) and a MONGODB_URL with a password.
 * Everything it writes (stdout and stderr) through start-up, commands, a digest, clicks whose Slack
 * calls fail (HTTP 500, then connection refused), a refused start-up and shutdown is searched for
 * them, in plain and URL-encoded form.
 */

const serverUrl = inject('mongodbUrl');
const ownServer = inject('ferretdbBinary') !== null;
const TEAM = 'T0SECRETS';
const CHANNEL = 'C0SECRET';
const S = RELIABILITY_SECRETS;

let dir: string;
let database: string;
let mongoUrl: string;
const outputs: string[] = [];

function secretsInPlay(): string[] {
  const external = passwordOf(mongoUrl);
  return [
    S.botToken,
    S.appToken,
    S.signingSecret,
    ...(ownServer ? [S.mongoPassword] : []),
    ...(external ? [external] : []),
  ];
}

function botEnv(apiUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    SLACK_BOT_TOKEN: S.botToken,
    SLACK_SIGNING_SECRET: S.signingSecret,
    SLACK_API_URL: apiUrl,
    MONGODB_URL: mongoUrl,
    SCALE_REVIEW_CONFIG: join(dir, 'scale-review.yml'),
    LOG_LEVEL: 'trace',
    ...extra,
  };
}

/** The lines of a bot's output that are not JSON objects (the pino logger writes only those). */
function notJson(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => {
      try {
        const value: unknown = JSON.parse(line);
        return typeof value !== 'object' || value === null;
      } catch {
        return true;
      }
    });
}

async function stop(bot: BotProcess): Promise<string> {
  await bot.kill('SIGTERM');
  const output = bot.output();
  outputs.push(output);
  return output;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scale-review-secrets-'));
  database = randomDatabaseName();
  mongoUrl = ownServer ? withPassword(serverUrl, database) : withDatabase(serverUrl, database);
  // Captured now: the bot reviews it in real time, and a week-old capture would be stale.
  const week = { ...BUSY_WEEK, capturedAt: new Date().toISOString() };
  writeFileSync(join(dir, 'busy-week.json'), JSON.stringify(week));
  writeFileSync(
    join(dir, 'scale-review.yml'),
    [
      'metrics:',
      '  source: file',
      `  file: ${JSON.stringify(join(dir, 'busy-week.json'))}`,
      'digest:',
      "  tickCron: '*/2 * * * * *'",
      '  chart: false',
      '  slackAttempts: 2',
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  await dropDatabase(serverUrl, database).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe('secrets never reach the logs of a real bot process', () => {
  it('HTTP mode: start-up, a digest, commands, failing Slack calls and shutdown', async () => {
    // Arrange: a channel whose digest is due, so the bot posts it as it starts
    const fake = new FakeSlack();
    const { apiUrl } = await fake.start();
    const store = await MongoStore.connect({
      url: mongoUrl,
      defaultDatabase: database,
      client: defaultStoreConfig().mongo,
      logger: new CapturingLogger(),
    });
    await seedDueSubscriptions(store, { teamId: TEAM, count: 1, now: new Date(), prefix: CHANNEL });
    await store.close();
    const bot = await spawnBot(botEnv(apiUrl), dir);
    try {
      const events = `http://127.0.0.1:${bot.port}/slack/events`;
      const digest = await waitFor(() => fake.messages(`${CHANNEL}0000`)[0], PROCESS_DEADLINE_MS);
      // Act 1: a command, answered through response_url
      const status = slashCommandBody({
        text: 'status',
        team_id: TEAM,
        response_url: fake.responseUrl('secret-status'),
      });
      await postSigned(events, status, { secret: S.signingSecret });
      const [reply] = await waitFor(() => {
        const replies = fake.responses('secret-status');
        return replies.length > 0 ? replies : undefined;
      });
      const rec = firstRecommendation(reply?.payload as Record<string, unknown>);
      // Act 2: Acknowledge on the digest while chat.update answers 500 (logged, then response_url)
      fake.script(
        'chat.update',
        ...Array.from({ length: 5 }, () => ({ kind: 'httpError', status: 500 }) as const),
      );
      const click = (actionTs: string, id: string, user: string) =>
        blockActionsBody({
          teamId: TEAM,
          user: { id: user },
          action: ackButton(rec),
          actionTs,
          responseUrl: fake.responseUrl(id),
          surface: { kind: 'message', channelId: digest.channel, messageTs: digest.ts },
        });
      await postSigned(events, click('1764585300.000001', 'secret-click-500', 'U1ANA'), {
        secret: S.signingSecret,
      });
      await waitFor(() => (fake.responses('secret-click-500').length > 0 ? true : undefined));
      // Act 3: Slack goes away; the next click's chat.update and reply both fail to connect
      await fake.close();
      const refused = await postSigned(
        events,
        click('1764585300.000002', 'secret-click-gone', 'U2BEN'),
        {
          secret: S.signingSecret,
        },
      );
      await waitFor(() =>
        bot.output().includes('reply to response_url failed') ? true : undefined,
      );
      // Act 4: a digest falls due while Slack is gone: the digest's own client fails to connect
      const late = await MongoStore.connect({
        url: mongoUrl,
        defaultDatabase: database,
        client: defaultStoreConfig().mongo,
        logger: new CapturingLogger(),
      });
      await seedDueSubscriptions(late, {
        teamId: TEAM,
        count: 1,
        now: new Date(),
        prefix: 'CLATE',
      });
      await late.close();
      await waitFor(() => (/"component":"web-api"/.test(bot.output()) ? true : undefined));
      const output = await stop(bot);
      // Assert: the error paths ran and were logged, without a secret
      expect(refused.status).toBe(200);
      expect(output).toContain('chat.update failed; using response_url');
      expect(output).toContain('WebAPIHTTPError');
      expect(output).toContain('WebAPIRequestError');
      expect(output).toContain('reply to response_url failed');
      expect(output).toContain('stopped');
      // Every line is JSON: no library printed plain text past the logger and its redaction
      expect(notJson(output)).toEqual([]);
      expect(leakedSecrets(output, secretsInPlay())).toEqual([]);
    } finally {
      await bot.kill('SIGKILL');
      await fake.close();
    }
  }, 60_000);

  it('Socket Mode: connecting with the app token and answering a command', async () => {
    const fake = new FakeSlack();
    const { apiUrl } = await fake.start();
    const bot = await spawnBot(botEnv(apiUrl, { SLACK_APP_TOKEN: S.appToken }), dir);
    try {
      await waitFor(
        () => (fake.socketConnections().some((c) => !c.closed) ? true : undefined),
        PROCESS_DEADLINE_MS,
      );
      fake.sendSocketMessage({
        envelope_id: 'env-secrets-1',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: slashCommandFields({
          text: 'help',
          team_id: TEAM,
          response_url: fake.responseUrl('socket-secrets'),
        }),
      });
      await waitFor(() => (fake.responses('socket-secrets').length > 0 ? true : undefined));
      const output = await stop(bot);
      expect(fake.calls('apps.connections.open')[0]?.token).toBe(S.appToken);
      expect(leakedSecrets(output, secretsInPlay())).toEqual([]);
    } finally {
      await bot.kill('SIGKILL');
      await fake.close();
    }
  }, 60_000);

  it('a refused start-up (Slack rejects the token) names the variable, not its value', async () => {
    const fake = new FakeSlack({ validTokens: ['xoxb-some-other-token'] });
    const { apiUrl } = await fake.start();
    const bot = await spawnBot(botEnv(apiUrl), dir);
    try {
      const exit = await bot.exited;
      const output = bot.output();
      outputs.push(output);
      expect(exit).not.toBe(0);
      expect(output).toContain('SLACK_BOT_TOKEN');
      expect(leakedSecrets(output, secretsInPlay())).toEqual([]);
    } finally {
      await bot.kill('SIGKILL');
      await fake.close();
    }
  }, 60_000);

  it('none of the outputs above contains a secret', () => {
    expect(outputs).toHaveLength(3);
    expect(leakedSecrets(outputs.join('\n'), secretsInPlay())).toEqual([]);
  });
});
