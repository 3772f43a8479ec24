import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDigestConfig } from '../../src/digest/config.js';
import { createDigestDeps } from '../../src/digest/create-digest-deps.js';
import { runDigestTick } from '../../src/digest/run-digest.js';
import type { MetricsResult, MetricsSource } from '../../src/metrics/port.js';
import { createBoltLogger } from '../../src/slack/bolt-logger.js';
import {
  type BotHarness,
  BUSY_WEEK,
  startBotHarness,
  TEST_BOT_TOKEN,
} from '../support/bot-harness.js';
import {
  ackButton,
  firstRecommendation,
  freshStatus,
  fromEphemeral,
  newTeam,
  snoozeSelect,
  visibleText,
} from './helpers.js';

/**
 * A click on a weekly digest re-renders the digest as it was posted (its carried-forward
 * decisions, its projection line, its Delayed and Degraded marks), plus the decision: through the
 * real Bolt app, signed HTTP and the fake Slack.
 */

const ADMIN = 'U0ADMIN';
/** Tuesday 1 Dec 2026: the status (and its acknowledgement) happen in week 49. */
const NOW = new Date('2026-12-01T10:32:00Z');
/** Monday 7 Dec 2026 12:00 UTC: three hours after the 09:00 slot, so the digest is delayed. */
const DIGEST_AT = new Date('2026-12-07T12:00:00Z');

/** The busy week with the error rate missing: the digest is sent, marked degraded. */
const partialMetrics: MetricsSource = {
  kind: 'file',
  describe: () => 'partial test metrics',
  async fetch(request): Promise<MetricsResult> {
    const { errorRatePercent: _missing, ...snapshot } = BUSY_WEEK;
    return {
      // Captured when asked, as a real source's window ends at the review.
      snapshot: { ...snapshot, capturedAt: request.now.toISOString() },
      series: {},
      quality: [{ metric: 'errorRatePercent', issue: 'noData', detail: 'no datapoints' }],
      notes: [],
      source: { kind: 'file', description: 'test metrics', apiCalls: 0, metricsRequested: 0 },
    };
  },
};

let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness({
    now: NOW,
    configYaml: `slack:\n  admins: [${ADMIN}]\ndigest:\n  enabled: false\n`,
  });
});

afterAll(async () => {
  await h?.close();
});

/** Subscribes `channel`, acknowledges the status's first recommendation, then sends the digest. */
async function postDigest(team: string, channel: string) {
  // Subscribed before the Monday slot, so the digest three hours after it is a missed one
  h.setNow(NOW);
  await h.command('subscribe mon 09:00 UTC', {
    team_id: team,
    channel_id: channel,
    user_id: ADMIN,
  });
  const { rec } = await freshStatus(h, team);
  await h.clickWith(
    { teamId: team, action: ackButton(rec), actionTs: '1764585120.000001' },
    fromEphemeral,
  );
  await h.idle();
  h.setNow(DIGEST_AT);
  const { apiUrl } = await h.slack.start();
  const deps = createDigestDeps(
    { ...h.bot.deps, metrics: partialMetrics },
    { ...defaultDigestConfig(), chart: false },
    {
      botToken: TEST_BOT_TOKEN,
      slackApiUrl: apiUrl,
      clientLogger: createBoltLogger(h.bot.logger, 'web-api'),
      owner: 'digest-test',
    },
  );
  const summary = await runDigestTick(deps, { only: { teamId: team, channelId: channel } });
  expect(summary).toMatchObject({ sent: 1, delayed: 1 });
  const [digest] = h.slack.messages(channel);
  if (!digest) throw new Error('no digest posted');
  return digest;
}

/** The lines only a digest has: what a click must keep. */
function expectDigestLines(text: string) {
  expect(text).toContain('Decisions carried forward');
  expect(text).toContain('acknowledged by <@U1ANA>');
  expect(text).toContain(":crystal_ball: At 20%/month, the plan's default growth");
  expect(text).not.toContain('(configured)');
  expect(text).toContain('Next digest: <!date^');
  expect(text).toContain(':hourglass: *Delayed*');
  expect(text).toContain(':warning: *Degraded* — no data for 1 of');
  expect(text).toContain('Week 50, 2026');
}

describe('a click on a weekly digest', () => {
  it.each([
    ['Acknowledge', 'U2BEN', (rec: ReturnType<typeof firstRecommendation>) => ackButton(rec)],
    ['Snooze', ADMIN, (rec: ReturnType<typeof firstRecommendation>) => snoozeSelect(rec, '1w')],
  ] as const)('%s keeps every digest line and adds the decision', async (name, user, control) => {
    // Arrange
    const team = newTeam();
    const channel = `C0DIG${name.toUpperCase().slice(0, 3)}`;
    const digest = await postDigest(team, channel);
    const posted = { text: digest.text, blocks: digest.blocks };
    expectDigestLines(visibleText(posted));
    const rec = firstRecommendation(posted);

    // Act
    await h.click({
      teamId: team,
      user: { id: user },
      action: control(rec),
      actionTs: `1765108800.00000${name.length}`,
      surface: { kind: 'message', channelId: channel, messageTs: digest.ts },
    });
    await h.idle();

    // Assert
    const [update] = h.slack.calls('chat.update').filter((c) => c.args.channel === channel);
    expect(update).toBeDefined();
    const shown = visibleText({ text: update?.args.text, blocks: update?.args.blocks });
    expectDigestLines(shown);
    expect(shown).toMatch(
      name === 'Acknowledge' ? /Acknowledged by <@U2BEN>/ : /snoozed by <@U0ADMIN> until/,
    );
    const [message] = h.slack.messages(channel);
    expect(message?.edits).toBe(1);
  });
});
