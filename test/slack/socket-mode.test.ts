import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BotHarness,
  startBotHarness,
  TEST_APP_TOKEN,
  waitFor,
} from '../support/bot-harness.js';
import { slashCommandFields } from '../support/slack-request.js';
import { visibleText } from './helpers.js';

describe('Socket Mode (SLACK_APP_TOKEN set)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ socket: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('checks the app token, then opens a connection with it, through SLACK_API_URL', () => {
    const opens = h.slack.calls('apps.connections.open');
    expect(h.bot.mode).toBe('socket');
    expect(h.bot.port).toBeNull();
    // One call checks the token before the Socket Mode client (which retries refusals) makes its own.
    expect(opens.map((call) => call.token)).toEqual([TEST_APP_TOKEN, TEST_APP_TOKEN]);
    expect(h.slack.socketConnections().filter((c) => !c.closed)).toHaveLength(1);
  });

  it('acks a slash command envelope and answers through response_url', async () => {
    // Arrange
    const envelope = {
      envelope_id: 'env-scale-help-1',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: slashCommandFields({
        text: 'help',
        response_url: h.slack.responseUrl('socket-help'),
      }),
    };
    // Act
    h.slack.sendSocketMessage(envelope);
    const ack = await waitFor(() =>
      h.slack
        .socketConnections()
        .flatMap((c) => c.received)
        .find((m) => (m as { envelope_id?: string }).envelope_id === 'env-scale-help-1'),
    );
    const [reply] = await waitFor(() => {
      const posted = h.slack.responses('socket-help');
      return posted.length > 0 ? posted : undefined;
    });
    // Assert
    expect(ack).toBeDefined();
    expect(visibleText(reply?.payload as Record<string, unknown>)).toContain(
      'Scale Review commands',
    );
  });
});
