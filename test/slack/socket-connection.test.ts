import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBot, startBot } from '../../src/bootstrap/start-bot.js';
import {
  type BotHarness,
  startBotHarness,
  TEST_APP_TOKEN,
  TEST_BOT_TOKEN,
  waitFor,
} from '../support/bot-harness.js';
import { FakeSlack } from '../support/fake-slack.js';

interface LogLine {
  level: number;
  msg: string;
  host?: string;
  cause?: string;
  hint?: string;
}

const parse = (logs: string[]): LogLine[] =>
  logs.flatMap((text) =>
    text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LogLine),
  );

const WARN = 40;
const ERROR = 50;
/** Generous: the Socket Mode client reconnects after SOCKET_RECONNECT_MS, plus a loaded machine. */
const DEADLINE_MS = 20_000;
const SOCKET_RECONNECT_MS = 250;

describe('Socket Mode whose WebSocket is blocked (Slack API reachable, wss:// refused by a proxy)', () => {
  const slack = new FakeSlack();
  const logs: string[] = [];
  let dir: string;
  let starting: Promise<RunningBot>;
  let host: string;

  beforeAll(async () => {
    const { apiUrl } = await slack.start();
    host = new URL(apiUrl).host;
    dir = await mkdtemp(join(tmpdir(), 'scale-review-socket-'));
    slack.refuseSockets('forbidden');
    starting = startBot({
      env: {
        SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
        SLACK_APP_TOKEN: TEST_APP_TOKEN,
        SLACK_API_URL: apiUrl,
        DATA_DIR: join(dir, 'data'),
        LOG_LEVEL: 'debug',
      },
      cwd: dir,
      logDestination: new Writable({
        write(chunk, _encoding, done) {
          logs.push(String(chunk));
          done();
        },
      }),
      overrides: { socketReconnectMs: SOCKET_RECONNECT_MS },
    });
  });

  afterAll(async () => {
    slack.refuseSockets(null);
    await (await starting).stop();
    await slack.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('logs the WebSocket host, the cause and a hint, once, instead of an empty error every retry', async () => {
    // Act
    const failure = await waitFor(
      () =>
        parse(logs).find(
          (l) => l.msg === 'Socket Mode cannot connect; retrying' && l.level === WARN,
        ),
      DEADLINE_MS,
    );
    await waitFor(() => (slack.socketsRefused() >= 4 ? true : undefined), DEADLINE_MS);

    // Assert
    const lines = parse(logs);
    expect(failure).toMatchObject({
      host,
      cause: 'the WebSocket upgrade was answered HTTP 403 Forbidden',
    });
    expect(failure.hint).toContain('proxy or firewall');
    expect(failure.hint).toContain('wss://');
    expect(failure.hint).toContain('port 443');
    // Repeats within a minute are at debug; the client's own empty line never reaches error.
    expect(lines.filter((l) => l.level >= WARN && l.msg.includes('cannot connect'))).toHaveLength(
      1,
    );
    expect(lines.filter((l) => l.level >= ERROR && l.msg.startsWith('WebSocket error'))).toEqual(
      [],
    );
  });

  it('connects once the WebSocket gets through, and says so', async () => {
    // Act
    slack.refuseSockets(null);
    const bot = await starting;
    // The entry point announces the bot once its signal handlers are in (src/main.ts).
    bot.announce();

    // Assert
    const connected = parse(logs).find((l) => l.msg === 'Socket Mode connected');
    expect(bot.mode).toBe('socket');
    expect(connected).toMatchObject({ level: 30, host });
    expect(parse(logs).some((l) => l.msg === 'Scale Review is running')).toBe(true);
  });
});

describe('Socket Mode whose open connection drops', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ socket: true, socketReconnectMs: SOCKET_RECONNECT_MS });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('logs "connection lost", then "reconnected", and answers again', async () => {
    // Act
    h.slack.dropSockets();
    const lost = await waitFor(
      () => parse(h.logs).find((l) => l.msg === 'Socket Mode connection lost; reconnecting'),
      DEADLINE_MS,
    );
    const back = await waitFor(
      () => parse(h.logs).find((l) => l.msg === 'Socket Mode reconnected'),
      DEADLINE_MS,
    );

    // Assert
    expect(lost.level).toBe(WARN);
    expect(back.level).toBe(30);
    expect(h.slack.socketConnections().filter((c) => !c.closed)).toHaveLength(1);
  });
});
