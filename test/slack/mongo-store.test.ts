import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ACTION_IDS, encodeRecommendationRef } from '../../blocks/ids.js';
import { dropDatabase, randomDatabaseName, withDatabase } from '../store/mongo-harness.js';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import { decisionsOf, freshStatus, fromEphemeral, newTeam, visibleText } from './helpers.js';

const serverUrl = inject('mongodbUrl');
const database = randomDatabaseName();

describe('with MongoDB (FerretDB) as the store', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ env: { MONGODB_URL: withDatabase(serverUrl, database) } });
  });
  afterAll(async () => {
    await h?.close();
    await dropDatabase(serverUrl, database);
  });

  it('answers /scale status and records an acknowledgement once', async () => {
    // Arrange
    const team = newTeam();
    const { rec } = await freshStatus(h, team);
    const click = {
      teamId: team,
      actionTs: '1764585200.000001',
      action: {
        type: 'button' as const,
        action_id: ACTION_IDS.acknowledge,
        block_id: rec.blockId,
        value: encodeRecommendationRef(rec),
      },
    };
    // Act
    const first = await h.clickWith(click, fromEphemeral);
    const retry = await h.clickWith(click, fromEphemeral, { 'x-slack-retry-num': '1' });
    const replies = [
      ...(await h.replies(first.responseId)),
      ...(await h.replies(retry.responseId)),
    ];
    // Assert
    expect(h.bot.deps.store.kind).toBe('mongodb');
    expect(replies).toHaveLength(1);
    expect(visibleText(replies[0] ?? {})).toContain('Acknowledged by');
    expect(await decisionsOf(h, rec.reviewId)).toHaveLength(1);
  });
});
