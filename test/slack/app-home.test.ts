import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS, CALLBACK_IDS, encodeRecommendationRef } from '../../blocks/ids.js';
import { type BotHarness, startBotHarness, waitFor } from '../support/bot-harness.js';
import { decisionsOf, freshStatus, newTeam } from './helpers.js';

let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness();
});

afterAll(async () => {
  await h?.close();
});

interface HomeView {
  type: string;
  callback_id: string;
  blocks: unknown[];
}

function publishesFor(user: string) {
  return h.slack.calls('views.publish').filter((c) => c.args.user_id === user);
}

/** The Home views published for `user` once `count` have arrived (Bolt acks events before listeners run). */
async function publishedHomes(user: string, count: number): Promise<HomeView[]> {
  await waitFor(() => (publishesFor(user).length >= count ? true : undefined));
  await h.idle();
  return publishesFor(user).map((c) => c.args.view as HomeView);
}

describe('App Home', () => {
  it('publishes the latest indicators, recommendations with buttons, reviews and subscriptions', async () => {
    // Arrange
    const team = newTeam();
    await freshStatus(h, team, 'U1HOME');
    await h.command('subscribe', { team_id: team, channel_id: 'C0HOMESUB' });
    await h.idle();
    // Act
    const response = await h.homeOpened('U1HOME', { teamId: team, eventId: 'Ev0HOME0001' });
    const [view] = await publishedHomes('U1HOME', 1);
    // Assert
    const text = JSON.stringify(view);
    expect(response.status).toBe(200);
    expect(view).toMatchObject({ type: 'home', callback_id: CALLBACK_IDS.appHome });
    expect(view?.blocks.length).toBeLessThanOrEqual(100);
    expect(text).toContain('Latest review');
    expect(text).toContain('CPU');
    expect(text).toContain('Open recommendations');
    expect(text).toContain(ACTION_IDS.acknowledge);
    expect(text).toContain('Recent reviews');
    expect(text).toContain('<#C0HOMESUB>');
  });

  it('an event retried with x-slack-retry-num publishes once', async () => {
    const team = newTeam();
    const envelope = { teamId: team, eventId: 'Ev0HOMERETRY' };
    await h.homeOpened('U2HOME', envelope);
    await publishedHomes('U2HOME', 1);
    const retry = await h.homeOpened('U2HOME', envelope, {
      'x-slack-retry-num': '1',
      'x-slack-retry-reason': 'http_timeout',
    });
    await h.idle();
    expect(retry.status).toBe(200);
    expect(publishesFor('U2HOME')).toHaveLength(1);
  });

  it('Acknowledge from the Home records the decision and republishes the Home', async () => {
    // Arrange
    const team = newTeam();
    const { rec } = await freshStatus(h, team, 'U3HOME');
    // Act
    await h.click({
      teamId: team,
      user: { id: 'U3HOME' },
      surface: { kind: 'home', viewId: 'V0HOME3' },
      action: {
        type: 'button',
        action_id: ACTION_IDS.acknowledge,
        block_id: rec.blockId,
        value: encodeRecommendationRef(rec),
      },
    });
    const [view] = await publishedHomes('U3HOME', 1);
    // Assert
    expect(await decisionsOf(h, rec.reviewId)).toHaveLength(1);
    expect(JSON.stringify(view)).toContain('Acknowledged by <@U3HOME>');
  });

  it('"Full history" opens the history in a modal (views.open with the trigger id)', async () => {
    const team = newTeam();
    await freshStatus(h, team, 'U5HOME');
    await h.click({
      teamId: team,
      user: { id: 'U5HOME' },
      triggerId: 'trigger-history-1',
      surface: { kind: 'home', viewId: 'V0HOME5' },
      action: { type: 'button', action_id: ACTION_IDS.openHistory, block_id: 'h1' },
    });
    await h.idle();
    const [call] = h.slack.calls('views.open');
    expect(call?.args.trigger_id).toBe('trigger-history-1');
    expect(call?.args.view).toMatchObject({ type: 'modal', title: { text: 'Review history' } });
    expect(JSON.stringify(call?.args.view)).toContain('Stage 2');
  });

  it('when the store is down, the Home says so instead of staying blank', async () => {
    h.store.down = true;
    try {
      await h.homeOpened('U4HOME', { teamId: newTeam(), eventId: 'Ev0HOMEDOWN' });
      const [view] = await publishedHomes('U4HOME', 1);
      expect(JSON.stringify(view)).toContain('store is unavailable');
    } finally {
      h.store.down = false;
    }
  });
});
