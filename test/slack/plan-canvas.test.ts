import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../blocks/ids.js';
import { defaultDigestConfig } from '../../src/digest/config.js';
import { createDigestDeps } from '../../src/digest/create-digest-deps.js';
import { runDigestTick } from '../../src/digest/run-digest.js';
import { createBoltLogger } from '../../src/slack/bolt-logger.js';
import {
  type BotHarness,
  BUSY_WEEK,
  startBotHarness,
  TEST_BOT_TOKEN,
} from '../support/bot-harness.js';
import type { BlockActionsOptions } from '../support/slack-request.js';
import { ackButton, firstRecommendation, newTeam, type Rec, snoozeSelect } from './helpers.js';

/**
 * The capacity plan canvas (issue 22) through the real bot: Bolt, signed HTTP, the embedded
 * store, the digest's own dependencies and the fake Slack, which keeps each channel's canvas as
 * Slack's blocks and can refuse it.
 */

const ADMIN = 'U0ADMIN';
const NO_CANVAS_TOKEN = 'xoxb-test-without-canvas-scopes';
/** Tuesday 1 December 2026: the subscriptions are made in week 49. */
const NOW = new Date('2026-12-01T10:32:00Z');
/** Monday 7 and 14 December 2026, a few minutes after the 09:00 slot: weeks 50 and 51. */
const WEEK_50 = new Date('2026-12-07T09:05:00Z');
const WEEK_51 = new Date('2026-12-14T09:05:00Z');

let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness({
    now: NOW,
    configYaml: `slack:\n  admins: [${ADMIN}]\ndigest:\n  enabled: false\n`,
    fakeSlack: { tokenScopes: { [NO_CANVAS_TOKEN]: ['commands', 'chat:write', 'users:read'] } },
  });
});

afterEach(() => {
  h.slack.canvases.refuse(null);
  h.slack.clearFaults();
});

afterAll(async () => {
  await h?.close();
});

async function subscribe(team: string, channel: string) {
  h.setNow(NOW);
  await h.command('subscribe mon 09:00 UTC', {
    team_id: team,
    channel_id: channel,
    user_id: ADMIN,
  });
  await h.idle();
}

/** One digest tick for the channel at `at`, through the digest's own dependencies. */
async function digest(team: string, channel: string, at: Date, options: { token?: string } = {}) {
  h.setNow(at);
  const { apiUrl } = await h.slack.start();
  // The bot's metrics source, captured when asked; a busier CPU the second week.
  if (h.metrics) h.metrics.snapshot = { ...BUSY_WEEK, cpuPercent: at === WEEK_50 ? 88 : 93 };
  const deps = createDigestDeps(
    h.bot.deps,
    { ...defaultDigestConfig(), chart: false },
    {
      botToken: options.token ?? TEST_BOT_TOKEN,
      slackApiUrl: apiUrl,
      clientLogger: createBoltLogger(h.bot.logger, 'web-api'),
      owner: 'plan-canvas-test',
    },
  );
  return runDigestTick(deps, { only: { teamId: team, channelId: channel } });
}

type Control = (rec: Rec) => BlockActionsOptions['action'];

const doneButton: Control = (rec) => ({ ...ackButton(rec), action_id: ACTION_IDS.done });

/** `user` clicks `control` on the first recommendation of the channel's digest. */
async function clickOnDigest(
  team: string,
  channel: string,
  actionTs: string,
  options: { user?: string; control?: Control } = {},
) {
  const [posted] = h.slack.messages(channel);
  if (!posted) throw new Error('no digest');
  const rec = firstRecommendation({ text: posted.text, blocks: posted.blocks });
  await h.click({
    teamId: team,
    user: { id: options.user ?? 'U2BEN' },
    action: (options.control ?? ackButton)(rec),
    actionTs,
    surface: { kind: 'message', channelId: channel, messageTs: posted.ts },
  });
  await h.idle();
}

const callsFor = (method: string, channel: string) =>
  h.slack.calls(method).filter((c) => c.args.channel_id === channel);

function canvasEdits(channel: string) {
  return h.slack.canvases.of(channel)?.edits.map((e) => e.operation) ?? [];
}

/** The paragraph of one part of the plan, as a reader sees it. */
function part(channel: string, marker: string): string {
  const block = h.slack.canvases.of(channel)?.blocks.find((b) => b.text.startsWith(marker));
  if (!block) throw new Error(`no "${marker}" in ${h.slack.canvases.markdown(channel)}`);
  return block.text;
}

function dmsTo(user: string) {
  return h.slack.messages(user);
}

const warnings = (msg: string) =>
  h.logs.filter((line) => line.includes(`"msg":"${msg}"`) && line.includes('"level":40'));

describe('the capacity plan canvas', () => {
  it('is created with the first digest and edited in place, part by part, by the next', async () => {
    // Arrange
    const team = newTeam();
    const channel = 'C0PLAN1';
    await subscribe(team, channel);
    // Act
    const first = await digest(team, channel, WEEK_50);
    const created = h.slack.canvases.of(channel);
    const createdMarkdown = h.slack.canvases.markdown(channel);
    const second = await digest(team, channel, WEEK_51);
    // Assert
    expect(first).toMatchObject({ sent: 1, failed: 0 });
    expect(second).toMatchObject({ sent: 1, failed: 0 });
    expect(callsFor('conversations.canvases.create', channel)).toHaveLength(1);
    expect(callsFor('conversations.canvases.create', channel)[0]?.args.title).toBe('Capacity plan');
    expect(createdMarkdown).toMatch(
      /^## Stage and estate\n\n_Scale Review plan: stage and estate · Week 50, 2026_\\\n• \*\*Stage /,
    );
    expect(createdMarkdown).toContain('## Open actions');
    const canvas = h.slack.canvases.of(channel);
    expect(canvas?.id).toBe(created?.id);
    expect(canvas?.blocks.map((b) => b.type)).toEqual(Array(5).fill(['h2', 'paragraph']).flat());
    expect(new Set(canvasEdits(channel))).toEqual(new Set(['replace']));
    expect(canvasEdits(channel).length).toBeGreaterThanOrEqual(3);
    expect(part(channel, 'Scale Review plan: stage and estate')).toContain('Week 51, 2026');
    expect(part(channel, 'Scale Review plan: last eight weeks')).toMatch(
      /^Scale Review plan: last eight weeks · Week 51, 2026\n• Week 51, 2026 · Stage \d · .*\n• Week 50, 2026 · Stage \d · [^\n]*$/,
    );
    expect(await h.bot.deps.store.canvases.get(team, channel)).toMatchObject({
      canvasId: created?.id,
      refusal: null,
    });
  });

  it.each([
    ['Acknowledge', 'U2BEN', ackButton, 'acknowledged by @U2BEN on Mon 7 Dec 2026', 'acknowledged'],
    [
      'Snooze',
      ADMIN,
      (rec: Rec) => snoozeSelect(rec, '1w'),
      `snoozed by @${ADMIN} until Mon 14 Dec 2026`,
      'snoozed',
    ],
    ['Done', 'U2BEN', doneButton, 'done by @U2BEN on Mon 7 Dec 2026', 'marked'],
  ] as const)(
    'takes a %s click on the digest into its open actions and decisions log',
    async (name, user, control, state, logged) => {
      // Arrange
      const team = newTeam();
      const channel = `C0PLAN2${name.slice(0, 1)}`;
      await subscribe(team, channel);
      await digest(team, channel, WEEK_50);
      const before = canvasEdits(channel).length;
      // Act
      await clickOnDigest(team, channel, `1765098000.00001${name.length}`, { user, control });
      // Assert
      expect(canvasEdits(channel).slice(before)).toEqual(['replace', 'replace']);
      expect(part(channel, 'Scale Review plan: open actions')).toContain(state);
      expect(part(channel, 'Scale Review plan: decisions log')).toContain(
        `Mon 7 Dec 2026 · @${user} ${logged} `,
      );
      expect(callsFor('conversations.canvases.create', channel)).toHaveLength(1);
    },
  );

  it('is what the App Home shows the team', async () => {
    // Arrange
    const team = newTeam();
    const channel = 'C0PLAN2H';
    await subscribe(team, channel);
    await digest(team, channel, WEEK_50);
    await clickOnDigest(team, channel, '1765098000.000021');
    // Act
    await h.homeOpened('U2BEN', { teamId: team });
    await h.idle();
    // Assert
    const home = JSON.stringify(h.slack.homeView('U2BEN'));
    expect(home).toContain('*Capacity plan* · Stage and estate');
    expect(home).toMatch(/\*Open actions\*\\n• [^"]*acknowledged by <@U2BEN>/);
    expect(home).toMatch(/\*Decisions log\*\\n• [^"]*<@U2BEN> acknowledged/);
  });

  it('a workspace that refuses canvases gets its digests and one notice, with the reason', async () => {
    // Arrange
    const team = newTeam();
    const channel = 'C0PLAN3';
    await subscribe(team, channel);
    h.slack.canvases.refuse('disabled');
    const warned = warnings('capacity plan canvas refused by Slack; the digest goes on without it');
    // Act
    const first = await digest(team, channel, WEEK_50);
    const second = await digest(team, channel, WEEK_51);
    // Assert
    expect(first).toMatchObject({ sent: 1, failed: 0 });
    expect(second).toMatchObject({ sent: 1, failed: 0 });
    expect(h.slack.messages(channel)).toHaveLength(2);
    expect(h.slack.canvases.of(channel)).toBeNull();
    const notices = dmsTo(ADMIN).filter((m) => m.text?.includes(`<#${channel}>`));
    expect(notices).toHaveLength(1);
    expect(notices[0]?.text).toContain('canvases are turned off in this workspace');
    expect(notices[0]?.text).toContain('`canvas_disabled_user_team`');
    expect(
      warnings('capacity plan canvas refused by Slack; the digest goes on without it'),
    ).toHaveLength(warned.length + 1);
    expect(await h.bot.deps.store.canvases.get(team, channel)).toMatchObject({
      canvasId: null,
      refusal: { code: 'canvas_disabled_user_team', told: true },
    });
  });

  it.each([
    [
      'a channel canvas that is not ours',
      'C0PLAN4',
      'channel_canvas_already_exists',
      'did not create',
    ],
    [
      'a token without canvases:write',
      'C0PLAN5',
      'missing_scope',
      'lacks the `canvases:write` scope',
    ],
  ])('%s: the digest goes on and the subscriber is told why', async (_, channel, code, why) => {
    // Arrange
    const team = newTeam();
    await subscribe(team, channel);
    if (code === 'channel_canvas_already_exists')
      h.slack.canvases.addForeign(channel, '# Our notes');
    const token = code === 'missing_scope' ? NO_CANVAS_TOKEN : TEST_BOT_TOKEN;
    // Act
    const summary = await digest(team, channel, WEEK_50, { token });
    // Assert
    expect(summary).toMatchObject({ sent: 1, failed: 0 });
    const [notice, ...more] = dmsTo(ADMIN).filter((m) => m.text?.includes(`<#${channel}>`));
    expect(more).toHaveLength(0);
    expect(notice?.text).toContain(why);
    expect(notice?.text).toContain(`\`${code}\``);
    if (code === 'channel_canvas_already_exists') {
      expect(h.slack.canvases.markdown(channel)).toBe('# Our notes');
    }
  });

  it('a canvas Slack could not create is created at the next click, and never costs the digest', async () => {
    // Arrange
    const team = newTeam();
    const channel = 'C0PLAN6';
    await subscribe(team, channel);
    h.slack.script('conversations.canvases.create', { kind: 'httpError', status: 503 });
    const summary = await digest(team, channel, WEEK_50);
    // Act
    await clickOnDigest(team, channel, '1765098000.000002');
    // Assert
    expect(summary).toMatchObject({ sent: 1, failed: 0 });
    expect(h.slack.messages(channel)).toHaveLength(1);
    expect(callsFor('conversations.canvases.create', channel)).toHaveLength(2);
    expect(part(channel, 'Scale Review plan: open actions')).toContain('acknowledged by @U2BEN');
    expect(h.logs.join('')).toContain('capacity plan canvas not written');
  });

  it('a canvas someone deleted is created again by the next digest', async () => {
    // Arrange
    const team = newTeam();
    const channel = 'C0PLAN7';
    await subscribe(team, channel);
    await digest(team, channel, WEEK_50);
    const first = h.slack.canvases.of(channel)?.id;
    h.slack.canvases.delete(channel);
    // Act
    const summary = await digest(team, channel, WEEK_51);
    // Assert
    expect(summary).toMatchObject({ sent: 1, failed: 0 });
    const canvas = h.slack.canvases.of(channel);
    expect(canvas?.id).not.toBe(first);
    expect(part(channel, 'Scale Review plan: stage and estate')).toContain('Week 51, 2026');
    expect(callsFor('conversations.canvases.create', channel)).toHaveLength(2);
  });
});
