import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ACTION_IDS, encodeRecommendationRef } from '../../blocks/ids.js';
import {
  ackButton,
  datePicker,
  freshStatus,
  fromEphemeral,
  onlyReply,
  type Rec,
  snoozeSelect,
  visibleText,
} from '../slack/helpers.js';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import {
  type BlockActionsOptions,
  blockActionsBody,
  blockActionsPayload,
  encodeForm,
  signedHeaders,
} from '../support/slack-request.js';
import { HARNESS_SECRETS, leakedSecrets } from './support/secrets.js';
import { watchUnhandled } from './support/unhandled.js';

/**
 * Bad interaction payloads against the real bot over HTTP. Every case must end in a safe refusal
 * (a 4xx, or a 200 with an ephemeral explanation), never a crash, a 5xx, a hang or a change to
 * the stored decisions or to a channel message. Generated cases use RELIABILITY_SEED (printed).
 */

const SEED = Number(process.env.RELIABILITY_SEED ?? 20_261_201);
const ADMIN = 'U0ADMIN';
const MEMBER = 'U2BEN';
const TEAM = 'T0RELOWN';
const FOREIGN_TEAM = 'T0RELOTHER';
/**
 * A request that gets no answer within this is a hang. It is not a speed bound (Bolt's own ack
 * timer is 3 s; a busy CI machine may answer far later): a hang never answers at all.
 */
const ANSWER_WITHIN_MS = 60_000;
/** The generated corruptions go 16 at a time: many at once, not all 200 racing one deadline. */
const IN_FLIGHT = 16;

let h: BotHarness;
let own: Rec;
let foreign: Rec;
const unhandled = watchUnhandled();

beforeAll(async () => {
  h = await startBotHarness({
    configYaml: `slack:\n  admins: [${ADMIN}]\ndigest:\n  enabled: false\n`,
    fakeSlack: { users: { [ADMIN]: { tz: 'Europe/Paris' } } },
  });
  own = (await freshStatus(h, TEAM)).rec;
  foreign = (await freshStatus(h, FOREIGN_TEAM)).rec;
});

afterEach(() => {
  vi.useRealTimers();
});

afterAll(async () => {
  unhandled.stop();
  await h?.close();
});

/** What a refusal must leave untouched: every decision, and every chat.update / message edit. */
async function state() {
  const decisions = await h.bot.deps.store.decisions.listForReviews([
    own.reviewId,
    foreign.reviewId,
  ]);
  return {
    decisions: decisions.map((d) => `${d.reviewId}:${d.kind}:${d.userId}`).sort(),
    chatUpdates: h.slack.calls('chat.update').length,
    edits: h.slack.messages().map((m) => `${m.channel}:${m.ts}:${m.edits}`),
  };
}

let actionSeq = 0;
const nextActionTs = () => `1764585900.${String(++actionSeq).padStart(6, '0')}`;

/** Posts a click and returns its HTTP status and the single reply, which must be ephemeral. */
async function refusedClick(options: BlockActionsOptions) {
  const before = await state();
  const sent = await h.clickWith({ actionTs: nextActionTs(), ...options }, fromEphemeral);
  const reply = await onlyReply(h, sent.responseId);
  expect(sent.response.status).toBe(200);
  expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
  expect(await state()).toEqual(before);
  return visibleText(reply);
}

/** A signed POST with a deadline: a hang fails the test instead of stalling it. */
async function post(body: string, contentType: string) {
  const response = await fetch(h.eventsUrl, {
    method: 'POST',
    headers: { 'content-type': contentType, ...signedHeaders(body) },
    body,
    signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
  });
  await response.arrayBuffer();
  return response.status;
}

async function stillServes() {
  const sent = await h.command('help');
  expect(sent.response.status).toBe(200);
  expect(visibleText(await onlyReply(h, sent.responseId))).toContain('Scale Review commands');
}

describe('malformed payloads', () => {
  it.each([
    ['invalid JSON', 'payload=%7Bnot+json'],
    ['JSON null (once an unhandled rejection in Bolt)', 'payload=null'],
    ['a JSON array', 'payload=%5B%5D'],
    ['a JSON number', 'payload=42'],
    ['block_actions without actions', encodeForm({ payload: '{"type":"block_actions"}' })],
    [
      'block_actions with an empty actions list',
      encodeForm({ payload: '{"type":"block_actions","actions":[]}' }),
    ],
    [
      'block_actions with a null action',
      encodeForm({ payload: '{"type":"block_actions","actions":[null]}' }),
    ],
  ])('%s is refused with a 4xx, no reply and no state change', async (_name, body) => {
    const before = await state();
    const replies = h.slack.responses().length;
    const status = await post(body, 'application/x-www-form-urlencoded');
    await h.idle();
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(h.slack.responses()).toHaveLength(replies);
    expect(await state()).toEqual(before);
    expect(unhandled.errors).toEqual([]);
  });

  it(`200 generated corruptions of a click and of an event are refused, never a 5xx (seed ${SEED})`, async () => {
    // Arrange: a click that could change nothing even if read (it names a review that does not
    // exist), corrupted at one random path; and random JSON as an Events API body.
    const base = blockActionsPayload({
      teamId: TEAM,
      action: ackButton({ reviewId: '999999', recommendationKey: 'cpu', blockId: 'b1' }),
      responseUrl: h.slack.responseUrl('corrupted'),
    });
    const corrupt = fc
      .tuple(
        fc.array(fc.constantFrom('type', 'user', 'team', 'container', 'actions', '0', 'id'), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.oneof(fc.constant(undefined), fc.jsonValue(), fc.string({ unit: 'binary' })),
      )
      .map(([path, value]) => {
        const copy = structuredClone(base) as Record<string, unknown>;
        let target: Record<string, unknown> = copy;
        for (const key of path.slice(0, -1)) {
          const next = target[key];
          if (typeof next !== 'object' || next === null) break;
          target = next as Record<string, unknown>;
        }
        const last = path.at(-1) ?? 'type';
        if (value === undefined) delete target[last];
        else target[last] = value;
        return encodeForm({ payload: JSON.stringify(copy) });
      });
    const events = fc
      .jsonValue()
      .map((value) => JSON.stringify({ type: 'event_callback', event: value, team_id: TEAM }));
    const forms = fc.sample(corrupt, { seed: SEED, numRuns: 150 });
    const jsons = fc.sample(events, { seed: SEED + 1, numRuns: 50 });
    const before = await state();
    // Act
    const requests = [
      ...forms.map((body) => () => post(body, 'application/x-www-form-urlencoded')),
      ...jsons.map((body) => () => post(body, 'application/json')),
    ];
    const statuses: number[] = [];
    for (let i = 0; i < requests.length; i += IN_FLIGHT) {
      statuses.push(...(await Promise.all(requests.slice(i, i + IN_FLIGHT).map((send) => send()))));
    }
    await h.idle();
    // Assert
    const bad = statuses
      .map((status, i) => ({ status, body: [...forms, ...jsons][i] ?? '' }))
      .filter(({ status }) => status >= 500);
    expect(
      bad.map((b) => `${b.status} ${decodeURIComponent(b.body).slice(0, 200)}`),
      `reproduce with RELIABILITY_SEED=${SEED}`,
    ).toEqual([]);
    expect(await state()).toEqual(before);
    expect(unhandled.errors).toEqual([]);
    await stillServes();
  }, 600_000);
});

describe('clicks that must be refused', () => {
  it('an unknown action_id', async () => {
    const text = await refusedClick({
      teamId: TEAM,
      action: { type: 'button', action_id: 'scale.self_destruct', block_id: 'b1', value: 'x' },
    });
    expect(text).toContain('This control is no longer supported');
  });

  it.each([
    ['a missing review', '999999'],
    ['a review id that was never one of ours', 'ffffffffffffffffffffffff'],
  ])('a value that references %s', async (_name, reviewId) => {
    const text = await refusedClick({
      teamId: TEAM,
      action: {
        type: 'button',
        action_id: ACTION_IDS.acknowledge,
        block_id: 'b1',
        value: encodeRecommendationRef({ reviewId, recommendationKey: own.recommendationKey }),
      },
    });
    expect(text).toContain('That review no longer exists');
  });

  it('a value that references another team’s review', async () => {
    const text = await refusedClick({ teamId: TEAM, action: ackButton(foreign) });
    expect(text).toContain("That review belongs to another workspace's history");
  });

  it.each([
    ['an empty value', ''],
    ['a value of 2,000 bars', '|'.repeat(2_000)],
    ['a path', '../../reviews/1|cpu'],
  ])('a value that is not a reference: %s', async (_name, value) => {
    const text = await refusedClick({
      teamId: TEAM,
      action: { type: 'button', action_id: ACTION_IDS.acknowledge, block_id: 'b1', value },
    });
    expect(text).toContain('does not point at a review');
  });

  it.each([
    ['in the past', '2020-01-01'],
    ['today (the snooze would already be over)', '2026-12-01'],
  ])('a snooze date %s, even from an admin', async (_name, date) => {
    const text = await refusedClick({
      teamId: TEAM,
      user: { id: ADMIN },
      action: datePicker(own, date),
    });
    expect(text).toContain('Pick a snooze date in the future');
  });

  it.each([
    ['a date that is not one', 'not-a-date'],
    ['an impossible date', '2026-02-31'],
  ])('a snooze date picker with %s', async (_name, date) => {
    const text = await refusedClick({
      teamId: TEAM,
      user: { id: ADMIN },
      action: datePicker(own, date),
    });
    expect(text).toContain('is not a date');
  });

  it('a snooze duration that is not offered', async () => {
    const text = await refusedClick({
      teamId: TEAM,
      user: { id: ADMIN },
      action: { ...snoozeSelect(own, '1w'), selected: { text: 'forever', value: 'forever' } },
    });
    expect(text).toContain('Pick how long to snooze');
  });

  it.each([
    ['snooze', () => snoozeSelect(own, '1w')],
    ['snooze until a date', () => datePicker(own, '2027-01-15')],
    [
      'un-snooze',
      () => ({
        type: 'button' as const,
        action_id: ACTION_IDS.unsnooze,
        block_id: own.blockId,
        value: encodeRecommendationRef(own),
      }),
    ],
  ])('%s by a user who is not in slack.admins', async (_name, action) => {
    const text = await refusedClick({ teamId: TEAM, user: { id: MEMBER }, action: action() });
    expect(text).toContain('Only Scale Review admins');
    expect(text).toContain(`<@${ADMIN}>`);
  });
});

describe('a replayed request', () => {
  it('is a duplicate within 5 minutes and refused (401) after, with the same signature', async () => {
    // Arrange: a genuine click, signed once
    const body = blockActionsBody({
      teamId: TEAM,
      action: ackButton(own),
      actionTs: nextActionTs(),
      responseUrl: h.slack.responseUrl('replayed'),
      surface: { kind: 'message', channelId: 'C0REL', messageTs: '1764585000.000100' },
    });
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      ...signedHeaders(body),
    };
    const send = () => fetch(h.eventsUrl, { method: 'POST', headers, body });
    const first = await send();
    await h.idle();
    const afterFirst = await state();
    // Act: the same bytes and headers a minute later, then six minutes later
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 60_000);
    const soon = await send();
    await h.idle();
    const afterSoon = await state();
    vi.setSystemTime(Date.now() + 5 * 60_000);
    const late = await send();
    await h.idle();
    const afterLate = await state();
    vi.useRealTimers();
    // Assert
    expect(first.status).toBe(200);
    expect(afterFirst.decisions).toContain(`${own.reviewId}:ack:U1ANA`);
    expect(soon.status).toBe(200);
    expect(afterSoon).toEqual(afterFirst);
    expect(late.status).toBe(401);
    expect(afterLate).toEqual(afterFirst);
    expect(h.slack.responses('replayed')).toHaveLength(1);
  });

  it('with the body changed but the original signature kept is refused (401)', async () => {
    // Arrange: a member's click, re-addressed to look like the admin's
    const before = await state();
    const body = blockActionsBody({
      teamId: TEAM,
      user: { id: MEMBER },
      action: snoozeSelect(own, '1w'),
    });
    const headers = signedHeaders(body);
    const tampered = body.replace(MEMBER, ADMIN);
    // Act
    const response = await fetch(h.eventsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: tampered,
    });
    await h.idle();
    // Assert
    expect(tampered).not.toBe(body);
    expect(response.status).toBe(401);
    expect(await state()).toEqual(before);
  });
});

describe('after every bad payload', () => {
  it('the bot still serves, saw no unhandled rejection, and logged no secret', async () => {
    await stillServes();
    expect(unhandled.errors).toEqual([]);
    expect(leakedSecrets(h.logs.join(''), HARNESS_SECRETS)).toEqual([]);
  });
});
