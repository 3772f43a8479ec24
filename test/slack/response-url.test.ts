import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../blocks/ids.js';
import {
  allowedResponseUrl,
  createRespond,
  ResponseUrlError,
  responseUrlPolicy,
} from '../../src/slack/response-url.js';
import { type BotHarness, startBotHarness, TEST_BOT_TOKEN } from '../support/bot-harness.js';
import { blockActionsBody, postSigned } from '../support/slack-request.js';
import { visibleText } from './helpers.js';

/**
 * A signed command or click carries its response_url, and the bot used to POST wherever it said
 * (Bolt's respond()). Only Slack's origin (and SLACK_API_URL's) is accepted now; for anything
 * else the answer goes through the Web API, and the foreign URL receives nothing.
 */

let h: BotHarness;
let foreign: Server;
let foreignUrl: string;
const foreignHits: string[] = [];

beforeAll(async () => {
  h = await startBotHarness();
  foreign = createServer((req, res) => {
    foreignHits.push(`${req.method} ${req.url}`);
    res.end('ok');
  });
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  foreignUrl = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
});

/** A Web API client of the bot's token, on the fake Slack. */
function slackClient(): WebClient {
  const apiUrl = `${h.slack.responseUrl('x').split('/response/')[0]}/api/`;
  return new WebClient(TEST_BOT_TOKEN, { slackApiUrl: apiUrl });
}

afterAll(async () => {
  await h?.close();
  await new Promise((resolve) => foreign?.close(resolve));
});

describe('a response_url that is not Slack’s', () => {
  it('receives nothing; the command is answered with chat.postEphemeral instead', async () => {
    // Act
    const sent = await h.command('help', {
      response_url: `${foreignUrl}/internal/admin`,
      channel_id: 'C0FOREIGN',
      user_id: 'U1ANA',
    });
    await h.idle();
    // Assert
    expect(sent.response.status).toBe(200);
    expect(foreignHits).toEqual([]);
    const [ephemeral] = h.slack.calls('chat.postEphemeral');
    expect(ephemeral?.args).toMatchObject({ channel: 'C0FOREIGN', user: 'U1ANA' });
    expect(visibleText(ephemeral?.args ?? {})).toContain('Scale Review commands');
    expect(h.logs.join('')).toContain('response_url refused: not a Slack URL');
    expect(h.logs.join('')).toContain(`"responseUrlOrigin":"${foreignUrl}"`);
  });

  it('an in-channel answer (status public) goes out with chat.postMessage', async () => {
    await h.command('status public', {
      response_url: `${foreignUrl}/public`,
      channel_id: 'C0PUBLIC',
    });
    await h.idle();
    expect(foreignHits).toEqual([]);
    const posts = h.slack.calls('chat.postMessage').filter((c) => c.args.channel === 'C0PUBLIC');
    expect(posts).toHaveLength(1);
    expect(visibleText(posts[0]?.args ?? {})).toContain('Scaling Indicators');
  });

  it('a click is answered in its channel through the Web API, never at the foreign URL', async () => {
    const body = blockActionsBody({
      action: { type: 'button', action_id: ACTION_IDS.acknowledge, block_id: 'b1', value: 'x' },
      responseUrl: `${foreignUrl}/click`,
      surface: { kind: 'message', channelId: 'C0CLICK', messageTs: '1764930000.000100' },
    });
    const response = await postSigned(h.eventsUrl, body);
    await h.idle();
    expect(response.status).toBe(200);
    expect(foreignHits).toEqual([]);
    const answers = h.slack.calls('chat.postEphemeral').filter((c) => c.args.channel === 'C0CLICK');
    expect(answers).toHaveLength(1);
    expect(visibleText(answers[0]?.args ?? {})).toContain('does not point at a review');
  });
});

describe('a response_url post that fails', () => {
  it('when Slack’s URL answers 500, a click is answered with chat.postEphemeral', async () => {
    // Arrange
    h.slack.script('response_url', { kind: 'httpError', status: 500 });
    // Act
    const response = await postSigned(
      h.eventsUrl,
      blockActionsBody({
        user: { id: 'U0URLFAIL' },
        action: { type: 'button', action_id: ACTION_IDS.acknowledge, block_id: 'b1', value: 'x' },
        responseUrl: h.slack.responseUrl('url-fails'),
        surface: { kind: 'message', channelId: 'C0URLFAIL', messageTs: '1764930000.000300' },
      }),
    );
    await h.idle();
    // Assert: the same answer, through the Web API, and a log line saying why
    const answers = h.slack.calls('chat.postEphemeral').filter((c) => c.args.user === 'U0URLFAIL');
    expect(response.status).toBe(200);
    expect(h.slack.responses('url-fails').map((r) => r.status)).toEqual([500]);
    expect(answers).toHaveLength(1);
    expect(visibleText(answers[0]?.args ?? {})).toContain('does not point at a review');
    expect(h.logs.join('')).toContain('response_url post failed; answering through the Web API');
  });

  it('with no answer at all: an ephemeral answer goes through the Web API, an in-channel one is not repeated (it may have been posted)', async () => {
    // Arrange: a response_url whose post never gets an answer (the fetch gives up)
    const respond = createRespond({
      responseUrl: h.slack.responseUrl('url-silent'),
      policy: h.bot.slackDeps.responseUrls,
      fallback: { client: slackClient(), channelId: 'C0URLSILENT', userId: 'U0URLSILENT' },
      logger: h.bot.deps.logger,
      meta: {},
      fetch: () => Promise.reject(new DOMException('The operation timed out.', 'TimeoutError')),
    });
    // Act
    await respond({ response_type: 'ephemeral', text: 'only you' });
    const inChannel = respond({ response_type: 'in_channel', text: 'everyone' });
    // Assert
    await expect(inChannel).rejects.toBeInstanceOf(ResponseUrlError);
    const calls = h.slack.calls().filter((c) => c.args.channel === 'C0URLSILENT');
    expect(calls.map((c) => [c.method, c.args.text])).toEqual([['chat.postEphemeral', 'only you']]);
  });
});

describe('allowedResponseUrl', () => {
  const policy = responseUrlPolicy('http://127.0.0.1:9999/api/');

  it.each([
    ['https://hooks.slack.com/commands/T0/123/abc', true],
    ['https://hooks.slack.com:443/actions/T0/1/x', true],
    ['http://127.0.0.1:9999/response/1', true],
    ['http://hooks.slack.com/commands/T0/123/abc', false],
    ['https://hooks.slack.com.evil.example/commands', false],
    ['https://evil.example/?https://hooks.slack.com/', false],
    ['https://user:pass@hooks.slack.com/commands/T0/1/x', false],
    ['http://127.0.0.1:9998/response/1', false],
    ['http://localhost:9999/response/1', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
    [42, false],
  ] as const)('%s: %s', (url, allowed) => {
    expect(allowedResponseUrl(url, policy) !== null).toBe(allowed);
  });

  it('accepts only Slack’s origin when SLACK_API_URL is not set', () => {
    const slackOnly = responseUrlPolicy(undefined);
    expect(slackOnly.origins).toEqual(['https://hooks.slack.com']);
    expect(allowedResponseUrl('http://127.0.0.1:9999/response/1', slackOnly)).toBeNull();
  });
});
