import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNoticeModal } from '../../blocks/index.js';
import { type BotHarness, startBotHarness, waitFor } from '../support/bot-harness.js';
import { encodeForm, eventCallbackBody, postSigned } from '../support/slack-request.js';
import { socketAck, visibleText } from './helpers.js';

/**
 * Payload kinds the app has no listener for are acked at once (HTTP 200, a Socket Mode envelope
 * ack), explained where Slack shows an answer, and logged once at warn. They used to wait for
 * Bolt's 3-second timer: a 404 and an error line, or an envelope never acked.
 */

const who = {
  team: { id: 'T0FAKE', domain: 'fake-workspace' },
  user: { id: 'U1ANA', username: 'ana', name: 'ana', team_id: 'T0FAKE' },
  api_app_id: 'A0SCALE',
  token: 'verification-token-unused',
};

const view = (callbackId: string) => ({
  id: 'V0FORM',
  type: 'modal',
  callback_id: callbackId,
  team_id: 'T0FAKE',
  blocks: [],
  state: { values: {} },
  title: { type: 'plain_text', text: 'Old form' },
});

const PAYLOADS = {
  viewSubmission: { ...who, type: 'view_submission', trigger_id: 't1', view: view('old_form') },
  viewClosed: { ...who, type: 'view_closed', view: view('old_form'), is_cleared: false },
  shortcut: {
    ...who,
    type: 'shortcut',
    callback_id: 'old_shortcut',
    trigger_id: 'trigger-old-shortcut',
    action_ts: '1764585400.000001',
  },
  blockSuggestion: {
    ...who,
    type: 'block_suggestion',
    action_id: 'old_select',
    block_id: 'b1',
    value: 'ab',
    container: { type: 'view', view_id: 'V0FORM' },
    view: view('old_form'),
  },
  dialogCancellation: {
    ...who,
    type: 'dialog_cancellation',
    callback_id: 'old_dialog',
    action_ts: '1764585400.000002',
    state: '',
    channel: { id: 'C0OPS', name: 'ops' },
  },
} as const;

const SHORTCUT_NOTICE =
  "Scale Review has no shortcut `old_shortcut`: the app's settings and this version of Scale Review disagree. `/scale help` lists what it does.";

const unhandledLines = (h: BotHarness) =>
  h.logs
    .filter((line) => line.includes('unhandled Slack payload acked'))
    .map((line) => JSON.parse(line) as { level: number; kind: string; id: string | null });

describe('payload kinds without a listener, over signed HTTP', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const interact = (payload: unknown) =>
    postSigned(h.eventsUrl, encodeForm({ payload: JSON.stringify(payload) }));

  it('a view_submission: 200, and the form is replaced by a modal that says why', async () => {
    // Act
    const response = await interact(PAYLOADS.viewSubmission);
    // Assert
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      response_action: 'update',
      view: {
        type: 'modal',
        title: { type: 'plain_text', text: 'Scale Review' },
        close: { type: 'plain_text', text: 'Close' },
        blocks: [
          {
            type: 'section',
            text: {
              type: 'mrkdwn',
              text: ':warning: Scale Review does not handle this form (`old_form`), so nothing was saved: it may come from an older version of the app. Close it; `/scale help` lists what Scale Review does.',
            },
          },
        ],
      },
    });
  });

  it('a global shortcut: 200, then a modal saying there is no such shortcut', async () => {
    // Act
    const response = await interact(PAYLOADS.shortcut);
    await h.idle();
    // Assert
    expect(response.status).toBe(200);
    const open = h.slack.calls('views.open').at(-1);
    expect(open?.args.trigger_id).toBe('trigger-old-shortcut');
    expect(open?.args.view).toEqual(buildNoticeModal(SHORTCUT_NOTICE));
  });

  it('a message shortcut: 200, then an ephemeral answer through its response_url', async () => {
    // Act
    const response = await interact({
      ...who,
      type: 'message_action',
      callback_id: 'old_shortcut',
      trigger_id: 'trigger-old-message-shortcut',
      response_url: h.slack.responseUrl('old-message-shortcut'),
      channel: { id: 'C0OPS', name: 'ops' },
      message: { type: 'message', ts: '1764585000.000100', text: 'hi' },
      message_ts: '1764585000.000100',
    });
    const replies = await h.replies('old-message-shortcut');
    // Assert
    expect(response.status).toBe(200);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ response_type: 'ephemeral' });
    expect(visibleText(replies[0] ?? {})).toContain('Scale Review has no shortcut `old_shortcut`');
  });

  it('a block_suggestion: 200 with no options', async () => {
    const response = await interact(PAYLOADS.blockSuggestion);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ options: [] });
  });

  it('a view_closed, and a kind Bolt cannot route (dialog_cancellation): 200 and an empty body', async () => {
    for (const payload of [PAYLOADS.viewClosed, PAYLOADS.dialogCancellation]) {
      const response = await interact(payload);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('');
    }
  });

  it('an event type the app did not subscribe to: 200', async () => {
    const response = await postSigned(
      h.eventsUrl,
      eventCallbackBody({ type: 'reaction_added', user: 'U1ANA', reaction: 'eyes' }),
    );
    expect(response.status).toBe(200);
  });

  it('logs each unhandled kind once, at warn, and no error', async () => {
    // Act: a second delivery of kinds already seen
    await interact(PAYLOADS.viewClosed);
    await interact(PAYLOADS.blockSuggestion);
    await h.idle();
    // Assert
    const lines = unhandledLines(h);
    expect(lines.map((l) => `${l.kind} ${l.id}`).sort()).toEqual([
      'block_suggestion old_select',
      'dialog_cancellation old_dialog',
      'event reaction_added',
      'message_action old_shortcut',
      'shortcut old_shortcut',
      'view_closed old_form',
      'view_submission old_form',
    ]);
    expect(lines.every((l) => l.level === 40)).toBe(true);
    expect(h.logs.join('')).not.toContain('not acknowledged');
    expect(h.logs.some((line) => (JSON.parse(line) as { level: number }).level >= 50)).toBe(false);
  });
});

describe('payload kinds without a listener, in Socket Mode', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ socket: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('acks a shortcut envelope, then opens a modal saying there is no such shortcut', async () => {
    // Act
    h.slack.sendSocketMessage({
      envelope_id: 'env-old-shortcut',
      type: 'interactive',
      accepts_response_payload: false,
      payload: PAYLOADS.shortcut,
    });
    const acked = await socketAck(h, 'env-old-shortcut');
    const open = await waitFor(() => h.slack.calls('views.open').at(-1));
    // Assert
    expect(acked.envelope_id).toBe('env-old-shortcut');
    expect(JSON.stringify(open.args.view)).toContain('Scale Review has no shortcut `old_shortcut`');
  });

  it('acks a view_submission envelope with the explaining modal as its payload', async () => {
    // Act
    h.slack.sendSocketMessage({
      envelope_id: 'env-old-form',
      type: 'interactive',
      accepts_response_payload: true,
      payload: PAYLOADS.viewSubmission,
    });
    const acked = await socketAck(h, 'env-old-form');
    // Assert
    expect(acked.payload).toMatchObject({ response_action: 'update', view: { type: 'modal' } });
  });
});
