import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../blocks/ids.js';
import { type BotHarness, startBotHarness, waitFor } from '../support/bot-harness.js';
import { blockActionsPayload } from '../support/slack-request.js';
import { freshStatus, newTeam, socketAck } from './helpers.js';

/**
 * A control the bot does not know, clicked in the App Home or in the history modal: Slack sends
 * no response_url for a view, so the explanation goes on the view itself (docs/slack.md).
 */

const OLD_BUTTON = {
  type: 'button' as const,
  action_id: 'scale.retired_button',
  block_id: 'old1',
  value: 'x',
};

const HOME_NOTICE =
  'That button is no longer supported (it came from an older Home); the Home below is current.';
const MODAL_NOTICE =
  'That button is no longer supported (it came from an older view); the history below is current.';

function homeOf(h: BotHarness, user: string): string {
  const calls = h.slack.calls('views.publish').filter((c) => c.args.user_id === user);
  return JSON.stringify(calls.at(-1)?.args.view ?? null);
}

describe('an unknown button in a view, over signed HTTP', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('in the App Home: the Home is republished with the explanation on top', async () => {
    // Arrange
    const team = newTeam();
    await freshStatus(h, team, 'U1VIEW');
    // Act
    const sent = await h.click({
      teamId: team,
      user: { id: 'U1VIEW' },
      surface: { kind: 'home', viewId: 'V0HOMEVIEW' },
      action: OLD_BUTTON,
      actionTs: '1764585300.000001',
    });
    await h.idle();
    // Assert
    const home = homeOf(h, 'U1VIEW');
    expect(sent.response.status).toBe(200);
    expect(home).toContain(`:no_entry: ${HOME_NOTICE}`);
    expect(home).toContain('Latest review');
    expect(h.logs.join('')).toContain('unknown action refused');
    expect(h.logs.join('')).not.toContain('no response_url to reply to');
  });

  it('in the history modal: the modal is redrawn with the explanation on top', async () => {
    // Arrange: the history modal, opened from the App Home
    const team = newTeam();
    await freshStatus(h, team, 'U2VIEW');
    await h.click({
      teamId: team,
      user: { id: 'U2VIEW' },
      triggerId: 'trigger-view-clicks',
      surface: { kind: 'home', viewId: 'V0HOMEVIEW2' },
      action: { type: 'button', action_id: ACTION_IDS.openHistory, block_id: 'h1' },
      actionTs: '1764585300.000002',
    });
    await h.idle();
    const modalId = h.slack.modalIds().at(-1) ?? '';
    // Act
    await h.clickWith(
      {
        teamId: team,
        user: { id: 'U2VIEW' },
        surface: { kind: 'home', viewId: modalId },
        action: OLD_BUTTON,
        actionTs: '1764585300.000003',
      },
      (payload) => {
        (payload.view as Record<string, unknown>).type = 'modal';
      },
    );
    await h.idle();
    // Assert
    const modal = JSON.stringify(h.slack.modal(modalId));
    expect(modal).toContain(`:no_entry: ${MODAL_NOTICE}`);
    expect(modal).toContain('Review history');
    expect(h.slack.calls('views.update').at(-1)?.args.view_id).toBe(modalId);
  });
});

describe('an unknown button in the App Home, in Socket Mode', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ socket: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('acks the envelope and republishes the Home with the explanation', async () => {
    // Act
    h.slack.sendSocketMessage({
      envelope_id: 'env-home-old-button',
      type: 'interactive',
      accepts_response_payload: false,
      payload: blockActionsPayload({
        user: { id: 'U3VIEW' },
        surface: { kind: 'home', viewId: 'V0HOMESOCK' },
        action: OLD_BUTTON,
        actionTs: '1764585300.000004',
      }),
    });
    const acked = await socketAck(h, 'env-home-old-button');
    const home = await waitFor(() => {
      const view = homeOf(h, 'U3VIEW');
      return view.includes(HOME_NOTICE) ? view : undefined;
    });
    // Assert
    expect(acked).toBeDefined();
    expect(home).toContain(`:no_entry: ${HOME_NOTICE}`);
  });
});
