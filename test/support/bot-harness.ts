import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type RunningBot, startBot } from '../../src/bootstrap/start-bot.js';
import { createCachedSource } from '../../src/metrics/cached-source.js';
import { FakeMetricsSource, StoreSwitch } from './bot-harness-fakes.js';
import { FakeSlack, type FakeSlackOptions } from './fake-slack.js';
import { freePort } from './free-port.js';
import {
  appHomeOpenedEvent,
  type BlockActionsOptions,
  blockActionsBody,
  blockActionsPayload,
  type EnvelopeOptions,
  encodeForm,
  eventCallbackBody,
  postSigned,
  type SignOptions,
  type SlashCommandFields,
  slashCommandBody,
  TEST_SIGNING_SECRET,
} from './slack-request.js';

/** A free loopback port (Bolt's start() needs the number before it listens). */
export { freePort };

/**
 * The real bot (startBot: Bolt, the embedded store, every listener) in HTTP mode on loopback, with
 * SLACK_API_URL pointing at the fake Slack, an in-memory metrics source and an injected clock.
 */

export const TEST_BOT_TOKEN = 'xoxb-test-bot-token-not-real';
export const TEST_APP_TOKEN = 'xapp-1-test-app-token-not-real';

export { BUSY_WEEK, FakeMetricsSource, StoreSwitch } from './bot-harness-fakes.js';

/** Polls for a condition with a generous deadline (test/support/wait.ts). */
export { waitFor } from './wait.js';

export interface BotHarnessOptions {
  /** scale-review.yml content (written to the temp dir). */
  configYaml?: string;
  /**
   * The metrics source (default: a FakeMetricsSource). null: none injected, so the bot's own
   * bootstrap decides (no `metrics:` section and no AWS_REGION: "not configured").
   */
  metrics?: FakeMetricsSource | null;
  /**
   * Puts the metrics source behind the bot's in-process cache (on the harness clock), as
   * production does: the shared status answers and the answer in the ack rest on it.
   */
  metricsCache?: { ttlSeconds: number; maxStaleSeconds?: number };
  /** The bot's clock start (default 2026-12-01T10:32:00Z). */
  now?: Date;
  /**
   * The bot's clock is the real one (for the bot's own real-time ticks and leases against a real
   * server); `now` and `setNow` are then ignored.
   */
  realClock?: boolean;
  fakeSlack?: FakeSlackOptions;
  /** Socket Mode (SLACK_APP_TOKEN) instead of HTTP. */
  socket?: boolean;
  /** Socket Mode: the client's reconnect step (default 5 s), to reconnect in a moment. */
  socketReconnectMs?: number;
  /** Extra environment (e.g. MONGODB_URL). */
  env?: Record<string, string>;
  /** Run the internal health and metrics server (HEALTH_PORT) on a free port: see `healthUrl`. */
  health?: boolean;
}

export interface Sent {
  response: Response;
  /** The id of the response_url given to Slack's payload (see `replies`). */
  responseId: string;
}

export interface BotHarness {
  slack: FakeSlack;
  bot: RunningBot;
  /** http://127.0.0.1:PORT (HTTP mode). */
  baseUrl: string;
  eventsUrl: string;
  /** http://127.0.0.1:HEALTH_PORT with `health: true`, else null. */
  healthUrl: string | null;
  metrics: FakeMetricsSource | null;
  store: StoreSwitch;
  logs: string[];
  setNow(date: Date): void;
  command(
    text: string,
    fields?: Partial<SlashCommandFields>,
    sign?: SignOptions & { headers?: Record<string, string> },
  ): Promise<Sent>;
  click(options: BlockActionsOptions, headers?: Record<string, string>): Promise<Sent>;
  /** Posts a block_actions payload as given (after `edit` may change it, e.g. the container). */
  clickWith(
    options: BlockActionsOptions,
    edit: (payload: Record<string, unknown>) => void,
    headers?: Record<string, string>,
  ): Promise<Sent>;
  event(
    event: Record<string, unknown>,
    envelope?: EnvelopeOptions,
    headers?: Record<string, string>,
  ): Promise<Response>;
  homeOpened(
    user?: string,
    envelope?: EnvelopeOptions,
    headers?: Record<string, string>,
  ): Promise<Response>;
  /** Waits for every reply in flight, then returns the payloads posted to that response_url. */
  replies(responseId: string): Promise<Record<string, unknown>[]>;
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function startBotHarness(options: BotHarnessOptions = {}): Promise<BotHarness> {
  const slack = new FakeSlack(options.fakeSlack);
  const { apiUrl } = await slack.start();
  const dir = await mkdtemp(join(tmpdir(), 'scale-review-bot-'));
  const configPath = join(dir, 'scale-review.yml');
  await writeFile(configPath, options.configYaml ?? '');
  const port = await freePort();
  const healthPort = options.health ? await freePort() : null;
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  let now = options.now ?? new Date('2026-12-01T10:32:00Z');
  const current = () => (options.realClock ? new Date() : now);
  const metrics = options.metrics === undefined ? new FakeMetricsSource() : options.metrics;
  const store = new StoreSwitch();
  const env: Record<string, string> = {
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_API_URL: apiUrl,
    DATA_DIR: join(dir, 'data'),
    SCALE_REVIEW_CONFIG: configPath,
    LOG_LEVEL: 'debug',
    ...(options.socket
      ? { SLACK_APP_TOKEN: TEST_APP_TOKEN }
      : { SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, PORT: String(port) }),
    ...(healthPort === null ? {} : { HEALTH_PORT: String(healthPort) }),
    ...options.env,
  };
  let bot: RunningBot;
  try {
    bot = await startBot({
      env,
      cwd: dir,
      logDestination: destination,
      overrides: {
        ...(metrics === null
          ? {}
          : {
              metrics:
                options.metricsCache === undefined
                  ? metrics
                  : createCachedSource(metrics, {
                      ...options.metricsCache,
                      clock: () => current().getTime(),
                    }),
            }),
        clock: () => new Date(current()),
        wrapStore: (s) => store.wrap(s),
        host: '127.0.0.1',
        ...(options.socketReconnectMs === undefined
          ? {}
          : { socketReconnectMs: options.socketReconnectMs }),
      },
    });
  } catch (error) {
    await slack.close();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  // The bot's own port: `env.PORT` may choose it (OAuth mode needs it in PUBLIC_URL beforehand).
  const baseUrl = `http://127.0.0.1:${bot.port ?? port}`;
  const eventsUrl = `${baseUrl}/slack/events`;
  let seq = 0;
  const nextId = (prefix: string) => `${prefix}-${++seq}`;

  return {
    slack,
    bot,
    baseUrl,
    eventsUrl,
    healthUrl: healthPort === null ? null : `http://127.0.0.1:${healthPort}`,
    metrics,
    store,
    logs,
    setNow: (date) => {
      now = date;
    },
    command: async (text, fields = {}, sign = {}) => {
      const responseId = nextId('cmd');
      const body = slashCommandBody({
        text,
        response_url: slack.responseUrl(responseId),
        ...fields,
      });
      return { response: await postSigned(eventsUrl, body, sign), responseId };
    },
    click: async (actionOptions, headers = {}) => {
      const responseId = nextId('click');
      const body = blockActionsBody({
        responseUrl: slack.responseUrl(responseId),
        ...actionOptions,
      });
      return { response: await postSigned(eventsUrl, body, { headers }), responseId };
    },
    clickWith: async (actionOptions, edit, headers = {}) => {
      const responseId = nextId('click');
      const payload = blockActionsPayload({
        responseUrl: slack.responseUrl(responseId),
        ...actionOptions,
      });
      edit(payload);
      const body = encodeForm({ payload: JSON.stringify(payload) });
      return { response: await postSigned(eventsUrl, body, { headers }), responseId };
    },
    event: (event, envelope = {}, headers = {}) =>
      postSigned(eventsUrl, eventCallbackBody(event, envelope), { headers }),
    homeOpened: (user = 'U1ANA', envelope = {}, headers = {}) =>
      postSigned(eventsUrl, eventCallbackBody(appHomeOpenedEvent(user), envelope), { headers }),
    replies: async (responseId) => {
      await bot.idle();
      return slack.responses(responseId).map((r) => r.payload as Record<string, unknown>);
    },
    idle: () => bot.idle(),
    close: async () => {
      await bot.stop();
      await slack.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
