import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS, encodeRecommendationRef } from '../../blocks/ids.js';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import {
  decisionsOf,
  freshStatus,
  fromEphemeral,
  newTeam,
  onlyReply,
  visibleText,
} from './helpers.js';

/**
 * The Done button (issue 20): beside Acknowledge and Snooze, it records what the action changed in
 * the team's estate, and the next review judges the team at its new estate.
 */

const NOW = new Date('2026-12-01T10:32:00Z');
let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness({ now: NOW });
});

afterAll(async () => {
  await h?.close();
});

function doneButton(rec: { reviewId: string; recommendationKey: string; blockId: string }) {
  return {
    type: 'button' as const,
    action_id: ACTION_IDS.done,
    block_id: rec.blockId,
    value: encodeRecommendationRef(rec),
  };
}

describe('Done', () => {
  it('records the change in the estate, says who did it, and the next review is of the new estate', async () => {
    // Arrange: a stage-2 team over its CPU trigger is told to plan the move to stage 3
    const team = newTeam();
    const { rec, reply: before } = await freshStatus(h, team);
    expect(rec.recommendationKey).toBe('stage-upgrade:3');
    expect(visibleText(before)).toContain('Stage 2');
    // Act
    const sent = await h.clickWith(
      { teamId: team, action: doneButton(rec), actionTs: '1764585120.000101' },
      fromEphemeral,
    );
    const updated = await onlyReply(h, sent.responseId);
    const after = await h.command('status', { user_id: 'U1ANA', team_id: team });
    const next = await onlyReply(h, after.responseId);
    // Assert: the decision and the estate
    expect(sent.response.status).toBe(200);
    expect(visibleText(updated)).toContain('Done by <@U1ANA>');
    const [decision] = await decisionsOf(h, rec.reviewId);
    expect(decision).toMatchObject({ kind: 'done', userId: 'U1ANA', at: NOW });
    expect(decision?.change?.set).toEqual({ stage: 3 });
    const estate = await h.bot.deps.store.estate.get(team);
    expect(estate?.changes.map((c) => [c.actionKey, c.set])).toEqual([
      ['stage-upgrade:3', { stage: 3 }],
    ]);
    // Assert: the next review is at stage 3, says what was done, and no longer asks for the move
    expect(visibleText(next)).toContain('Stage 3');
    expect(visibleText(next)).toContain('Done 1 Dec: Move to stage 3');
    expect(visibleText(next)).not.toContain('Move to stage 3 (Medium Team)*');
  });

  it('records one change for a double click', async () => {
    // Arrange
    const team = newTeam();
    const { rec } = await freshStatus(h, team);
    // Act
    for (const ts of ['1764585120.000201', '1764585120.000202']) {
      await h.clickWith({ teamId: team, action: doneButton(rec), actionTs: ts }, fromEphemeral);
    }
    await h.idle();
    // Assert
    const estate = await h.bot.deps.store.estate.get(team);
    expect(estate?.changes).toHaveLength(1);
    expect((await decisionsOf(h, rec.reviewId)).map((d) => d.kind)).toEqual(['done']);
  });
});
