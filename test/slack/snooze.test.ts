import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS, encodeRecommendationRef } from '../../blocks/ids.js';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import {
  datePicker,
  decisionsOf,
  freshStatus,
  fromEphemeral,
  newTeam,
  onlyReply,
  snoozeSelect,
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

describe('Snooze', () => {
  const durations = [
    ['1d', 1],
    ['1w', 7],
    ['1m', 30],
  ] as const;

  it.each(durations)(
    'for %s snoozes until now + %i days and collapses the recommendation',
    async (key, days) => {
      // Arrange
      const team = newTeam();
      const { rec } = await freshStatus(h, team);
      // Act
      const sent = await h.clickWith(
        {
          teamId: team,
          action: snoozeSelect(rec, key),
          user: { id: ADMIN },
          actionTs: `1764585130.00000${days}`,
        },
        fromEphemeral,
      );
      const reply = await onlyReply(h, sent.responseId);
      const [decision] = await decisionsOf(h, rec.reviewId);
      // Assert
      expect(decision).toMatchObject({ kind: 'snooze', userId: ADMIN });
      expect(decision?.snoozeUntil).toEqual(new Date(NOW.getTime() + days * 86_400_000));
      expect(reply.replace_original).toBe(true);
      expect(visibleText(reply)).toContain(`snoozed by <@${ADMIN}> until`);
    },
  );

  it('until a date ends when that day begins in the user’s Slack timezone', async () => {
    const team = newTeam();
    const { rec } = await freshStatus(h, team);
    const sent = await h.clickWith(
      {
        teamId: team,
        action: datePicker(rec, '2026-12-05'),
        user: { id: ADMIN },
        actionTs: '1764585140.000001',
      },
      fromEphemeral,
    );
    await onlyReply(h, sent.responseId);
    const [decision] = await decisionsOf(h, rec.reviewId);
    expect(decision?.snoozeUntil).toEqual(new Date('2026-12-04T23:00:00Z'));
    expect(h.slack.calls('users.info').some((c) => c.args.user === ADMIN)).toBe(true);
  });

  it('a date in the past is refused ephemerally and changes nothing', async () => {
    const team = newTeam();
    const { rec } = await freshStatus(h, team);
    const sent = await h.clickWith(
      {
        teamId: team,
        action: datePicker(rec, '2026-11-30'),
        user: { id: ADMIN },
        actionTs: '1764585141.000001',
      },
      fromEphemeral,
    );
    const reply = await onlyReply(h, sent.responseId);
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(visibleText(reply)).toContain('Pick a snooze date in the future.');
    expect(await decisionsOf(h, rec.reviewId)).toHaveLength(0);
  });

  it('is refused for someone who is not an admin, naming who may', async () => {
    const team = newTeam();
    const { rec } = await freshStatus(h, team);
    const sent = await h.clickWith(
      {
        teamId: team,
        action: snoozeSelect(rec, '1w'),
        user: { id: 'U1ANA' },
        actionTs: '1764585142.000001',
      },
      fromEphemeral,
    );
    const reply = await onlyReply(h, sent.responseId);
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(visibleText(reply)).toContain('Only Scale Review admins');
    expect(visibleText(reply)).toContain(`<@${ADMIN}>`);
    expect(await decisionsOf(h, rec.reviewId)).toHaveLength(0);
  });
});

describe('Un-snooze from the history', () => {
  it('ends the snooze and confirms it without replacing the history', async () => {
    // Arrange
    const team = newTeam();
    const { rec } = await freshStatus(h, team);
    await h.clickWith(
      {
        teamId: team,
        action: snoozeSelect(rec, '1w'),
        user: { id: ADMIN },
        actionTs: '1764585150.000001',
      },
      fromEphemeral,
    );
    const history = await onlyReply(
      h,
      (await h.command('history 1', { team_id: team })).responseId,
    );
    expect(visibleText(history)).toContain(ACTION_IDS.unsnooze);
    // Act
    const sent = await h.clickWith(
      {
        teamId: team,
        action: {
          type: 'button',
          action_id: ACTION_IDS.unsnooze,
          block_id: 'x1Y2',
          value: encodeRecommendationRef(rec),
        },
        user: { id: ADMIN },
        actionTs: '1764585151.000001',
      },
      fromEphemeral,
    );
    const reply = await onlyReply(h, sent.responseId);
    // Assert
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(visibleText(reply)).toContain('is active again');
    expect((await decisionsOf(h, rec.reviewId)).map((d) => d.kind)).toEqual(['unsnooze', 'snooze']);
  });
});

describe('a refused /scale subscribe or unsubscribe', () => {
  it.each(['subscribe', 'unsubscribe'])('`/scale %s` names the admins to ask', async (text) => {
    // Act
    const sent = await h.command(text, { user_id: 'U1ANA', channel_id: 'C0REFUSED' });
    const reply = await onlyReply(h, sent.responseId);
    // Assert
    expect(reply).toMatchObject({ response_type: 'ephemeral' });
    expect(visibleText(reply)).toContain('Only Scale Review admins');
    expect(visibleText(reply)).toContain(`Ask <@${ADMIN}>.`);
    expect(await h.bot.deps.store.subscriptions.get('T0FAKE', 'C0REFUSED')).toBeNull();
  });
});
