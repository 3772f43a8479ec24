import { LogLevel, SocketModeClient } from '@slack/socket-mode';
import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack, type FakeSlackOptions } from './fake-slack.js';
import { seededRandom } from './fake-slack-faults.js';
import { WAIT_DEADLINE_MS, waitFor } from './wait.js';

const BOT_TOKEN = 'xoxb-fake-bot-token';

let fake: FakeSlack;
let apiUrl: string;

async function startFake(options: FakeSlackOptions = {}): Promise<WebClient> {
  fake = new FakeSlack(options);
  ({ apiUrl } = await fake.start());
  return new WebClient(BOT_TOKEN, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
}

/** A raw call, to see the HTTP status and headers @slack/web-api would react to. */
function post(method: string, form: Record<string, string>): Promise<Response> {
  return fetch(`${apiUrl}${method}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Bearer ${BOT_TOKEN}`,
    },
    body: new URLSearchParams(form).toString(),
  });
}

afterEach(async () => {
  await fake?.close();
});

describe('FakeSlack: scripted faults', () => {
  it('answers 429 with Retry-After, which @slack/web-api reports as rate limited', async () => {
    // Arrange
    const client = await startFake();
    fake.script('chat.postMessage', { kind: 'rateLimited', retryAfterSeconds: 7 });
    // Act
    const first = client.chat.postMessage({ channel: 'C0OPS', text: 'a' });
    // Assert
    await expect(first).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 7,
    });
    await expect(client.chat.postMessage({ channel: 'C0OPS', text: 'b' })).resolves.toMatchObject({
      ok: true,
    });
    expect(fake.calls('chat.postMessage').map((c) => [c.status, c.fault])).toEqual([
      [429, 'rateLimited'],
      [200, undefined],
    ]);
    expect(fake.messages()).toHaveLength(1);
  });

  it('answers a scripted 500 and a scripted Slack error, in order, then recovers', async () => {
    // Arrange
    await startFake();
    fake.script(
      'chat.update',
      { kind: 'httpError', status: 500 },
      { kind: 'slackError', error: 'channel_not_found' },
    );
    // Act
    const a = await post('chat.update', { channel: 'C0OPS', ts: '1.1' });
    const b = await post('chat.update', { channel: 'C0OPS', ts: '1.1' });
    const c = await post('chat.update', { channel: 'C0OPS', ts: '1.1' });
    // Assert
    expect(a.status).toBe(500);
    expect(await b.json()).toEqual({ ok: false, error: 'channel_not_found' });
    expect(await c.json()).toEqual({ ok: false, error: 'message_not_found' });
    expect(fake.calls('chat.update').map((x) => x.error ?? x.status)).toEqual([
      500,
      'channel_not_found',
      'message_not_found',
    ]);
  });

  it('delays through the injected sleep, and holds a hung call until released', async () => {
    // Arrange
    const slept: number[] = [];
    const client = await startFake({
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    fake.script('auth.test', { kind: 'delay', ms: 4000 }, { kind: 'hang' });
    // Act
    const delayed = await client.auth.test();
    let settled = false;
    const hung = client.auth.test().finally(() => {
      settled = true;
    });
    await expect.poll(() => fake.calls('auth.test').length, { timeout: WAIT_DEADLINE_MS }).toBe(2);
    const settledBeforeRelease = settled;
    fake.releaseHeld();
    // Assert
    expect(delayed.ok).toBe(true);
    expect(slept).toEqual([4000]);
    expect(settledBeforeRelease).toBe(false);
    await expect(hung).resolves.toMatchObject({ ok: true });
  });

  it('lets a client time out on a hung call', async () => {
    // Arrange
    await startFake();
    fake.script('chat.postMessage', { kind: 'hang' });
    const impatient = new WebClient(BOT_TOKEN, {
      slackApiUrl: apiUrl,
      retryConfig: { retries: 0 },
      timeout: 50,
    });
    // Act / Assert
    await expect(impatient.chat.postMessage({ channel: 'C0OPS', text: 't' })).rejects.toMatchObject(
      {
        code: 'slack_webapi_request_error',
      },
    );
  });
  it('stores a message whose answer is lost, so the client sees a timeout after the effect', async () => {
    // Arrange: a timeout long enough for the request to arrive on a loaded machine (a 50 ms one
    // could fire before the fake had read the request, and nothing would be stored)
    await startFake();
    fake.script('chat.postMessage', { kind: 'lostResponse' });
    const impatient = new WebClient(BOT_TOKEN, {
      slackApiUrl: apiUrl,
      retryConfig: { retries: 0 },
      timeout: 1_000,
    });
    // Act
    const posting = impatient.chat.postMessage({ channel: 'C0OPS', text: 'lost' });
    const stored = await waitFor(() => {
      const texts = fake.messages('C0OPS').map((m) => m.text);
      return texts.length > 0 ? texts : undefined;
    });
    // Assert: the message is stored while its answer is held, and the client times out
    expect(stored).toEqual(['lost']);
    await expect(posting).rejects.toMatchObject({ code: 'slack_webapi_request_error' });
    fake.releaseHeld();
  });
});

describe('FakeSlack: seeded random faults', () => {
  it('repeats the same fault pattern for the same seed, at about the asked rate', async () => {
    // Arrange
    await startFake();
    const run = async () => {
      fake.reset();
      fake.setRandomFaults({
        seed: 42,
        probability: 0.2,
        faults: [
          { kind: 'httpError', status: 500 },
          { kind: 'rateLimited', retryAfterSeconds: 1 },
        ],
      });
      const statuses: number[] = [];
      for (let i = 0; i < 200; i += 1) statuses.push((await post('auth.test', {})).status);
      return statuses;
    };
    // Act
    const first = await run();
    const second = await run();
    // Assert
    expect(second).toEqual(first);
    const faulted = first.filter((s) => s !== 200).length;
    expect(faulted).toBeGreaterThan(20);
    expect(faulted).toBeLessThan(60);
    expect(new Set(first)).toEqual(new Set([200, 429, 500]));
  });

  it('only touches the listed methods', async () => {
    await startFake();
    fake.setRandomFaults({
      seed: 1,
      probability: 1,
      faults: [{ kind: 'httpError', status: 503 }],
      methods: ['chat.postMessage'],
    });
    expect((await post('auth.test', {})).status).toBe(200);
    expect((await post('chat.postMessage', { channel: 'C1', text: 't' })).status).toBe(503);
  });

  it('is a deterministic generator in [0, 1)', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe('FakeSlack: rate-limit enforcement', () => {
  it('allows 1 postMessage per second per channel and a workspace-wide rate, on the injected clock', async () => {
    // Arrange
    let now = 1_000_000;
    await startFake({ clock: () => now });
    fake.setRateLimits({ perChannel: 1, workspace: 2 });
    const send = async (channel: string) => {
      const res = await post('chat.postMessage', { channel, text: 't' });
      return res.status === 429 ? `429 after ${res.headers.get('retry-after')}s` : 'ok';
    };
    // Act
    const t0 = [await send('C1'), await send('C1'), await send('C2'), await send('C3')];
    now += 400;
    const t400 = [await send('C3')];
    now += 600;
    const t1000 = [await send('C1'), await send('C3'), await send('C2')];
    // Assert
    expect(t0).toEqual(['ok', '429 after 1s', 'ok', '429 after 1s']);
    expect(t400).toEqual(['429 after 1s']);
    expect(t1000).toEqual(['ok', 'ok', '429 after 1s']);
    expect(fake.messages().map((m) => m.channel)).toEqual(['C1', 'C2', 'C1', 'C3']);
  });

  it('answers Retry-After in whole seconds of the wait left', async () => {
    // Arrange
    let now = 0;
    await startFake({ clock: () => now });
    fake.setRateLimits({ perChannel: 1, windowMs: 2500 });
    // Act
    await post('chat.postMessage', { channel: 'C1', text: 't' });
    now = 100;
    const res = await post('chat.postMessage', { channel: 'C1', text: 't' });
    // Assert
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(fake.calls('chat.postMessage').map((c) => c.fault)).toEqual([undefined, 'rateLimited']);
  });
});

describe('FakeSlack: Socket Mode with the real client', () => {
  it('lets SocketModeClient connect with an app token and see hello', async () => {
    // Arrange
    await startFake();
    const client = new SocketModeClient({
      appToken: 'xapp-1-fake',
      clientOptions: { slackApiUrl: apiUrl },
      logLevel: LogLevel.ERROR,
    });
    // Act
    await client.start();
    // Assert
    expect(fake.calls('apps.connections.open').map((c) => c.token)).toEqual(['xapp-1-fake']);
    expect(fake.socketConnections()).toHaveLength(1);
    await client.disconnect();
  });
});
