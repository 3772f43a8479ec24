import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../blocks/ids.js';
import {
  MISSING_FIELD_MESSAGES,
  REPEATED_FIELD_MESSAGES,
} from '../../src/slack/commands/command-fields.js';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import { postSigned, slashCommandBody, slashCommandFields } from '../support/slack-request.js';
import { socketAck, visibleText } from './helpers.js';

/**
 * The fields of commands and clicks are validated at the boundary (zod): a request without one
 * gets a message naming it, not the generic "Something went wrong", and no work is done.
 */

let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness();
});

afterAll(async () => {
  await h?.close();
});

describe('a slash command without a field Slack always sends', () => {
  it.each([
    ['team_id', MISSING_FIELD_MESSAGES.team_id],
    ['channel_id', MISSING_FIELD_MESSAGES.channel_id],
    ['user_id', MISSING_FIELD_MESSAGES.user_id],
  ] as const)('without %s is answered in the ack with its own message', async (field, message) => {
    // Arrange
    const reviewsBefore = await h.bot.deps.store.reviews.latest({ teamId: 'T0FAKE', limit: 100 });
    const logsBefore = h.logs.length;
    // Act
    const sent = await h.command('status', { [field]: undefined });
    const ack = (await sent.response.json()) as Record<string, unknown>;
    await h.idle();
    // Assert: the ack itself carries the answer; nothing is fetched, stored or posted
    expect(sent.response.status).toBe(200);
    expect(ack.response_type).toBe('ephemeral');
    expect(String(ack.text)).toContain(message);
    expect(message).toContain(`(\`${field}\`)`);
    expect(visibleText(ack)).not.toContain('Something went wrong');
    expect(h.slack.responses(sent.responseId)).toEqual([]);
    expect(h.metrics?.fetches).toBe(0);
    expect(await h.bot.deps.store.reviews.latest({ teamId: 'T0FAKE', limit: 100 })).toEqual(
      reviewsBefore,
    );
    // Logged once, at warn, naming the field
    const warned = h.logs.slice(logsBefore).filter((l) => l.includes('"level":40'));
    expect(warned.map((l) => JSON.parse(l))).toMatchObject([
      { msg: 'slash command refused: missing or repeated fields', missing: [field] },
    ]);
  });

  it('without several names each of them', async () => {
    const sent = await h.command('status', { team_id: undefined, user_id: undefined });
    const ack = (await sent.response.json()) as Record<string, unknown>;
    expect(String(ack.text)).toContain('team_id');
    expect(String(ack.text)).toContain('user_id');
    expect(String(ack.text)).not.toContain('channel_id');
  });
});

describe('a slash command with a field given twice (a form with a repeated key)', () => {
  it.each([
    ['user_id', REPEATED_FIELD_MESSAGES.user_id],
    ['team_id', REPEATED_FIELD_MESSAGES.team_id],
    ['channel_id', REPEATED_FIELD_MESSAGES.channel_id],
  ] as const)(
    'with %s twice is answered in the ack with its own message',
    async (field, message) => {
      // Arrange: Bolt parses `user_id=U1ANA&…&user_id=U2BEN` into an array
      const body = `${slashCommandBody({ text: 'status', response_url: h.slack.responseUrl(`twice-${field}`) })}&${field}=X0OTHER`;
      const logsBefore = h.logs.length;
      // Act
      const response = await postSigned(h.eventsUrl, body);
      const ack = (await response.json()) as Record<string, unknown>;
      await h.idle();
      // Assert: refused in the ack, nothing done, one warn line naming the field (not its values)
      const warned = h.logs.slice(logsBefore).filter((l) => l.includes('"level":40'));
      expect(response.status).toBe(200);
      expect(String(ack.text)).toContain(message);
      expect(String(ack.text)).not.toContain('without its');
      expect(h.slack.responses(`twice-${field}`)).toEqual([]);
      expect(h.metrics?.fetches).toBe(0);
      expect(warned).toHaveLength(1);
      expect(JSON.parse(warned[0] ?? '{}')).toMatchObject({
        msg: 'slash command refused: missing or repeated fields',
        missing: [],
        repeated: [field],
      });
      expect(warned[0]).not.toContain('X0OTHER');
    },
  );
});

describe('Socket Mode: a slash command without a field', () => {
  it('is answered in the envelope ack with what is missing, and logged once at warn', async () => {
    // Arrange
    const socket = await startBotHarness({ socket: true });
    try {
      const { user_id: _, ...payload } = slashCommandFields({
        text: 'status',
        response_url: socket.slack.responseUrl('socket-no-user'),
      });
      // Act
      socket.slack.sendSocketMessage({
        envelope_id: 'env-no-user',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload,
      });
      const ack = await socketAck(socket, 'env-no-user');
      await socket.idle();
      // Assert
      const warned = socket.logs.filter((l) => l.includes('missing or repeated fields'));
      expect((ack.payload as { text?: string }).text).toContain(MISSING_FIELD_MESSAGES.user_id);
      expect(socket.slack.responses('socket-no-user')).toEqual([]);
      expect(warned).toHaveLength(1);
      expect(warned[0]).toContain('"level":40');
    } finally {
      await socket.close();
    }
  });
});

describe('a click without a field the handlers need', () => {
  const button = {
    type: 'button' as const,
    action_id: ACTION_IDS.acknowledge,
    block_id: 'b1',
    value: '999999|cpu',
  };

  it('without its workspace gets a message naming team.id, and changes nothing', async () => {
    // Act
    const sent = await h.clickWith({ action: button }, (payload) => {
      payload.team = null;
      delete (payload.user as Record<string, unknown>).team_id;
    });
    const replies = await h.replies(sent.responseId);
    // Assert
    expect(sent.response.status).toBe(200);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(visibleText(replies[0] ?? {})).toContain('without its workspace');
    expect(h.slack.calls('chat.update')).toEqual([]);
  });

  it('without its action_ts gets a message naming the control', async () => {
    const sent = await h.clickWith({ action: button }, (payload) => {
      const [action] = payload.actions as Record<string, unknown>[];
      if (action) delete action.action_ts;
    });
    const replies = await h.replies(sent.responseId);
    expect(replies).toHaveLength(1);
    expect(visibleText(replies[0] ?? {})).toContain('without its control');
  });
});
