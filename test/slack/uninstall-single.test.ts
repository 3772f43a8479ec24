import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewRecord, subscriptionInput } from '../store/fixtures.js';
import { type BotHarness, startBotHarness, waitFor } from '../support/bot-harness.js';
import { sendUninstall } from '../support/fake-slack-events.js';

/**
 * Single-workspace mode (SLACK_BOT_TOKEN): the operator owns the deployment. An uninstall stops
 * the digests and says what to do; the data stays (docs/operations.md, "Uninstall and retention").
 */

const NOW = new Date('2026-12-01T10:32:00Z');
const TEAM = 'T0FAKE';

describe('uninstall in single-workspace mode', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ configYaml: 'digest:\n  enabled: false\n', now: NOW });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('deactivates the subscriptions, keeps the data and logs that SLACK_BOT_TOKEN is gone', async () => {
    // Arrange
    const { store } = h.bot.deps;
    await store.subscriptions.upsert(subscriptionInput(TEAM, 'C0OPS', { nextRunAt: NOW }), NOW);
    await store.subscriptions.upsert(subscriptionInput('T0OTHER', 'C0ELSE'), NOW);
    await store.reviews.save(reviewRecord(TEAM, NOW));
    const stopped = (l: string) => l.includes('SLACK_BOT_TOKEN no longer works');
    // Act
    const sent = await sendUninstall(h.slack, h.eventsUrl, TEAM);
    await waitFor(() => (h.logs.filter(stopped).length === 2 ? true : undefined));
    await h.idle();
    // Assert
    expect([sent.tokensRevoked.status, sent.appUninstalled.status]).toEqual([200, 200]);
    expect((await store.subscriptions.list(TEAM)).map((s) => s.active)).toEqual([false]);
    expect((await store.subscriptions.listDue(NOW)).map((s) => s.teamId)).toEqual(['T0OTHER']);
    expect((await store.subscriptions.list('T0OTHER')).map((s) => s.active)).toEqual([true]);
    expect(await store.reviews.latest({ teamId: TEAM, limit: 5 })).toHaveLength(1);
    expect(await store.workspaces.get(TEAM)).toBeNull();
    const [first, second] = h.logs.filter(stopped).map((l) => JSON.parse(l));
    expect(first).toMatchObject({ level: 50, tenant: TEAM, deactivated: ['C0OPS'] });
    expect(first.msg).toContain('put its new bot token in SLACK_BOT_TOKEN');
    expect(second).toMatchObject({ tenant: TEAM, deactivated: [] });
  });
});
