import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS, encodeRecommendationRef } from '../../blocks/ids.js';
import {
  ackButton,
  datePicker,
  decisionsOf,
  firstRecommendation,
  freshStatus,
  newTeam,
  type Payload,
  type Rec,
  snoozeSelect,
  socketAck,
  visibleText,
} from '../slack/helpers.js';
import { type BotHarness, startBotHarness, waitFor } from '../support/bot-harness.js';
import { seededRandom } from '../support/fake-slack-faults.js';
import {
  type BlockActionsOptions,
  blockActionsPayload,
  encodeForm,
  postSigned,
  slashCommandFields,
} from '../support/slack-request.js';
import { HARNESS_SECRETS, leakedSecrets } from './support/secrets.js';
import { watchUnhandled } from './support/unhandled.js';

/**
 * Every click gets a result or an explanation while the store is down, and while it flaps (a
 * seeded 30% of its calls fail), over HTTP and Socket Mode: each kind of click Scale Review
 * offers, on each surface. Each click has a user of its own, so its answer is told apart: a
 * response_url reply, an ephemeral message, a chat.update of its message, or a view (views.open,
 * views.publish, views.update). Before: "Full history" from the App Home got nothing while the
 * store was down (its failure went to a response_url it does not have).
 */

/** What answers a click: its response_url, an ephemeral message, its message edited, a view. */
const ANSWERS = new Set([
  'response_url',
  'chat.postEphemeral',
  'chat.update',
  'views.publish',
  'views.open',
  'views.update',
]);

const SEED = Number(process.env.RELIABILITY_SEED ?? 20_261_201);
const ROUNDS = 4;

type Surface = BlockActionsOptions['surface'];
/** What the clicks act on: a review's first recommendation, and the history modal's view id. */
interface Target {
  rec: Rec;
  modalId: string;
}
/** A click sent: how many answers it got, and how to find them. */
interface Sent {
  answers: number;
  responseId: string;
  user: string;
}
type Kind = (target: Target, n: number) => Pick<BlockActionsOptions, 'action' | 'surface'>;

const onEphemeral = (n: number): Surface => ({
  kind: 'message',
  channelId: 'C0OPS',
  messageTs: `1764930000.${String(n).padStart(6, '0')}`,
  message: { is_ephemeral: true },
});
const inHome = (n: number): Surface => ({ kind: 'home', viewId: `V0HOME${n}` });
const unsnooze = (rec: Rec) => ({
  type: 'button' as const,
  action_id: ACTION_IDS.unsnooze,
  block_id: 'u1',
  value: encodeRecommendationRef(rec),
});
const history = { type: 'button' as const, action_id: ACTION_IDS.openHistory, block_id: 'h1' };

/** Every kind of click, on every surface it appears on. */
const KINDS: Record<string, Kind> = {
  'Acknowledge in a status reply': ({ rec }, n) => ({
    action: ackButton(rec),
    surface: onEphemeral(n),
  }),
  'Acknowledge on a channel message': ({ rec }, n) => ({
    action: ackButton(rec),
    surface: { kind: 'message', channelId: 'C0DIGEST', messageTs: `1764930001.${n}` },
  }),
  'Snooze for a week': ({ rec }, n) => ({
    action: snoozeSelect(rec, '1w'),
    surface: onEphemeral(n),
  }),
  'Snooze until a date': ({ rec }, n) => ({
    action: datePicker(rec, '2027-01-10'),
    surface: onEphemeral(n),
  }),
  'Un-snooze in a status reply': ({ rec }, n) => ({
    action: unsnooze(rec),
    surface: onEphemeral(n),
  }),
  'Full history in a channel': (_target, n) => ({ action: history, surface: onEphemeral(n) }),
  'Full history from the App Home': (_target, n) => ({ action: history, surface: inHome(n) }),
  'Acknowledge in the App Home': ({ rec }, n) => ({ action: ackButton(rec), surface: inHome(n) }),
  'Un-snooze in the history modal': ({ rec, modalId }) => ({
    action: unsnooze(rec),
    surface: { kind: 'home', viewId: modalId, view: { type: 'modal' } },
  }),
  'A control this version does not know': (_target, n) => ({
    action: { type: 'button', action_id: 'scale.retired_button', block_id: 'x1' },
    surface: onEphemeral(n),
  }),
};

/** `/scale status` through a Socket Mode envelope; its first recommendation. */
async function statusOverSocket(h: BotHarness, team: string): Promise<Rec> {
  const id = `socket-status-${team}`;
  h.slack.sendSocketMessage({
    envelope_id: `env-${id}`,
    type: 'slash_commands',
    accepts_response_payload: true,
    payload: slashCommandFields({
      text: 'status',
      team_id: team,
      response_url: h.slack.responseUrl(id),
    }),
  });
  const [reply] = await waitFor(() => {
    const posted = h.slack.responses(id);
    return posted.length > 0 ? posted : undefined;
  }, 10_000);
  return firstRecommendation(reply?.payload as Record<string, unknown>);
}

describe.each(['HTTP', 'Socket Mode'] as const)('%s: clicks while the store fails', (mode) => {
  const unhandled = watchUnhandled();
  let h: BotHarness;
  let target: Target;
  let team: string;
  let clicks = 0;

  beforeAll(async () => {
    h = await startBotHarness({
      socket: mode === 'Socket Mode',
      configYaml: 'digest:\n  enabled: false\n',
    });
    team = newTeam();
    const rec =
      mode === 'HTTP' ? (await freshStatus(h, team)).rec : await statusOverSocket(h, team);
    target = { rec, modalId: '' };
    // The history modal, opened from the App Home while the store is up
    expect((await click(KINDS['Full history from the App Home'] as Kind)).answers).toBe(1);
    target.modalId = h.slack.modalIds().at(-1) ?? '';
  });

  afterAll(async () => {
    unhandled.stop();
    await h?.close();
  });

  /** Sends one click as Slack would in this mode; returns what answered it, once all is done. */
  async function click(kind: Kind): Promise<Sent> {
    clicks += 1;
    const n = clicks;
    const callsBefore = h.slack.calls().length;
    const user = `U${mode === 'HTTP' ? 'H' : 'S'}${String(n).padStart(5, '0')}`;
    const responseId = `click-${mode}-${n}`;
    const { action, surface } = kind(target, n);
    const options: BlockActionsOptions = {
      teamId: team,
      user: { id: user },
      action,
      ...(surface ? { surface } : {}),
      actionTs: `1764585300.${String(n).padStart(6, '0')}`,
      triggerId: `trigger-${user}`,
      responseUrl: h.slack.responseUrl(responseId),
    };
    const payload = blockActionsPayload(options);
    if (surface?.kind === 'message' && surface.message?.is_ephemeral) {
      (payload.container as Record<string, unknown>).is_ephemeral = true;
    }
    if (mode === 'HTTP') {
      const response = await postSigned(
        h.eventsUrl,
        encodeForm({ payload: JSON.stringify(payload) }),
      );
      expect(response.status).toBe(200);
    } else {
      const envelopeId = `env-${responseId}`;
      h.slack.sendSocketMessage({ envelope_id: envelopeId, type: 'interactive', payload });
      await socketAck(h, envelopeId);
    }
    await h.idle();
    const answers = h.slack
      .calls()
      .slice(callsBefore)
      .filter((c) => ANSWERS.has(c.method) && c.status === 200 && c.error === undefined).length;
    return { answers, responseId, user };
  }

  /** Sends every kind of click, ROUNDS times over; names those that got no answer. */
  async function unansweredClicks(): Promise<string[]> {
    const silent: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, kind] of Object.entries(KINDS)) {
        if ((await click(kind)).answers === 0) silent.push(`round ${round}: ${name}`);
      }
    }
    return silent;
  }

  it('while it is down, every click of every kind is answered', async () => {
    h.store.down = true;
    try {
      expect(await unansweredClicks()).toEqual([]);
    } finally {
      h.store.down = false;
    }
  });

  it(`while it flaps (30% of its calls fail, seed ${SEED}), every click is answered`, async () => {
    const random = seededRandom(SEED);
    let failed = 0;
    h.store.flaky = () => {
      const fail = random() < 0.3;
      if (fail) failed += 1;
      return fail;
    };
    try {
      expect(await unansweredClicks()).toEqual([]);
      expect(failed).toBeGreaterThan(0);
    } finally {
      h.store.flaky = null;
    }
  });

  it('a decision recorded just before the store fails is confirmed, not refused', async () => {
    // Arrange: the store goes down after the decision is written, as the message is redrawn
    h.store.goDownAt = 'decisions.active';
    let sent: Sent;
    try {
      // Act
      sent = await click(KINDS['Acknowledge in a status reply'] as Kind);
    } finally {
      h.store.goDownAt = null;
      h.store.down = false;
    }
    // Assert: the click is answered with what was recorded, so the user does not click again
    // (a second click within 30 s is a double click, which gets no answer of its own)
    const [reply] = h.slack.responses(sent.responseId).map((r) => r.payload as Payload);
    const recorded = await decisionsOf(h, target.rec.reviewId);
    expect(sent.answers).toBe(1);
    expect(visibleText(reply ?? {})).toContain('You acknowledged');
    expect(visibleText(reply ?? {})).toContain('Recorded, but the message could not be redrawn');
    expect(recorded.filter((d) => d.userId === sent.user).map((d) => d.kind)).toEqual(['ack']);
  });

  it('logged no token or signing secret, and nothing went unhandled', () => {
    expect(leakedSecrets(h.logs.join(''), HARNESS_SECRETS)).toEqual([]);
    expect(unhandled.errors).toEqual([]);
  });
});
