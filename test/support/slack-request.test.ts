import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isValidSlackRequest } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import {
  appHomeOpenedEvent,
  blockActionsBody,
  blockActionsPayload,
  encodeForm,
  eventCallbackBody,
  postSigned,
  signedHeaders,
  slackSignature,
  slashCommandBody,
  slashCommandFields,
  TEST_SIGNING_SECRET,
} from './slack-request.js';

// Slack's documented example (docs.slack.dev, "Verifying requests from Slack").
const VECTOR = {
  secret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: 1531420618,
  body:
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
    '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
    '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
    '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
};

describe('signing', () => {
  it("reproduces Slack's documented signature", () => {
    expect(slackSignature(VECTOR.secret, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
  });

  it("builds the documented slash-command body byte for byte, in Slack's field order", () => {
    // Act
    const body = slashCommandBody({
      token: 'xyzz0WbapA4vBCDEFasx0q6G',
      team_id: 'T1DC2JH3J',
      team_domain: 'testteamnow',
      channel_id: 'G8PSS9T3V',
      channel_name: 'foobar',
      user_id: 'U2CERLKJA',
      user_name: 'roadrunner',
      command: '/webhook-collect',
      text: '',
      response_url:
        'https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN',
      trigger_id: '398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
      api_app_id: undefined,
      is_enterprise_install: undefined,
    });
    // Assert
    expect(body).toBe(VECTOR.body);
    expect(signedHeaders(body, { secret: VECTOR.secret, timestamp: VECTOR.timestamp })).toEqual({
      'x-slack-request-timestamp': '1531420618',
      'x-slack-signature': VECTOR.signature,
    });
  });

  it("is accepted by Bolt's own verifier, and a changed body is not", () => {
    // Arrange
    const now = 1_764_930_720_000;
    const body = slashCommandBody({ text: 'project 2k 30% 12' });
    const headers = signedHeaders(body, { now });
    const verify = (b: string) =>
      isValidSlackRequest({
        signingSecret: TEST_SIGNING_SECRET,
        body: b,
        headers: {
          'x-slack-signature': headers['x-slack-signature'] ?? '',
          'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
        },
        nowMilliseconds: now,
      });
    // Act / Assert
    expect(verify(body)).toBe(true);
    expect(verify(`${body}x`)).toBe(false);
  });
});

describe('payload shapes', () => {
  it('fills every documented slash-command field', () => {
    expect(Object.keys(slashCommandFields())).toEqual([
      'token',
      'team_id',
      'team_domain',
      'channel_id',
      'channel_name',
      'user_id',
      'user_name',
      'command',
      'text',
      'response_url',
      'trigger_id',
      'api_app_id',
      'is_enterprise_install',
    ]);
    expect(new URLSearchParams(slashCommandBody({ text: 'cost next agents 5' })).get('text')).toBe(
      'cost next agents 5',
    );
  });

  it('sends block_actions as a form with a JSON payload field', () => {
    // Arrange
    const options = {
      action: {
        type: 'datepicker',
        action_id: 'scale.snooze_until',
        block_id: 'scale.rec.open|rev1|k',
        selected_date: '2025-12-12',
      },
      responseUrl: 'http://127.0.0.1:1/response/abc',
    } as const;
    // Act
    const body = blockActionsBody(options);
    // Assert
    const payload = JSON.parse(new URLSearchParams(body).get('payload') ?? '{}');
    expect(payload).toEqual(blockActionsPayload(options));
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: 'U1ANA', username: 'ana', name: 'ana', team_id: 'T0FAKE' },
      container: {
        type: 'message',
        channel_id: 'C0OPS',
        message_ts: '1764930000.000100',
        is_ephemeral: false,
      },
      channel: { id: 'C0OPS', name: 'ops' },
      response_url: 'http://127.0.0.1:1/response/abc',
      actions: [
        {
          type: 'datepicker',
          action_id: 'scale.snooze_until',
          block_id: 'scale.rec.open|rev1|k',
          selected_date: '2025-12-12',
          action_ts: '1764930720.000100',
        },
      ],
    });
  });

  it('shapes a select and a Home-tab click', () => {
    // Act
    const payload = blockActionsPayload({
      action: {
        type: 'static_select',
        action_id: 'scale.snooze_for',
        block_id: 'b',
        selected: { text: '1 week', value: '1w' },
      },
      surface: { kind: 'home' },
    });
    // Assert
    expect(payload.container).toEqual({ type: 'view', view_id: 'V0HOME' });
    expect(payload).not.toHaveProperty('response_url');
    expect(payload.actions).toEqual([
      {
        type: 'static_select',
        action_id: 'scale.snooze_for',
        block_id: 'b',
        action_ts: '1764930720.000100',
        selected_option: { text: { type: 'plain_text', text: '1 week', emoji: true }, value: '1w' },
      },
    ]);
  });

  it('wraps app_home_opened in an event_callback envelope', () => {
    const body = JSON.parse(eventCallbackBody(appHomeOpenedEvent('U2BOB'), { eventId: 'Ev1' }));
    expect(body).toMatchObject({
      type: 'event_callback',
      event_id: 'Ev1',
      team_id: 'T0FAKE',
      event: { type: 'app_home_opened', user: 'U2BOB', tab: 'home', channel: 'D0HOME' },
    });
  });

  it('omits undefined fields when form-encoding', () => {
    expect(encodeForm({ a: '1', b: undefined, c: 'x y' })).toBe('a=1&c=x+y');
  });
});

describe('postSigned', () => {
  let server: Server | null = null;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
  });

  it('sends the raw body with the signature headers, extra headers and the right content type', async () => {
    // Arrange
    const seen: { headers: Record<string, unknown>; body: string }[] = [];
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString('utf8');
      });
      req.on('end', () => {
        seen.push({ headers: req.headers, body });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    const json = eventCallbackBody(appHomeOpenedEvent());
    // Act
    const res = await postSigned(url, json, {
      timestamp: 1764930720,
      headers: { 'x-slack-retry-num': '1' },
    });
    // Assert
    expect(res.status).toBe(200);
    expect(seen[0]?.body).toBe(json);
    expect(seen[0]?.headers).toMatchObject({
      'content-type': 'application/json',
      'x-slack-request-timestamp': '1764930720',
      'x-slack-signature': slackSignature(TEST_SIGNING_SECRET, 1764930720, json),
      'x-slack-retry-num': '1',
    });
  });
});
