import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import {
  ackButton,
  firstRecommendation,
  freshStatus,
  newTeam,
  onlyReply,
  postChannelMessage,
} from './helpers.js';

/**
 * The table and chart blocks in `/scale status` and a click's re-render, and what happens when
 * Slack refuses them: the same answer with the mrkdwn lines, once, recorded on /status and in the
 * Prometheus metrics (docs/slack.md, "Native blocks and the fallback"). Real bot, signed HTTP, the
 * fake Slack checking every block against Slack's limits.
 */

let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness({
    health: true,
    metricsCache: { ttlSeconds: 60, maxStaleSeconds: 300 },
  });
});

afterAll(async () => {
  await h?.close();
});

const NATIVE = /"type":"(table|data_visualization)"/;

async function status(): Promise<unknown> {
  return (await fetch(`${h.healthUrl}/status`)).json();
}

async function fallbacksCounted(surface: string): Promise<number> {
  const text = await (await fetch(`${h.healthUrl}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) =>
      l.startsWith(
        `scale_review_slack_native_fallbacks_total{surface="${surface}",error="invalid_blocks"}`,
      ),
    );
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

describe('native blocks in the answers', () => {
  it('`/scale status` answers with the indicators table and the trend chart, which Slack takes', async () => {
    const reply = await onlyReply(
      h,
      (await h.command('status', { team_id: newTeam() })).responseId,
    );
    const types = (reply.blocks as { type: string }[]).map((b) => b.type);
    expect(types).toEqual(expect.arrayContaining(['table', 'data_visualization']));
    expect(h.slack.blockRefusals()).toEqual([]);
    expect(await status()).toMatchObject({ nativeBlocks: { fallbacks: 0, last: null } });
  });
});

describe('when Slack refuses them', () => {
  it('answers `/scale status` once more with the mrkdwn lines, and records it', async () => {
    // Arrange
    h.slack.refuseNativeBlocks();
    // Act
    const sent = await h.command('status', { team_id: newTeam() });
    await h.idle();
    // Assert: one refused post, one shown answer with the lines
    const posts = h.slack.responses(sent.responseId);
    expect(posts.map((p) => p.status)).toEqual([400, 200]);
    const shown = JSON.stringify(posts[1]?.payload);
    expect(shown).not.toMatch(NATIVE);
    expect(shown).toContain('*Indicators vs thresholds*');
    expect(await status()).toMatchObject({
      nativeBlocks: {
        fallbacks: 1,
        last: { surface: 'reply', code: 'invalid_blocks', at: expect.any(String) },
      },
    });
    expect(await fallbacksCounted('reply')).toBe(1);
    expect(h.logs.some((l) => l.includes('Slack refused the chart and table'))).toBe(true);
  });

  it('answers a warm status in the ack with the mrkdwn lines once a refusal was seen', async () => {
    const team = newTeam();
    await h.replies((await h.command('status', { team_id: team })).responseId);
    // Act: the same team's status again, answered from memory in the ack
    const sent = await h.command('status', { team_id: team });
    const body = await sent.response.text();
    // Assert
    expect(body).toContain('Scaling Indicators');
    expect(body).not.toMatch(NATIVE);
    expect(h.slack.responses(sent.responseId)).toEqual([]);
  });

  it('re-renders a clicked channel message with chat.update and the mrkdwn lines', async () => {
    // Arrange: a status posted in a channel with its table and chart, then Slack stops taking them
    h.slack.refuseNativeBlocks(false);
    const team = newTeam();
    const { reply } = await freshStatus(h, team);
    const ts = await postChannelMessage(h, 'C0NATIVE', reply);
    h.slack.refuseNativeBlocks();
    const before = await fallbacksCounted('update');
    // Act
    await h.click({
      teamId: team,
      action: ackButton(firstRecommendation(reply)),
      actionTs: '1764585120.000042',
      surface: { kind: 'message', channelId: 'C0NATIVE', messageTs: ts },
    });
    await h.idle();
    // Assert: the update refused once, then made with the lines; one message, edited once
    const updates = h.slack.calls('chat.update').filter((c) => c.args.channel === 'C0NATIVE');
    expect(updates.map((c) => c.error ?? 'ok')).toEqual(['invalid_blocks', 'ok']);
    const [message] = h.slack.messages('C0NATIVE');
    expect(message?.edits).toBe(1);
    expect(JSON.stringify(message?.blocks)).not.toMatch(NATIVE);
    expect(JSON.stringify(message?.blocks)).toContain('Acknowledged by <@U1ANA>');
    expect(await fallbacksCounted('update')).toBe(before + 1);
  });
});
