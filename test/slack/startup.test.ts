import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot } from '../../src/bootstrap/start-bot.js';
import { describeStartupError } from '../../src/bootstrap/startup-error.js';
import {
  type BotHarness,
  startBotHarness,
  TEST_APP_TOKEN,
  TEST_BOT_TOKEN,
} from '../support/bot-harness.js';
import { TEST_SIGNING_SECRET } from '../support/slack-request.js';
import { freshStatus, fromEphemeral, newTeam, onlyReply, visibleText } from './helpers.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scale-review-startup-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function startupLines(env: Record<string, string>): Promise<string[]> {
  try {
    await startBot({ env, cwd: dir });
  } catch (error) {
    return describeStartupError(error).lines;
  }
  throw new Error('startBot should have failed');
}

describe('configuration is checked once, at startup, with one actionable line per problem', () => {
  it('names every missing variable and how to get it', async () => {
    const lines = await startupLines({ SLACK_BOT_TOKEN: '', PORT: 'eighty' });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('SLACK_BOT_TOKEN is not set');
    expect(lines[1]).toContain('SLACK_SIGNING_SECRET is not set');
    expect(lines[2]).toContain('PORT must be a whole number');
  });

  it('names the config file, the field and what was expected', async () => {
    const config = join(dir, 'bad-slack.yml');
    await writeFile(config, 'slack:\n  admins: [ana]\n');
    const lines = await startupLines({
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SCALE_REVIEW_CONFIG: config,
    });
    expect(lines).toEqual([
      `${config}: slack.admins.0: expected a Slack user id such as U012AB3CD (Profile > ⋮ > Copy member ID)`,
    ]);
  });

  it.each([
    [
      'slack:\n  admin: [U1]\n',
      'slack.admin: unknown setting (expected admins, ackers, answers, workspaces)',
    ],
    ['metrics:\n  source: file\n', 'metrics.file: source: file needs file: PATH'],
    [
      'store:\n  retentionDays: 0\n',
      'store.retentionDays: expected >= 1, got 0; e.g. retentionDays: 365 (the default)',
    ],
    ['store:\n  mongo:\n    poolSize: 3\n', 'store.mongo.poolSize: unknown setting'],
    [
      'digest:\n  concurrency: 0\n',
      'digest.concurrency: expected >= 1, got 0; e.g. concurrency: 4',
    ],
    [
      'digest:\n  tickCron: every minute\n',
      'digest.tickCron: expected a cron expression (5 fields: minute hour day month weekday, in UTC; or 6, seconds first), got "every minute" (expected 5 or 6 fields but got 2); e.g. tickCron: "* * * * *" (the default)',
    ],
  ])('checks every section of the config file: %j', async (yaml, problem) => {
    const config = join(dir, 'section.yml');
    await writeFile(config, yaml);
    const lines = await startupLines({
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SCALE_REVIEW_CONFIG: config,
    });
    expect(lines).toEqual([expect.stringContaining(`${config}: ${problem}`)]);
  });

  it('a bot token Slack refuses stops the start, without printing the token', async () => {
    const failure = await startBotHarness({
      fakeSlack: { validTokens: ['xoxb-some-other-token'] },
    }).then(
      async (h) => {
        await h.close();
        return null;
      },
      (error: unknown) => describeStartupError(error),
    );
    expect(failure?.exitCode).toBe(2);
    expect(failure?.lines.join('\n')).toContain('Slack refused SLACK_BOT_TOKEN (invalid_auth)');
    expect(failure?.lines.join('\n')).not.toContain(TEST_BOT_TOKEN);
  });
  it('an app token Slack refuses stops a Socket Mode start', async () => {
    const failure = await startBotHarness({
      socket: true,
      fakeSlack: { validTokens: [TEST_BOT_TOKEN] },
    }).then(
      async (h) => {
        await h.close();
        return null;
      },
      (error: unknown) => describeStartupError(error),
    );
    expect(failure?.lines.join('\n')).toContain('Slack refused SLACK_APP_TOKEN (invalid_auth)');
    expect(failure?.lines.join('\n')).not.toContain(TEST_APP_TOKEN);
  });
});

describe('graceful stop', () => {
  it('finishes the replies in flight before closing the store', async () => {
    // Arrange
    const h = await startBotHarness();
    const release = h.metrics?.hold() ?? (() => {});
    const sent = await h.command('status');
    // Act
    const stopping = h.bot.stop();
    release();
    await stopping;
    // Assert
    expect(h.slack.responses(sent.responseId)).toHaveLength(1);
    expect(
      visibleText(h.slack.responses(sent.responseId)[0]?.payload as Record<string, unknown>),
    ).toContain('Scaling Indicators');
    await h.close();
  });
});

describe('secrets never reach the logs', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the bot token and signing secret appear nowhere, even at debug level', async () => {
    const team = newTeam();
    const { rec } = await freshStatus(h, team);
    await h.clickWith(
      {
        teamId: team,
        action: {
          type: 'button',
          action_id: 'scale.ack',
          block_id: rec.blockId,
          value: `${rec.reviewId}|${rec.recommendationKey}`,
        },
      },
      fromEphemeral,
    );
    await onlyReply(h, (await h.command('help')).responseId);
    await h.homeOpened('U1ANA', { teamId: team });
    await h.idle();
    const logs = h.logs.join('');
    expect(logs.length).toBeGreaterThan(1000);
    expect(logs).not.toContain(TEST_BOT_TOKEN);
    expect(logs).not.toContain(TEST_SIGNING_SECRET);
  });

  it('nor does the app token in Socket Mode', async () => {
    const socket = await startBotHarness({ socket: true });
    await socket.close();
    expect(socket.logs.join('')).toContain('apps.connections.open');
    expect(socket.logs.join('')).not.toContain(TEST_APP_TOKEN);
  });
});
