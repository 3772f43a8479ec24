import { describe, expect, it } from 'vitest';
import { InvalidRefError } from '../../blocks/ids.js';
import { BlockLimitError, SLACK_LIMITS, textLength } from '../../blocks/limits.js';
import {
  buildScalingIndicators,
  type ScalingIndicatorsViewModel,
} from '../../blocks/scaling-indicators.js';
import type { Recommendation } from '../../src/domain/review-types.js';
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

function vm(overrides: Partial<ScalingIndicatorsViewModel> = {}): ScalingIndicatorsViewModel {
  return {
    reviewId: 'rev1',
    review: review(),
    weekLabel: 'Week 49, 2025',
    conversationsThisMonth: 2340,
    sourceLine: 'CloudWatch, us-east-1, 7 days to Mon 09:00 UTC',
    decisions: {},
    ...overrides,
  };
}

const ackDate = `<!date^${ACK_UNIX}^{date_short_pretty} {time}|Fri 5 Dec 2025 10:32 UTC>`;
const untilDate = `<!date^${UNTIL_UNIX}^{date_short_pretty}|Fri 12 Dec 2025>`;

function manyRecommendations(n: number, text = (i: number) => `Action ${i}`): Recommendation[] {
  return Array.from({ length: n }, (_, i) => ({ ...upgradeServer, key: `k${i}`, text: text(i) }));
}

describe('buildScalingIndicators', () => {
  it('lays out header, context, indicators, recommendations with controls, and the next review', () => {
    // Arrange
    const model = vm();
    // Act: the mrkdwn lines (native blocks: native-blocks.test.ts)
    const out = buildScalingIndicators(model, { native: false });
    // Assert
    expect(out).toEqual({
      text: 'Scaling Indicators · Week 49, 2025: CPU approaching its limit: upgrade the server',
      blocks: [
        hdr(':bar_chart: Scaling Indicators · Week 49, 2025'),
        ctx(
          '*Stage 2 · Growing Team* (1K-5K conversations/month) · 2,340 conversations this month',
          'Source: CloudWatch, us-east-1, 7 days to Mon 09:00 UTC',
        ),
        md('*CPU approaching its limit: upgrade the server*'),
        md(
          ':large_yellow_circle: Server CPU: 72% (consider scaling at &gt;75%) · +6 pts vs last review\n' +
            ':white_circle: Response time (P95): unknown (no datapoints in the window)',
        ),
        { type: 'divider' },
        md('*Recommendations*'),
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
        md(
          ':eyes: *Add a read replica*\nWhy: Database Connections 85 is approaching 90\nExpected impact: Halves read load on the primary · Cost: cost not stated',
        ),
        {
          type: 'actions',
          block_id: 'scale.rec.open|rev1|dbConnections:read-replica',
          elements: [
            {
              type: 'button',
              action_id: 'scale.ack',
              text: pt('Acknowledge'),
              value: 'rev1|dbConnections:read-replica',
              style: 'primary',
            },
            {
              type: 'button',
              action_id: 'scale.done',
              text: pt('Done'),
              value: 'rev1|dbConnections:read-replica',
            },
            snoozeSelect,
            untilPicker,
          ],
        },
        ctx('Next review: <!date^1765184400^{date_long_pretty}|Mon 8 Dec 2025> · Review `rev1`'),
      ],
    });
  });

  it('shows who acknowledged, collapses snoozed recommendations, and adds the digest extras', () => {
    // Arrange
    const model = vm({
      decisions: {
        'cpu:upgrade-server': { kind: 'ack', userId: 'U1ANA', at: ACK_AT },
        'dbConnections:read-replica': {
          kind: 'snooze',
          userId: 'U2BOB',
          at: ACK_AT,
          snoozeUntil: UNTIL,
        },
      },
      carriedForward: [
        {
          label: 'CPU',
          decision: { kind: 'snooze', userId: 'U1ANA', at: ACK_AT, snoozeUntil: UNTIL },
          current: 'now 78%, +6 pts',
        },
        {
          label: 'Memory',
          decision: { kind: 'snooze', userId: 'U2BOB', at: ACK_AT, snoozeUntil: UNTIL },
          current: 'now 91%',
          reopenedBecause: 'memory is now over 85%',
        },
      ],
      projection: {
        monthlyGrowthPercent: 30,
        growthSource: 'observed',
        horizonMonths: 12,
        nextStage: { number: 3, name: 'Scaling', inMonths: 4, monthlyCost: { min: 150, max: 250 } },
      },
      delayed: { scheduledFor: ACK_AT },
      degraded: ['CloudWatch throttled <all> calls'],
      nextDigestAt: new Date('2025-12-09T08:00:00Z'),
      review: review({
        indicators: [cpu],
        dataQuality: { missing: ['cpu', 'memory'], stale: [], notes: ['ALB idle: no traffic'] },
      }),
    });
    // Act
    const out = buildScalingIndicators(model, { native: false });
    // Assert
    expect(out).toEqual({
      text: 'Scaling Indicators · Week 49, 2025 (delayed) (degraded): CPU approaching its limit: upgrade the server',
      blocks: [
        hdr(':bar_chart: Scaling Indicators · Week 49, 2025'),
        ctx(
          '*Stage 2 · Growing Team* (1K-5K conversations/month) · 2,340 conversations this month',
          'Source: CloudWatch, us-east-1, 7 days to Mon 09:00 UTC',
        ),
        ctx(
          `:hourglass: *Delayed* — scheduled for ${ackDate}`,
          ':warning: *Degraded* — CloudWatch throttled &lt;all&gt; calls',
        ),
        md('*CPU approaching its limit: upgrade the server*'),
        md(
          ':large_yellow_circle: Server CPU: 72% (consider scaling at &gt;75%) · +6 pts vs last review',
        ),
        ctx(':mag: Data quality: no data for Server CPU, memory · ALB idle: no traffic'),
        md(
          '*Decisions carried forward*\n' +
            `*CPU*: snoozed until ${untilDate} by <@U1ANA>; now 78%, +6 pts\n` +
            ':warning: *Memory*: snooze by <@U2BOB> ended early — memory is now over 85%; now 91%',
        ),
        { type: 'divider' },
        md('*Recommendations*'),
        md(
          ':rotating_light: *Upgrade the server to 2 vCPU*\nWhy: Server CPU 82% is over 75%\nExpected impact: CPU back under 50% · Cost: +$20-30/month\n' +
            `:white_check_mark: Acknowledged by <@U1ANA> · ${ackDate}`,
        ),
        {
          type: 'actions',
          block_id: 'scale.rec.at6sl9c|rev1|cpu:upgrade-server',
          elements: [
            {
              type: 'button',
              action_id: 'scale.ack',
              text: pt('Acknowledge'),
              value: 'rev1|cpu:upgrade-server',
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
        md(`:zzz: *Add a read replica* — snoozed by <@U2BOB> until ${untilDate}`),
        ctx(
          ':crystal_ball: At 30%/month, the growth observed in past reviews, Stage 3 · Scaling is reached in about 4 months ($150-250/month).',
        ),
        ctx('Next digest: <!date^1765267200^{date_long_pretty}|Tue 9 Dec 2025> · Review `rev1`'),
      ],
    });
  });

  it('says so when nothing is open, and when no stage is reached within the horizon', () => {
    // Arrange
    const model = vm({
      review: review({ recommendations: [] }),
      conversationsThisMonth: null,
      projection: {
        monthlyGrowthPercent: 5,
        growthSource: 'configured',
        horizonMonths: 12,
        nextStage: null,
      },
    });
    // Act
    const { blocks } = buildScalingIndicators(model);
    // Assert
    expect(sectionTexts(blocks)).toContain('*Recommendations*\nNo open recommendations. :tada:');
    expect(contextTexts(blocks)).toContain(
      '*Stage 2 · Growing Team* (1K-5K conversations/month) · conversations this month: unknown',
    );
    expect(contextTexts(blocks)).toContain(
      ":crystal_ball: At 5%/month, the plan's default growth (too little history to observe one), no new stage within 12 months.",
    );
  });

  it('keeps to 50 blocks with many recommendations and says how many were left out', () => {
    // Arrange
    const model = vm({ review: review({ recommendations: manyRecommendations(60) }) });
    // Act
    const { blocks } = buildScalingIndicators(model);
    // Assert
    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.messageBlocks);
    expect(blocks.length).toBeGreaterThanOrEqual(SLACK_LIMITS.messageBlocks - 1);
    const shown = blocks.filter((b) => b.type === 'actions').length;
    const more = contextTexts(blocks).find((t) => t.startsWith('…and '));
    expect(more).toBe(`…and ${60 - shown} more recommendations — open the Scale Review App Home`);
    expect(blocks.at(-1)).toEqual(
      ctx('Next review: <!date^1765184400^{date_long_pretty}|Mon 8 Dec 2025> · Review `rev1`'),
    );
  });

  it('never drops snoozed recommendations silently when open ones fill the message', () => {
    // Arrange: 60 open and 300 snoozed recommendations.
    const open = manyRecommendations(60);
    const snoozed = manyRecommendations(300, (i) => `Snoozed ${i}`).map((r) => ({
      ...r,
      key: `s${r.key}`,
    }));
    const decisions = Object.fromEntries(
      snoozed.map((r) => [
        r.key,
        { kind: 'snooze' as const, userId: 'U2BOB', at: ACK_AT, snoozeUntil: UNTIL },
      ]),
    );
    // Act
    const { blocks } = buildScalingIndicators(
      vm({ review: review({ recommendations: [...open, ...snoozed] }), decisions }),
    );
    // Assert
    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.messageBlocks);
    expect(textLength(blocks)).toBeLessThanOrEqual(SLACK_LIMITS.messageTextBudget);
    const shownOpen = blocks.filter((b) => b.type === 'actions').length;
    const shownSnoozed =
      sectionTexts(blocks)
        .join('\n')
        .match(/:zzz: \*Snoozed \d+\*/g)?.length ?? 0;
    expect(contextTexts(blocks)).toContain(
      `…and ${60 - shownOpen} more recommendations — open the Scale Review App Home`,
    );
    expect(contextTexts(blocks)).toContain(
      `…and ${300 - shownSnoozed} more snoozed recommendations — open the Scale Review App Home`,
    );
  });

  it('keeps the total text within the message budget with long recommendations', () => {
    // Arrange
    const model = vm({
      review: review({
        recommendations: manyRecommendations(30, (i) => `${i} ${'x'.repeat(900)}`),
      }),
    });
    // Act
    const { blocks } = buildScalingIndicators(model);
    // Assert
    expect(textLength(blocks)).toBeLessThanOrEqual(SLACK_LIMITS.messageTextBudget);
    const shown = blocks.filter((b) => b.type === 'actions').length;
    expect(shown).toBeLessThan(30);
    expect(contextTexts(blocks)).toContain(
      `…and ${30 - shown} more recommendations — open the Scale Review App Home`,
    );
  });

  it('cuts a 4,000-character recommendation to 3,000 characters, visibly', () => {
    // Arrange
    const model = vm({
      review: review({ recommendations: [{ ...upgradeServer, text: 'y'.repeat(4000) }] }),
    });
    // Act
    const { blocks } = buildScalingIndicators(model);
    // Assert
    const long = sectionTexts(blocks).find((t) => t.includes('yyyy'));
    expect(long).toHaveLength(3000);
    expect(long?.endsWith('… (truncated)')).toBe(true);
  });

  it('cuts a long week label in the header to 150 characters', () => {
    // Act
    const { blocks } = buildScalingIndicators(vm({ weekLabel: 'w'.repeat(300) }));
    // Assert
    const head = blocks[0];
    expect(head?.type === 'header' && head.text.text.length).toBe(150);
    expect(head?.type === 'header' && head.text.text.endsWith('…')).toBe(true);
  });

  it('throws when a button value would exceed 2,000 characters (a bug, not user data)', () => {
    // Arrange
    const model = vm({
      review: review({ recommendations: [{ ...addReplica, key: 'k'.repeat(2100) }] }),
    });
    // Act / Assert
    expect(() => buildScalingIndicators(model)).toThrow(BlockLimitError);
    expect(() => buildScalingIndicators(model)).toThrow(
      'button value is 2105 characters; Slack allows 2000',
    );
  });

  it('throws on a review id that cannot be carried in a value', () => {
    expect(() => buildScalingIndicators(vm({ reviewId: 'a|b' }))).toThrow(InvalidRefError);
  });
});
