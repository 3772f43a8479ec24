import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../blocks/ids.js';
import packageJson from '../../package.json' with { type: 'json' };
import { describeStartupError } from '../../src/bootstrap/startup-error.js';
import { seedDueSubscriptions } from '../reliability/support/capture.js';
import { freshStatus, fromEphemeral, newTeam, onlyReply, visibleText } from '../slack/helpers.js';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import { slashCommandFields } from '../support/slack-request.js';
import { waitFor, waitUntil } from '../support/wait.js';
import { sample, seriesNames } from './prometheus.js';

/**
 * /livez, /readyz (/healthz) and the internal port's /status and /metrics, in HTTP and Socket
 * Mode, with the store up and down (docs/operations.md).
 */

async function get(url: string): Promise<{ status: number; body: unknown; text: string }> {
  const response = await fetch(url);
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: response.status, body, text };
}

/** Polls an async check (an HTTP request) until it gives a value. */
function until<T>(check: () => Promise<T | undefined>): Promise<T> {
  return waitFor(check, { intervalMs: 50 });
}

async function metricsOf(h: BotHarness): Promise<string> {
  const response = await fetch(`${h.healthUrl}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

describe('HTTP mode with HEALTH_PORT', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ health: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the public port answers /livez, /readyz and /healthz with the state only', async () => {
    expect(await get(`${h.baseUrl}/livez`)).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await get(`${h.baseUrl}/readyz`)).toMatchObject({
      status: 200,
      body: { status: 'ready' },
    });
    expect(await get(`${h.baseUrl}/healthz`)).toMatchObject({
      status: 200,
      body: { status: 'ready' },
    });
  });

  it('keeps the store and metrics details off the public port', async () => {
    expect((await get(`${h.baseUrl}/status`)).status).toBe(404);
    expect((await get(`${h.baseUrl}/metrics`)).status).toBe(404);
    expect((await get(`${h.baseUrl}/readyz`)).text).not.toContain('sqlite');
  });

  it('the internal port has the same probes, and /status with the store and metrics source', async () => {
    // Act
    const status = await get(`${h.healthUrl}/status`);
    // Assert
    expect((await get(`${h.healthUrl}/livez`)).status).toBe(200);
    expect((await get(`${h.healthUrl}/readyz`)).body).toEqual({ status: 'ready' });
    expect((await get(`${h.healthUrl}/healthz`)).body).toEqual({ status: 'ready' });
    expect(status.status).toBe(200);
    expect(status.body).toEqual({
      status: 'ready',
      mode: 'http',
      version: packageJson.version,
      uptimeSeconds: expect.any(Number),
      store: { kind: 'embedded', ok: true, detail: expect.stringContaining('sqlite') },
      metrics: { configured: true, detail: 'test metrics' },
      nativeBlocks: { fallbacks: 0, last: null },
    });
  });

  it('answers an unknown path with 404 and a method other than GET with 405', async () => {
    expect((await get(`${h.healthUrl}/nope`)).status).toBe(404);
    expect((await fetch(`${h.healthUrl}/livez`, { method: 'POST' })).status).toBe(405);
  });

  it('/metrics counts commands by outcome, times the acks and names the build', async () => {
    // Arrange
    await onlyReply(h, (await h.command('help')).responseId);
    await onlyReply(h, (await h.command('frobnicate')).responseId);
    await onlyReply(h, (await h.command('status', { team_id: newTeam() })).responseId);
    // Act
    const text = await metricsOf(h);
    // Assert
    expect(
      sample(text, 'scale_review_slack_commands_total', { command: 'help', outcome: 'ok' }),
    ).toBe(1);
    expect(
      sample(text, 'scale_review_slack_commands_total', { command: 'invalid', outcome: 'refused' }),
    ).toBe(1);
    expect(
      sample(text, 'scale_review_slack_commands_total', { command: 'status', outcome: 'ok' }),
    ).toBe(1);
    expect(sample(text, 'scale_review_slack_ack_seconds_count', { type: 'command' })).toBe(3);
    expect(
      sample(text, 'scale_review_slack_ack_seconds_bucket', { type: 'command', le: '3' }),
    ).toBe(3);
    expect(sample(text, 'scale_review_slack_api_calls_total', { method: 'response_url' })).toBe(3);
    expect(
      sample(text, 'scale_review_metrics_source_fetches_total', { source: 'file', result: 'ok' }),
    ).toBe(1);
    expect(
      sample(text, 'scale_review_metrics_source_fetch_seconds_count', { source: 'file' }),
    ).toBe(1);
    expect(
      sample(text, 'scale_review_build_info', {
        version: packageJson.version,
        node: process.version,
        mode: 'http',
        store: 'embedded',
      }),
    ).toBe(1);
    expect(sample(text, 'scale_review_ready')).toBe(1);
    expect(seriesNames(text)).toEqual(
      expect.arrayContaining(['process_cpu_user_seconds_total', 'nodejs_eventloop_lag_seconds']),
    );
  });

  it('counts a command its listener could not read (a field missing) as `invalid`, refused', async () => {
    // Arrange
    const before = await metricsOf(h);
    const count = (text: string, command: string, outcome: string) =>
      sample(text, 'scale_review_slack_commands_total', { command, outcome });
    // Act
    const sent = await h.command('status', { user_id: undefined });
    await h.idle();
    const text = await metricsOf(h);
    // Assert: named by its listener, which read no command
    expect(sent.response.status).toBe(200);
    expect(count(text, 'invalid', 'refused')).toBe(count(before, 'invalid', 'refused') + 1);
    expect(count(text, 'status', 'ok')).toBe(count(before, 'status', 'ok'));
  });

  it('counts a click by its action id, and an unknown one as `unknown`', async () => {
    // Arrange
    const team = newTeam();
    const { rec } = await freshStatus(h, team);
    const before = await metricsOf(h);
    // Act
    await h.clickWith(
      {
        teamId: team,
        action: {
          type: 'button',
          action_id: ACTION_IDS.acknowledge,
          block_id: rec.blockId,
          value: `${rec.reviewId}|${rec.recommendationKey}`,
        },
      },
      fromEphemeral,
    );
    await h.click({
      teamId: team,
      action: { type: 'button', action_id: 'made.up', block_id: 'b1', value: 'x' },
    });
    await h.idle();
    const text = await metricsOf(h);
    // Assert
    const acks = { action: ACTION_IDS.acknowledge, outcome: 'ok' };
    expect(sample(text, 'scale_review_slack_actions_total', acks)).toBe(
      sample(before, 'scale_review_slack_actions_total', acks) + 1,
    );
    expect(sample(text, 'scale_review_slack_actions_total', { action: 'unknown' })).toBe(1);
    expect(sample(text, 'scale_review_slack_ack_seconds_count', { type: 'action' })).toBe(2);
  });

  it('counts Slack API errors by method and error, and 429s apart', async () => {
    // Arrange: the App Home's views.publish is refused, then rate limited
    h.slack.script(
      'views.publish',
      { kind: 'slackError', error: 'not_enabled' },
      { kind: 'rateLimited', retryAfterSeconds: 1 },
    );
    // Act
    await h.homeOpened('U1ANA', { teamId: newTeam() });
    await h.homeOpened('U1ANA', { teamId: newTeam() });
    await h.idle();
    const text = await metricsOf(h);
    h.slack.clearFaults();
    // Assert
    const method = 'views.publish';
    expect(sample(text, 'scale_review_slack_api_calls_total', { method })).toBeGreaterThanOrEqual(
      2,
    );
    expect(
      sample(text, 'scale_review_slack_api_errors_total', { method, error: 'not_enabled' }),
    ).toBe(1);
    expect(
      sample(text, 'scale_review_slack_api_errors_total', { method, error: 'ratelimited' }),
    ).toBe(1);
    expect(sample(text, 'scale_review_slack_api_rate_limited_total', { method })).toBe(1);
    expect(sample(text, 'scale_review_slack_events_total', { event: 'app_home_opened' })).toBe(2);
  });

  it('with the store down: still ready, /status says why (503), the failures are counted', async () => {
    h.store.down = true;
    try {
      // Act
      const reply = await onlyReply(h, (await h.command('history')).responseId);
      const status = await get(`${h.healthUrl}/status`);
      const text = await metricsOf(h);
      // Assert
      expect(visibleText(reply)).toContain('The review history store is unavailable right now');
      expect((await get(`${h.baseUrl}/readyz`)).status).toBe(200);
      expect((await get(`${h.baseUrl}/livez`)).status).toBe(200);
      expect((await get(`${h.healthUrl}/readyz`)).status).toBe(200);
      expect(status.status).toBe(503);
      expect(status.body).toMatchObject({ status: 'ready', store: { ok: false } });
      expect(
        sample(text, 'scale_review_slack_commands_total', {
          command: 'history',
          outcome: 'failed',
        }),
      ).toBe(1);
      expect(
        sample(text, 'scale_review_store_errors_total', {
          operation: 'observations.getMany',
          error: 'unavailable',
        }),
      ).toBeGreaterThanOrEqual(1);
    } finally {
      h.store.down = false;
    }
  });
});

describe('the digest job counts its ticks and channels', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({
      health: true,
      now: new Date(),
      configYaml: "digest:\n  tickCron: '* * * * * *'\n  chart: false\n",
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('digests by result and ticks by result', async () => {
    // Arrange
    await seedDueSubscriptions(h.bot.deps.store, {
      teamId: newTeam(),
      count: 2,
      now: new Date(),
    });
    // Act
    await waitUntil(() => h.slack.messages().length >= 2, { what: 'two digests' });
    const text = await until(async () => {
      const current = await metricsOf(h);
      return sample(current, 'scale_review_digests_total', { result: 'sent' }) >= 2
        ? current
        : undefined;
    });
    // Assert
    expect(sample(text, 'scale_review_digests_total', { result: 'sent' })).toBe(2);
    expect(sample(text, 'scale_review_digest_ticks_total', { result: 'ok' })).toBeGreaterThan(0);
    expect(sample(text, 'scale_review_digest_tick_seconds_count')).toBeGreaterThanOrEqual(1);
  });
});

describe('Socket Mode with HEALTH_PORT (its only health endpoint)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ socket: true, health: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  function socketCommand(text: string, id: string) {
    h.slack.sendSocketMessage({
      envelope_id: `env-${id}`,
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: slashCommandFields({ text, response_url: h.slack.responseUrl(id) }),
    });
    return waitFor(() => {
      const posted = h.slack.responses(id);
      return posted.length > 0 ? posted : undefined;
    });
  }

  it('serves /livez, /readyz and /metrics once connected', async () => {
    // Arrange
    await socketCommand('help', 'socket-metrics-help');
    // Act
    const text = await metricsOf(h);
    // Assert
    expect((await get(`${h.healthUrl}/livez`)).status).toBe(200);
    expect((await get(`${h.healthUrl}/readyz`)).body).toEqual({ status: 'ready' });
    expect((await get(`${h.healthUrl}/status`)).body).toMatchObject({ mode: 'socket' });
    expect(
      sample(text, 'scale_review_slack_commands_total', { command: 'help', outcome: 'ok' }),
    ).toBe(1);
    expect(sample(text, 'scale_review_slack_ack_seconds_count', { type: 'command' })).toBe(1);
    expect(sample(text, 'scale_review_build_info', { mode: 'socket' })).toBe(1);
  });

  it('with the store down: still ready, and the failure is counted', async () => {
    h.store.down = true;
    try {
      const [reply] = await socketCommand('history', 'socket-store-down');
      const text = await metricsOf(h);
      expect(visibleText(reply?.payload as Record<string, unknown>)).toContain(
        'The review history store is unavailable right now',
      );
      expect((await get(`${h.healthUrl}/readyz`)).status).toBe(200);
      expect((await get(`${h.healthUrl}/status`)).status).toBe(503);
      expect(
        sample(text, 'scale_review_slack_commands_total', {
          command: 'history',
          outcome: 'failed',
        }),
      ).toBe(1);
    } finally {
      h.store.down = false;
    }
  });

  it('turns /readyz 503 `disconnected` when the connection to Slack is lost', async () => {
    // Act: Slack goes away (the client keeps trying to reconnect)
    await h.slack.close();
    const state = await until(async () => {
      const readyz = await get(`${h.healthUrl}/readyz`);
      return readyz.status === 503 ? readyz.body : undefined;
    });
    // Assert
    expect(state).toEqual({ status: 'disconnected' });
    expect((await get(`${h.healthUrl}/livez`)).status).toBe(200);
  });
});

describe('stopping', () => {
  it('/readyz says `stopping` while the replies in flight finish; /livez stays 200', async () => {
    // Arrange
    const h = await startBotHarness({ health: true });
    const release = h.metrics?.hold() ?? (() => {});
    const sent = await h.command('status');
    // Act
    const stopping = h.bot.stop();
    const readyz = await get(`${h.healthUrl}/readyz`);
    const livez = await get(`${h.healthUrl}/livez`);
    release();
    await stopping;
    // Assert
    expect(readyz).toMatchObject({ status: 503, body: { status: 'stopping' } });
    expect(livez.status).toBe(200);
    expect(h.slack.responses(sent.responseId)).toHaveLength(1);
    await h.close();
  });
});

describe('HEALTH_PORT already in use', () => {
  it('stops the start with one line that says what to do', async () => {
    // Arrange
    const first = await startBotHarness({ health: true });
    const port = new URL(first.healthUrl ?? '').port;
    // Act
    const failure = await startBotHarness({ env: { HEALTH_PORT: port } }).then(
      async (h) => {
        await h.close();
        return null;
      },
      (error: unknown) => describeStartupError(error),
    );
    await first.close();
    // Assert
    expect(failure).toEqual({
      lines: [`HEALTH_PORT ${port} is already in use: set HEALTH_PORT to a free port, or unset it`],
      exitCode: 2,
    });
  });
});
