import { type Logger, LogLevel } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import {
  createSlackClient,
  SLACK_CLIENT_POLICIES,
  slackClientOptions,
  slackClientsByToken,
} from '../../src/slack-api/web-client.js';

const logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.INFO,
  setName: () => undefined,
} satisfies Logger;
const API_URL = 'http://127.0.0.1:4000/api/';

describe('slackClientOptions: one recipe, a named policy each', () => {
  it('gives interactive clients a 10 s timeout, two quick retries and 429s rejected', () => {
    // Act
    const options = slackClientOptions({ policy: 'interactive', apiUrl: API_URL, logger });

    // Assert
    expect(options).toEqual({
      slackApiUrl: API_URL,
      timeout: 10_000,
      retryConfig: { retries: 2, factor: 2, minTimeout: 300, maxTimeout: 2_000, randomize: true },
      rejectRateLimitedCalls: true,
      logger,
    });
  });

  it('gives the quick edit one attempt of 3 s and the digest one of 10 s, 429s rejected', () => {
    const quick = slackClientOptions({ policy: 'quick', apiUrl: undefined, logger });
    const digest = slackClientOptions({ policy: 'digest', apiUrl: undefined, logger });

    expect(quick).toEqual({
      timeout: 3_000,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logger,
    });
    expect(digest).toEqual({ ...quick, timeout: 10_000 });
  });

  it('waits a 429 out for the app token, and leaves the Socket Mode client its own retries', () => {
    const appToken = slackClientOptions({ policy: 'appToken', apiUrl: API_URL, logger });
    const socket = slackClientOptions({ policy: 'socket', apiUrl: API_URL, logger });

    expect(appToken.rejectRateLimitedCalls).toBeUndefined();
    expect(appToken.retryConfig).toEqual(SLACK_CLIENT_POLICIES.interactive.retryConfig);
    expect(socket).toEqual({ slackApiUrl: API_URL, timeout: 10_000, logger });
  });

  it('takes a fetch and a shorter timeout, and hands out a fresh retry config each time', () => {
    const fetch: typeof globalThis.fetch = async () => new Response('{}');

    const first = slackClientOptions({
      policy: 'digest',
      apiUrl: undefined,
      logger,
      fetch,
      timeoutMs: 50,
    });
    const second = slackClientOptions({ policy: 'digest', apiUrl: undefined, logger });

    expect(first.fetch).toBe(fetch);
    expect(first.timeout).toBe(50);
    expect(first.retryConfig).not.toBe(second.retryConfig);
  });
});

describe('createSlackClient and slackClientsByToken', () => {
  it('builds a client with the token and the API URL', () => {
    const client = createSlackClient('xoxb-1', { policy: 'digest', apiUrl: API_URL, logger });

    expect(client.token).toBe('xoxb-1');
    expect(client.slackApiUrl).toBe(API_URL);
  });

  it('makes one client per token and keeps it', () => {
    const clientFor = slackClientsByToken({ policy: 'quick', apiUrl: API_URL, logger });

    const first = clientFor('xoxb-1');

    expect(clientFor('xoxb-1')).toBe(first);
    expect(clientFor('xoxb-2')).not.toBe(first);
    expect(clientFor('xoxb-2').token).toBe('xoxb-2');
  });
});
