import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../blocks/ids.js';
import { BUSY_MESSAGE } from '../../src/slack/ack.js';
import { type BotHarness, startBotHarness, waitFor } from '../support/bot-harness.js';
import { onlyReply, visibleText } from './helpers.js';

/**
 * When the answer queue is full (here: one answer at a time, and it waits on a slow metrics
 * source), the ack itself says "busy, try again in a minute" rather than accepting work the bot
 * could not finish in time.
 */

let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness({
    configYaml: 'slack:\n  answers:\n    capacity: 1\n    concurrency: 1\n',
  });
});

afterAll(async () => {
  await h?.close();
});

describe('a full answer queue', () => {
  it('acks a command with the busy message; the answer already queued still goes out', async () => {
    // Arrange: the first command's answer holds the only place (CloudWatch is slow)
    const release = h.metrics?.hold() ?? (() => undefined);
    const first = await h.command('status');
    await waitFor(() => (h.metrics?.fetches === 1 ? true : undefined));
    // Act
    const second = await h.command('status');
    const secondAck = (await second.response.json()) as Record<string, unknown>;
    release();
    // Assert
    expect(first.response.status).toBe(200);
    expect(second.response.status).toBe(200);
    expect(secondAck).toMatchObject({ response_type: 'ephemeral' });
    expect(String(secondAck.text)).toContain(BUSY_MESSAGE);
    expect(visibleText(await onlyReply(h, first.responseId))).toContain('Scaling Indicators');
    expect(await h.replies(second.responseId)).toEqual([]);
    expect(h.logs.join('')).toContain('answer queue full');
  });

  it('answers a click with the busy message through its response_url', async () => {
    const release = h.metrics?.hold() ?? (() => undefined);
    const fetches = h.metrics?.fetches ?? 0;
    const command = await h.command('status');
    await waitFor(() => (h.metrics?.fetches === fetches + 1 ? true : undefined));
    const click = await h.click({
      action: { type: 'button', action_id: ACTION_IDS.acknowledge, block_id: 'b1', value: 'x' },
    });
    const [busy] = await waitFor(() => {
      const replies = h.slack.responses(click.responseId);
      return replies.length > 0 ? replies : undefined;
    });
    release();
    await h.idle();
    expect(click.response.status).toBe(200);
    expect(busy?.payload).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(visibleText(busy?.payload as Record<string, unknown>)).toContain(BUSY_MESSAGE);
    expect(await h.replies(command.responseId)).toHaveLength(1);
  });

  it('answers a click in the App Home (no response_url) with the busy message in a modal', async () => {
    // Arrange
    const release = h.metrics?.hold() ?? (() => undefined);
    const fetches = h.metrics?.fetches ?? 0;
    await h.command('status');
    await waitFor(() => (h.metrics?.fetches === fetches + 1 ? true : undefined));
    // Act
    await h.click({
      user: { id: 'U0BUSYHOME' },
      triggerId: 'trigger-busy-home',
      surface: { kind: 'home', viewId: 'V0BUSYHOME' },
      action: { type: 'button', action_id: ACTION_IDS.openHistory, block_id: 'h1' },
    });
    const [opened] = await waitFor(() => {
      const calls = h.slack.calls('views.open');
      const mine = calls.filter((c) => c.args.trigger_id === 'trigger-busy-home');
      return mine.length > 0 ? mine : undefined;
    });
    release();
    await h.idle();
    // Assert
    expect(JSON.stringify(opened?.args.view)).toContain(BUSY_MESSAGE);
  });
});
