import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS, encodeRecommendationRef } from '../../blocks/ids.js';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import {
  ackButton,
  decisionsOf,
  freshStatus,
  fromEphemeral,
  newTeam,
  onlyReply,
  postChannelMessage,
  visibleText,
} from './helpers.js';

const ADMIN = 'U0ADMIN';
const NOW = new Date('2026-12-01T10:32:00Z');
let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness({
    now: NOW,
    configYaml: `slack:\n  admins: [${ADMIN}]\n`,
    fakeSlack: { users: { [ADMIN]: { tz: 'Europe/Paris' } } },
  });
});

afterAll(async () => {
  await h?.close();
});

describe('Acknowledge', () => {
  it('records who and when, and updates the ephemeral message in place', async () => {
    // Arrange
    const team = newTeam();
    const { rec } = await freshStatus(h, team);
    // Act
    const sent = await h.clickWith(
      { teamId: team, action: ackButton(rec), actionTs: '1764585120.000001' },
      fromEphemeral,
    );
    const reply = await onlyReply(h, sent.responseId);
    const decisions = await decisionsOf(h, rec.reviewId);
    // Assert
    expect(sent.response.status).toBe(200);
    expect(reply.replace_original).toBe(true);
    expect(visibleText(reply)).toContain('Acknowledged by <@U1ANA>');
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      kind: 'ack',
      userId: 'U1ANA',
      at: NOW,
      snoozeUntil: null,
    });
    expect(decisions[0]?.metricsAtDecision.cpuPercent).toBe(88);
  });

  it('edits a channel message with chat.update', async () => {
    // Arrange
    const team = newTeam();
    const { reply, rec } = await freshStatus(h, team);
    const ts = await postChannelMessage(h, 'C0DIGEST', reply);
    // Act
    const sent = await h.click({
      teamId: team,
      action: ackButton(rec),
      actionTs: '1764585120.000002',
      surface: { kind: 'message', channelId: 'C0DIGEST', messageTs: ts },
    });
    await h.idle();
    // Assert
    const [message] = h.slack.messages('C0DIGEST');
    expect(h.slack.responses(sent.responseId)).toHaveLength(0);
    expect(message?.edits).toBe(1);
    expect(JSON.stringify(message?.blocks)).toContain('Acknowledged by <@U1ANA>');
  });

  it.each([
    ['a message chat.update cannot edit (posted through a response_url)', null],
    ['a rate-limited chat.update (no 30 s pause)', { kind: 'rateLimited', retryAfterSeconds: 30 }],
  ] as const)('falls back to the response_url for %s', async (_case, fault) => {
    // Arrange
    const team = newTeam();
    const { rec } = await freshStatus(h, team);
    if (fault) h.slack.script('chat.update', fault);
    // Act
    const sent = await h.click({
      teamId: team,
      action: ackButton(rec),
      actionTs: `1764585120.10000${fault ? 1 : 2}`,
      surface: { kind: 'message', channelId: 'C0PUBLIC', messageTs: '1764585000.000900' },
    });
    const reply = await onlyReply(h, sent.responseId);
    // Assert
    expect(h.slack.calls('chat.update').length).toBeGreaterThan(0);
    expect(reply.replace_original).toBe(true);
    expect(visibleText(reply)).toContain('Acknowledged by <@U1ANA>');
  });

  it('a hanging chat.update falls back to the response_url after one short attempt', async () => {
    // Arrange: chat.update never answers
    const team = newTeam();
    const { reply: status, rec } = await freshStatus(h, team);
    const ts = await postChannelMessage(h, 'C0HANG', status);
    h.slack.script('chat.update', { kind: 'hang' });
    // Act
    const sent = await h.click({
      teamId: team,
      action: ackButton(rec),
      actionTs: '1764585120.200001',
      surface: { kind: 'message', channelId: 'C0HANG', messageTs: ts },
    });
    const reply = await onlyReply(h, sent.responseId);
    h.slack.releaseHeld();
    // Assert: one attempt (the quick client policy, not 3 × 10 s), then the answer; one decision
    expect(h.slack.calls('chat.update').filter((c) => c.args.channel === 'C0HANG')).toHaveLength(1);
    expect(reply.replace_original).toBe(true);
    expect(visibleText(reply)).toContain('Acknowledged by <@U1ANA>');
    expect(await decisionsOf(h, rec.reviewId)).toHaveLength(1);
  });

  it('a double click records one decision', async () => {
    const team = newTeam();
    const { rec } = await freshStatus(h, team);
    const first = await h.clickWith(
      { teamId: team, action: ackButton(rec), actionTs: '1764585121.000001' },
      fromEphemeral,
    );
    const second = await h.clickWith(
      { teamId: team, action: ackButton(rec), actionTs: '1764585121.500001' },
      fromEphemeral,
    );
    const replies = [
      ...(await h.replies(first.responseId)),
      ...(await h.replies(second.responseId)),
    ];
    expect(await decisionsOf(h, rec.reviewId)).toHaveLength(1);
    expect(replies).toHaveLength(1);
    expect(visibleText(replies[0] ?? {})).toContain('Acknowledged by <@U1ANA>');
  });

  it('a redelivery with x-slack-retry-num records one decision', async () => {
    const team = newTeam();
    const { rec } = await freshStatus(h, team);
    const options = { teamId: team, action: ackButton(rec), actionTs: '1764585122.000001' };
    const first = await h.clickWith(options, fromEphemeral);
    const retry = await h.clickWith(options, fromEphemeral, {
      'x-slack-retry-num': '1',
      'x-slack-retry-reason': 'http_timeout',
    });
    await h.idle();
    const replies = [
      ...(await h.replies(first.responseId)),
      ...(await h.replies(retry.responseId)),
    ];
    expect([first.response.status, retry.response.status]).toEqual([200, 200]);
    expect(await decisionsOf(h, rec.reviewId)).toHaveLength(1);
    expect(replies).toHaveLength(1);
    expect(visibleText(replies[0] ?? {})).toContain('Acknowledged by');
  });

  it('a second person’s click shows the latest state and keeps both decisions', async () => {
    const team = newTeam();
    const { rec } = await freshStatus(h, team);
    await h.clickWith(
      { teamId: team, action: ackButton(rec), actionTs: '1764585123.000001' },
      fromEphemeral,
    );
    const second = await h.clickWith(
      {
        teamId: team,
        action: ackButton(rec),
        actionTs: '1764585123.000002',
        user: { id: 'U2BEN' },
      },
      fromEphemeral,
    );
    expect(visibleText(await onlyReply(h, second.responseId))).toContain(
      'Acknowledged by <@U2BEN>',
    );
    expect((await decisionsOf(h, rec.reviewId)).map((d) => d.userId)).toEqual(['U2BEN', 'U1ANA']);
  });
});

describe('Full history from a message', () => {
  it('answers the history ephemerally', async () => {
    const team = newTeam();
    await freshStatus(h, team);
    const sent = await h.click({
      teamId: team,
      action: { type: 'button', action_id: ACTION_IDS.openHistory, block_id: 'h1' },
    });
    const reply = await onlyReply(h, sent.responseId);
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(visibleText(reply)).toContain('Review history');
  });
});

describe('refusals that change nothing', () => {
  it('a button pointing at a missing review', async () => {
    const sent = await h.clickWith(
      {
        action: {
          type: 'button',
          action_id: ACTION_IDS.acknowledge,
          block_id: 'b1',
          value: encodeRecommendationRef({ reviewId: '999999', recommendationKey: 'cpu' }),
        },
        actionTs: '1764585160.000001',
      },
      fromEphemeral,
    );
    const reply = await onlyReply(h, sent.responseId);
    expect(visibleText(reply)).toContain('That review no longer exists');
  });

  it('a review of another workspace (a shared channel) says whose history it is', async () => {
    // Arrange: the review is the home workspace's; a member of a partner workspace clicks it
    const team = newTeam();
    const { rec } = await freshStatus(h, team);
    // Act
    const sent = await h.clickWith(
      { action: ackButton(rec), teamId: 'T0OTHER', actionTs: '1764585161.000001' },
      fromEphemeral,
    );
    const text = visibleText(await onlyReply(h, sent.responseId));
    // Assert
    expect(text).toContain(
      "That review belongs to another workspace's history (a channel shared between workspaces, or an organization-wide install), so decisions on it are taken there.",
    );
    expect(text).not.toContain('no longer exists');
    expect(await decisionsOf(h, rec.reviewId)).toHaveLength(0);
  });

  it('a review of another workspace clicked under an org-wide install (no team, the user’s own)', async () => {
    // Arrange: org-wide installs send `team: null`; the user's workspace is `user.team_id`
    const { rec } = await freshStatus(h, newTeam());
    // Act
    const sent = await h.clickWith(
      { action: ackButton(rec), actionTs: '1764585161.000002' },
      (payload) => {
        payload.team = null;
        payload.user = { id: 'U1ANA', username: 'ana', name: 'ana', team_id: 'T0ORGOTHER' };
        fromEphemeral(payload);
      },
    );
    // Assert
    expect(visibleText(await onlyReply(h, sent.responseId))).toContain(
      "That review belongs to another workspace's history",
    );
    expect(await decisionsOf(h, rec.reviewId)).toHaveLength(0);
  });

  it('an unknown action id', async () => {
    const sent = await h.click({
      action: { type: 'button', action_id: 'scale.self_destruct', block_id: 'b1', value: 'x' },
      actionTs: '1764585162.000001',
    });
    const reply = await onlyReply(h, sent.responseId);
    expect(sent.response.status).toBe(200);
    expect(visibleText(reply)).toContain('This control is no longer supported');
  });
});
