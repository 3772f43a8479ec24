import { describe, expect, it } from 'vitest';
import { type AppHomeViewModel, buildAppHome } from '../../blocks/app-home.js';
import { SLACK_LIMITS } from '../../blocks/limits.js';
import { buildHistory, type HistoryEntry } from '../../blocks/review-history.js';
import {
  ACK_AT,
  ACK_UNIX,
  addReplica,
  cpu,
  review,
  UNTIL,
  UNTIL_UNIX,
  upgradeServer,
} from './fixtures.js';
import {
  contextTexts,
  ctx,
  hdr,
  md,
  pt,
  sectionTexts,
  snoozeSelect,
  untilPicker,
} from './helpers.js';

const ackDate = `<!date^${ACK_UNIX}^{date_short_pretty} {time}|Fri 5 Dec 2025 10:32 UTC>`;
const ackDay = `<!date^${ACK_UNIX}^{date_short_pretty}|Fri 5 Dec 2025>`;
const untilDay = `<!date^${UNTIL_UNIX}^{date_short_pretty}|Fri 12 Dec 2025>`;

const entry: HistoryEntry = {
  reviewId: 'rev1',
  createdAt: ACK_AT,
  headline: 'CPU approaching its limit',
  stage: { number: 2, name: 'Growing Team' },
  decisions: [
    {
      kind: 'ack',
      recommendationKey: 'cpu:upgrade-server',
      recommendationText: 'Upgrade the server',
      userId: 'U1ANA',
      at: ACK_AT,
    },
    {
      kind: 'unsnooze',
      recommendationKey: 'memory:add-ram',
      recommendationText: 'Add RAM',
      userId: null,
      at: ACK_AT,
      reason: 'memory is now over 85%',
    },
    {
      kind: 'snooze',
      recommendationKey: 'dbConnections:read-replica',
      recommendationText: 'Add a read replica',
      userId: 'U2BOB',
      at: ACK_AT,
      snoozeUntil: UNTIL,
      canUnsnooze: true,
    },
  ],
};

describe('buildHistory', () => {
  it('lists each review with its decisions and an Un-snooze button for active snoozes', () => {
    // Act
    const out = buildHistory({ entries: [entry] });
    // Assert
    expect(out).toEqual({
      text: 'Review history: 1 review, latest: CPU approaching its limit',
      blocks: [
        hdr(':scroll: Review history'),
        md(
          `*${ackDay}* · Stage 2 · Growing Team\nCPU approaching its limit\n` +
            `• :white_check_mark: “Upgrade the server” acknowledged by <@U1ANA> · ${ackDate}\n` +
            `• :alarm_clock: “Add RAM” un-snoozed automatically · ${ackDate} (memory is now over 85%)`,
        ),
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `:zzz: “Add a read replica” snoozed until ${untilDay} by <@U2BOB> · ${ackDate}`,
          },
          accessory: {
            type: 'button',
            action_id: 'scale.unsnooze',
            text: pt('Un-snooze'),
            value: 'rev1|dbConnections:read-replica',
          },
        },
      ],
    });
  });

  it('answers an empty history with a hint', () => {
    expect(buildHistory({ entries: [] }).blocks).toEqual([
      hdr(':scroll: Review history'),
      md('No reviews yet. Run `/scale status` to make the first one.'),
    ]);
  });

  it('keeps to 50 blocks with a long history and counts the reviews left out', () => {
    // Arrange: each entry is 2 blocks (summary + one active snooze).
    const entries = Array.from({ length: 40 }, (_, i) => ({
      ...entry,
      reviewId: `rev${i}`,
      decisions: entry.decisions.slice(2),
    }));
    // Act
    const { blocks } = buildHistory({ entries });
    // Assert
    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.messageBlocks);
    const shown = blocks.filter((b) => b.type === 'section' && b.accessory).length;
    expect(blocks.at(-1)).toEqual(
      ctx(`…and ${40 - shown} more reviews — ask for fewer, e.g. \`/scale history 5\``),
    );
  });
});

function home(overrides: Partial<AppHomeViewModel> = {}): AppHomeViewModel {
  return {
    latest: {
      reviewId: 'rev1',
      review: review({ indicators: [cpu] }),
      weekLabel: 'Week 49, 2025',
      conversationsThisMonth: 2340,
      decisions: {
        'dbConnections:read-replica': {
          kind: 'snooze',
          userId: 'U2BOB',
          at: ACK_AT,
          snoozeUntil: UNTIL,
        },
      },
    },
    recentReviews: [
      {
        reviewId: 'rev1',
        createdAt: ACK_AT,
        headline: 'CPU approaching its limit',
        stage: { number: 2, name: 'Growing Team' },
      },
    ],
    subscriptions: [
      { channelId: 'C0OPS', schedule: 'Mon 09:00', timezone: 'Europe/Paris', nextRunAt: UNTIL },
      {
        channelId: 'C0OLD',
        schedule: 'Fri 17:00',
        timezone: 'UTC',
        nextRunAt: null,
        problem: 'channel_not_found',
      },
    ],
    ...overrides,
  };
}

describe('buildAppHome', () => {
  it('shows the latest indicators, open and snoozed recommendations, recent reviews and digests', () => {
    // Act
    const view = buildAppHome(home());
    // Assert
    expect(view).toEqual({
      type: 'home',
      callback_id: 'scale.app_home',
      blocks: [
        hdr(':bar_chart: Scale Review'),
        ctx(
          'Latest review · Week 49, 2025',
          '*Stage 2 · Growing Team* (1K-5K conversations/month) · 2,340 conversations this month',
        ),
        md('*CPU approaching its limit: upgrade the server*'),
        md(
          ':large_yellow_circle: Server CPU: 72% (consider scaling at &gt;75%) · +6 pts vs last review',
        ),
        { type: 'divider' },
        md('*Open recommendations*'),
        md(
          ':rotating_light: *Upgrade the server to 2 vCPU*\nWhy: Server CPU 82% is over 75%\nExpected impact: CPU back under 50% · Cost: +$20-30/month',
        ),
        {
          type: 'actions',
          block_id: 'scale.rec.open|rev1|cpu:upgrade-server',
          elements: [
            {
              type: 'button',
              action_id: 'scale.ack',
              text: pt('Acknowledge'),
              value: 'rev1|cpu:upgrade-server',
              style: 'primary',
            },
            {
              type: 'button',
              action_id: 'scale.done',
              text: pt('Done'),
              value: 'rev1|cpu:upgrade-server',
            },
            snoozeSelect,
            untilPicker,
          ],
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `:zzz: *Add a read replica* — snoozed by <@U2BOB> until ${untilDay}`,
          },
          accessory: {
            type: 'button',
            action_id: 'scale.unsnooze',
            text: pt('Un-snooze'),
            value: 'rev1|dbConnections:read-replica',
          },
        },
        { type: 'divider' },
        md(`*Recent reviews*\n• ${ackDay} · Stage 2 · Growing Team — CPU approaching its limit`),
        {
          type: 'actions',
          elements: [{ type: 'button', action_id: 'scale.open_history', text: pt('Full history') }],
        },
        { type: 'divider' },
        md(
          '*Weekly digests*\n' +
            `• <#C0OPS> · Mon 09:00 (Europe/Paris) · next <!date^${UNTIL_UNIX}^{date_short_pretty} {time}|Fri 12 Dec 2025 00:00 UTC>\n` +
            '• <#C0OLD> · Fri 17:00 (UTC) · :warning: channel_not_found',
        ),
      ],
    });
  });

  it('welcomes a workspace with no review and no subscription', () => {
    // Act
    const view = buildAppHome({ latest: null, recentReviews: [], subscriptions: [] });
    // Assert
    expect(view.blocks).toEqual([
      hdr(':bar_chart: Scale Review'),
      md('No review yet. Type `/scale` in a channel to run the first one.'),
      { type: 'divider' },
      md('*Recent reviews*\nNone yet.'),
      { type: 'divider' },
      md(
        '*Weekly digests*\nNo channel is subscribed. Invite the app to a channel (`/invite @Scale Review`), then type `/scale subscribe` there.',
      ),
    ]);
  });

  it('keeps to 100 blocks with many recommendations, five reviews and says what was left out', () => {
    // Arrange
    const recs = Array.from({ length: 80 }, (_, i) => ({
      ...addReplica,
      key: `k${i}`,
      text: `Action ${i}`,
    }));
    const [first] = home().recentReviews;
    if (!first) throw new Error('fixture has a recent review');
    const reviews = Array.from({ length: 8 }, (_, i) => ({ ...first, reviewId: `r${i}` }));
    const base = home();
    const model = home({
      latest: base.latest && {
        ...base.latest,
        review: review({ recommendations: [upgradeServer, ...recs] }),
      },
      recentReviews: reviews,
    });
    // Act
    const { blocks } = buildAppHome(model);
    // Assert
    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.homeBlocks);
    expect(blocks.length).toBeGreaterThan(SLACK_LIMITS.homeBlocks - 10);
    const shown = blocks.filter(
      (b) => b.type === 'actions' && b.block_id?.startsWith('scale.rec.'),
    ).length;
    expect(contextTexts(blocks)).toContain(
      `…and ${81 - shown} more recommendations — see \`/scale status\``,
    );
    expect(contextTexts(blocks)).toContain('…and 3 more reviews — `/scale history`');
    expect(sectionTexts(blocks).some((t) => t.startsWith('*Weekly digests*'))).toBe(true);
  });
});
