import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_OPTIONS } from '../../src/slack/receivers/server-limits.js';
import { TEST_BOT_TOKEN } from '../support/bot-harness.js';
import { type BotProcess, spawnBot } from '../support/bot-process.js';
import { FakeSlack } from '../support/fake-slack.js';
import { postSigned, slashCommandBody, TEST_SIGNING_SECRET } from '../support/slack-request.js';
import { PROCESS_DEADLINE_MS, waitUntil, within } from '../support/wait.js';
import { postLargeBody } from './support/large-body.js';
import { type StalledClient, stallInBody, stallInHeaders } from './support/stalled.js';

/**
 * Slow and hostile clients against the built bot (a real process, real sockets): Slack's requests
 * complete in milliseconds, so a client stalling in its headers or body is cut after a few seconds,
 * and one client's connections beyond the cap are refused at once.
 *
 * Nothing here is a speed limit: a stalled client must be cut no earlier than the bot's timeout and
 * long before Node's defaults (60 s for headers, 300 s for a body), with a 408; refusals are the
 * connections closed without a byte; and a command's ack must come while the stalled connections
 * are still held, not once they were cut.
 */

/** Well past the bot's timeouts (a loaded machine), well before Node's defaults. */
const CUT_DEADLINE_MS = 25_000;
const CAP = 256;
const MB = 1024 * 1024;

let dir: string;
let slack: FakeSlack;
let bot: BotProcess;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scale-review-slow-clients-'));
  slack = new FakeSlack();
  const { apiUrl } = await slack.start();
  bot = await spawnBot(
    {
      HOME: dir,
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: apiUrl,
      DATA_DIR: join(dir, 'data'),
    },
    dir,
  );
  await waitUntil(() => bot.output().includes('Scale Review is running'), {
    deadlineMs: PROCESS_DEADLINE_MS,
    what: 'the bot to start',
  });
}, 60_000);

afterAll(async () => {
  await bot?.kill('SIGKILL');
  await slack?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The milliseconds until the server closed the connection, or null after a generous `ms`. */
function closedWithin(client: StalledClient, ms: number): Promise<number | null> {
  return within(client.closed, ms, null);
}

describe('slow clients', () => {
  it('are cut after the headers timeout (stalled in headers) and the request timeout (in body)', async () => {
    // Act: Node's defaults kept both for 60 s and 300 s
    const inHeaders = await stallInHeaders({ port: bot.port });
    const inBody = await stallInBody({ port: bot.port });
    const [headersMs, bodyMs] = await Promise.all([
      closedWithin(inHeaders, SERVER_OPTIONS.headersTimeout + CUT_DEADLINE_MS),
      closedWithin(inBody, SERVER_OPTIONS.requestTimeout + CUT_DEADLINE_MS),
    ]);
    // Assert: cut by the server's timeouts (a 408), not before them
    expect(headersMs).not.toBeNull();
    expect(headersMs).toBeGreaterThanOrEqual(SERVER_OPTIONS.headersTimeout - 100);
    expect(inHeaders.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(bodyMs).not.toBeNull();
    expect(bodyMs).toBeGreaterThanOrEqual(SERVER_OPTIONS.requestTimeout - 100);
    expect(inBody.received()).toMatch(/^HTTP\/1\.1 408 /);
  }, 60_000);

  it(`300 stalled connections from one client do not delay a command; past ${CAP} they are refused at once`, async () => {
    // Arrange: 300 connections from 127.0.0.2, each stalled in its headers
    const stalled = await Promise.all(
      Array.from({ length: 300 }, () =>
        stallInHeaders({ port: bot.port, localAddress: '127.0.0.2' }),
      ),
    );
    const closed = new Set<StalledClient>();
    for (const client of stalled) void client.closed.then(() => closed.add(client));
    await waitUntil(() => closed.size >= 300 - CAP, { what: `${300 - CAP} refused connections` });
    // Act: a real command from another client (127.0.0.1)
    const body = slashCommandBody({ text: 'help', response_url: slack.responseUrl('busy-port') });
    const response = await postSigned(`http://127.0.0.1:${bot.port}/slack/events`, body);
    const closedAtAck = [...closed];
    await waitUntil(() => slack.responses('busy-port').length > 0, { what: 'the reply' });
    // Assert: the refused were closed without a byte, and the ack came while every admitted
    // connection was still held (the command did not wait for them to be cut)
    expect(closedAtAck).toHaveLength(300 - CAP);
    expect(closedAtAck.filter((client) => client.received() !== '')).toEqual([]);
    expect(response.status).toBe(200);
    expect(bot.output()).toContain('connection refused: too many open connections from one client');
    for (const client of stalled) client.socket.destroy();
  }, 60_000);
});

describe('a 10 MB body, sent while the bot answers', () => {
  it.each([
    ['unsigned, its size declared', false, true, '413'],
    ['signed, its size declared', true, true, '413'],
    ['unsigned, chunked', false, false, '401'],
    ['signed, chunked', true, false, '413'],
  ] as const)(
    '%s: gets its answer, not a reset',
    async (_case, signed, declared, status) => {
      // Act: before, the unsigned ones were refused after 1 KiB and the socket closed with the rest
      // unread, so the client, still sending, saw EPIPE or ECONNRESET instead of the answer
      const outcomes: string[] = [];
      for (let i = 0; i < 3; i++) {
        outcomes.push(await postLargeBody({ port: bot.port, bytes: 10 * MB, signed, declared }));
      }
      // Assert
      expect(outcomes).toEqual([status, status, status]);
    },
    30_000,
  );

  it('leaves the bot serving commands', async () => {
    const body = slashCommandBody({ text: 'help', response_url: slack.responseUrl('after-large') });
    const response = await postSigned(`http://127.0.0.1:${bot.port}/slack/events`, body);
    await waitUntil(() => slack.responses('after-large').length > 0, { what: 'the reply' });
    expect(response.status).toBe(200);
    expect(bot.output()).toContain('request refused: body too large');
  });
});
