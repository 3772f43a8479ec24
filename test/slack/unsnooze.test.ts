import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS, encodeRecommendationRef } from '../../blocks/ids.js';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import {
  decisionsOf,
  firstRecommendation,
  freshStatus,
  fromEphemeral,
  newTeam,
  type Rec,
  snoozeSelect,
  visibleText,
} from './helpers.js';

/**
 * Un-snooze where the user sees it: in the history modal over the App Home, and a deliberate
 * sequence of clicks by one user within the double-click window. Through Bolt and the fake Slack.
 */

const ADMIN = 'U0ADMIN';
const NOW = new Date('2026-12-01T10:32:00Z');
let h: BotHarness;
let clicks = 0;

beforeAll(async () => {
  h = await startBotHarness({ now: NOW, configYaml: `slack:\n  admins: [${ADMIN}]\n` });
});

afterAll(async () => {
  await h?.close();
});

function actionTs(): string {
  clicks += 1;
  return `1764585200.${String(clicks).padStart(6, '0')}`;
}

function unsnoozeButton(rec: Rec, blockId = 'u1') {
  return {
    type: 'button' as const,
    action_id: ACTION_IDS.unsnooze,
    block_id: blockId,
    value: encodeRecommendationRef(rec),
  };
}

/** Snoozes the team's first recommendation from the ephemeral status reply. */
async function snoozed(team: string) {
  const { rec } = await freshStatus(h, team, ADMIN);
  await h.clickWith(
    { teamId: team, user: { id: ADMIN }, action: snoozeSelect(rec, '1w'), actionTs: actionTs() },
    fromEphemeral,
  );
  await h.idle();
  return rec;
}

/** The Home last published for the admin. */
function lastHome(): { blocks: unknown[] } {
  const calls = h.slack.calls('views.publish').filter((c) => c.args.user_id === ADMIN);
  return calls.at(-1)?.args.view as { blocks: unknown[] };
}

describe('Un-snooze in the history modal', () => {
  it('redraws the modal (views.update) with the recommendation active again, and the Home', async () => {
    // Arrange: the history modal, opened from the App Home
    const team = newTeam();
    const rec = await snoozed(team);
    await h.click({
      teamId: team,
      user: { id: ADMIN },
      triggerId: 'trigger-unsnooze-1',
      surface: { kind: 'home', viewId: 'V0HOMEADMIN' },
      action: { type: 'button', action_id: ACTION_IDS.openHistory, block_id: 'h1' },
      actionTs: actionTs(),
    });
    await h.idle();
    const modalId = h.slack.modalIds().at(-1) ?? '';
    expect(JSON.stringify(h.slack.modal(modalId))).toContain(ACTION_IDS.unsnooze);
    const publishesBefore = h.slack.calls('views.publish').length;

    // Act: Un-snooze inside the modal (no response_url: Slack sends none for a modal)
    await h.clickWith(
      {
        teamId: team,
        user: { id: ADMIN },
        action: unsnoozeButton(rec),
        actionTs: actionTs(),
        surface: { kind: 'home', viewId: modalId },
      },
      (payload) => {
        (payload.view as Record<string, unknown>).type = 'modal';
      },
    );
    await h.idle();

    // Assert
    expect((await decisionsOf(h, rec.reviewId)).map((d) => d.kind)).toEqual(['unsnooze', 'snooze']);
    const [update] = h.slack.calls('views.update');
    expect(update?.args.view_id).toBe(modalId);
    const modal = JSON.stringify(h.slack.modal(modalId));
    expect(modal).toContain('is active again');
    expect(modal).toContain('un-snoozed by <@U0ADMIN>');
    expect(modal).not.toContain(ACTION_IDS.unsnooze);
    expect(h.slack.calls('views.publish').length).toBe(publishesBefore + 1);
    expect(JSON.stringify(lastHome())).not.toContain(ACTION_IDS.unsnooze);
    expect(h.logs.join('')).not.toContain('no response_url to reply to');
  });

  it('a refusal in the modal is shown in the modal', async () => {
    const team = newTeam();
    const rec = await snoozed(team);
    await h.click({
      teamId: team,
      user: { id: 'U1ANA' },
      triggerId: 'trigger-unsnooze-2',
      surface: { kind: 'home', viewId: 'V0HOMEANA' },
      action: { type: 'button', action_id: ACTION_IDS.openHistory, block_id: 'h1' },
      actionTs: actionTs(),
    });
    await h.idle();
    const modalId = h.slack.modalIds().at(-1) ?? '';

    await h.clickWith(
      {
        teamId: team,
        user: { id: 'U1ANA' },
        action: unsnoozeButton(rec),
        actionTs: actionTs(),
        surface: { kind: 'home', viewId: modalId },
      },
      (payload) => {
        (payload.view as Record<string, unknown>).type = 'modal';
      },
    );
    await h.idle();

    const modal = JSON.stringify(h.slack.modal(modalId));
    expect(modal).toContain('Only Scale Review admins');
    expect(modal).toContain(`<@${ADMIN}>`);
    expect((await decisionsOf(h, rec.reviewId)).map((d) => d.kind)).toEqual(['snooze']);
  });
});

describe('a deliberate sequence of clicks by one user within 30 s', () => {
  it('Un-snooze from history, Snooze in the Home, Un-snooze again: ends un-snoozed', async () => {
    // Arrange
    const team = newTeam();
    const rec = await snoozed(team);

    // Act 1: Un-snooze from /scale history (an ephemeral list in the channel)
    const fromHistory = await h.clickWith(
      { teamId: team, user: { id: ADMIN }, action: unsnoozeButton(rec), actionTs: actionTs() },
      fromEphemeral,
    );
    expect(visibleText((await h.replies(fromHistory.responseId))[0] ?? {})).toContain(
      'is active again',
    );
    // Act 2: Snooze it again in the App Home
    await h.homeOpened(ADMIN, { teamId: team, eventId: 'Ev0SEQ0001' });
    await h.idle();
    const homeRec = firstRecommendation(lastHome());
    await h.click({
      teamId: team,
      user: { id: ADMIN },
      action: snoozeSelect(homeRec, '1w'),
      actionTs: actionTs(),
      surface: { kind: 'home', viewId: 'V0HOMESEQ' },
    });
    await h.idle();
    expect(JSON.stringify(lastHome())).toContain(ACTION_IDS.unsnooze);
    // Act 3: Un-snooze again, from the Home
    await h.click({
      teamId: team,
      user: { id: ADMIN },
      action: unsnoozeButton(homeRec),
      actionTs: actionTs(),
      surface: { kind: 'home', viewId: 'V0HOMESEQ' },
    });
    await h.idle();

    // Assert: the last click counted, and the Home shows the recommendation active
    const kinds = (await h.bot.deps.store.decisions.listRecent(team, 10)).map((d) => d.kind);
    expect(kinds).toEqual(['unsnooze', 'snooze', 'unsnooze', 'snooze']);
    expect(await h.bot.deps.store.decisions.active(team, rec.recommendationKey, NOW)).toBeNull();
    expect(JSON.stringify(lastHome())).not.toContain(ACTION_IDS.unsnooze);
  });
});
