import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import {
  encodeForm,
  postSigned,
  slashCommandBody,
  TEST_SIGNING_SECRET,
} from '../support/slack-request.js';

let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness();
});

afterAll(async () => {
  await h?.close();
});

const nowSeconds = () => Math.floor(Date.now() / 1000);

async function expectRefusedWithoutWork(response: Response) {
  await h.idle();
  expect(response.status).toBe(401);
  expect(h.metrics?.fetches).toBe(0);
  expect(h.slack.responses()).toHaveLength(0);
}

describe('request verification', () => {
  it('refuses a bad signature with 401 and does nothing', async () => {
    const body = slashCommandBody({ text: 'status', response_url: h.slack.responseUrl('sig') });
    const response = await postSigned(h.eventsUrl, body, { secret: 'not-the-secret' });
    await expectRefusedWithoutWork(response);
  });

  it('refuses a timestamp more than 5 minutes old (a replay) with 401', async () => {
    const body = slashCommandBody({ text: 'status', response_url: h.slack.responseUrl('old') });
    const response = await postSigned(h.eventsUrl, body, { timestamp: nowSeconds() - 6 * 60 });
    await expectRefusedWithoutWork(response);
  });

  it('refuses a timestamp more than 5 minutes ahead with 401 and x-slack-no-retry', async () => {
    const body = slashCommandBody({ text: 'status', response_url: h.slack.responseUrl('future') });
    const response = await postSigned(h.eventsUrl, body, { timestamp: nowSeconds() + 6 * 60 });
    await expectRefusedWithoutWork(response);
    expect(response.headers.get('x-slack-no-retry')).toBe('1');
  });

  it('accepts a correctly signed request 4 minutes ahead (inside the window)', async () => {
    const body = slashCommandBody({ text: 'help', response_url: h.slack.responseUrl('near') });
    const response = await postSigned(h.eventsUrl, body, {
      timestamp: nowSeconds() + 4 * 60,
      secret: TEST_SIGNING_SECRET,
    });
    await h.idle();
    expect(response.status).toBe(200);
    expect(h.slack.responses('near')).toHaveLength(1);
  });
});

describe('the signature is verified over the raw body before anything is parsed', () => {
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(h.eventsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body,
    });

  /** Posts, then checks that nothing was fetched or answered meanwhile. */
  async function postWithoutWork(body: string, headers: Record<string, string> = {}) {
    const before = { fetches: h.metrics?.fetches, replies: h.slack.responses().length };
    const response = await post(body, headers);
    await h.idle();
    expect({ fetches: h.metrics?.fetches, replies: h.slack.responses().length }).toEqual(before);
    return response;
  }

  it.each([
    ['payload=null (once parsed and refused with 400)', 'payload=null'],
    ['invalid JSON', 'payload=%7Bnot+json'],
    ['a slash command', slashCommandBody({ text: 'status' })],
  ])('an unsigned body is refused with 401 and x-slack-no-retry: %s', async (_name, body) => {
    const response = await postWithoutWork(body);
    expect(response.status).toBe(401);
    expect(response.headers.get('x-slack-no-retry')).toBe('1');
  });

  it('a malformed signature header is refused with 401 before the body is read', async () => {
    const response = await postWithoutWork('payload=null', {
      'x-slack-signature': 'v0=not-hex',
      'x-slack-request-timestamp': String(nowSeconds()),
    });
    expect(response.status).toBe(401);
  });

  it("Slack's unsigned ssl_check probe gets 200 and does nothing", async () => {
    const response = await postWithoutWork(encodeForm({ ssl_check: '1', token: 'legacy-token' }));
    expect(response.status).toBe(200);
  });

  it('a signed body over 4 MB is refused with 413', async () => {
    const body = slashCommandBody({ text: 'x'.repeat(4 * 1024 * 1024) });
    const response = await postSigned(h.eventsUrl, body);
    expect(response.status).toBe(413);
  });

  it('a signed body that parses to null is refused with 400', async () => {
    const response = await postSigned(h.eventsUrl, 'payload=null');
    expect(response.status).toBe(400);
  });
});

describe('GET /healthz: an alias of /readyz, with no store or metrics details on this port', () => {
  it('answers 200 `ready` and nothing else', async () => {
    const response = await fetch(`${h.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
  });

  it('stays 200 while the store is down (docs/operations.md says why)', async () => {
    h.store.down = true;
    try {
      const response = await fetch(`${h.baseUrl}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ready' });
    } finally {
      h.store.down = false;
    }
  });
});
