import { describe, expect, it } from 'vitest';
import { buildAppHome } from '../../blocks/app-home.js';
import {
  buildCapacityPlanCanvas,
  canvasMarkdown,
  escapeCanvasText,
} from '../../blocks/capacity-plan.js';
import { ACK_UNIX, cpu, UNTIL_UNIX } from './fixtures.js';
import { sectionTexts } from './helpers.js';
import { planModel, rising } from './plan-fixtures.js';

describe('the capacity plan canvas', () => {
  it('is five parts, each a heading and one paragraph that starts with its marker', () => {
    // Act
    const canvas = buildCapacityPlanCanvas(planModel());
    // Assert
    expect(canvas.title).toBe('Capacity plan');
    expect(canvasMarkdown(canvas)).toBe(
      [
        '## Stage and estate',
        '',
        '_Scale Review plan: stage and estate · Week 50, 2025_\\',
        '• **Stage 2 · Growing Team** (1K-5K conversations/month), carried from earlier reviews · 2,340 conversations this month\\',
        '• Servers: 2 (configured)\\',
        "• Database: the stage's hosted database plan\\",
        '• Measures in place: Pool database connections\\',
        '• Monthly cost: $85',
        '',
        '## Open actions',
        '',
        '_Scale Review plan: open actions · Week 50, 2025_\\',
        '• :rotating_light: **Upgrade the server to 2 vCPU** · acknowledged by ![](@U2BEN) on Fri 5 Dec 2025 · decide by Fri 12 Dec 2025 · +$20-30/month\\',
        '• :eyes: **Add a read replica \\*now\\*** · snoozed by ![](@U0ADMIN) until Fri 12 Dec 2025 · cost not stated\\',
        '• :spiral_calendar_pad: **Archive old data** · open · decide now · no extra cost',
        '',
        '## Forecasts',
        '',
        '_Scale Review plan: forecasts · Week 50, 2025_\\',
        '• :chart_with_upwards_trend: Server CPU crosses 75% in about 2 weeks (around 14 Dec): +4 pts a week',
        '',
        '## Last eight weeks',
        '',
        '_Scale Review plan: last eight weeks · Week 50, 2025_\\',
        '• Week 50, 2025 · Stage 2 · CPU approaching its limit\\',
        '• Week 49, 2025 · Stage 2 · CPU 66%\\',
        '• Week 48, 2025 · no review',
        '',
        '## Decisions log',
        '',
        '_Scale Review plan: decisions log · Week 50, 2025_\\',
        '• Fri 5 Dec 2025 · ![](@U2BEN) acknowledged **Upgrade the server to 2 vCPU**\\',
        '• Fri 5 Dec 2025 · Scale Review un-snoozed **Add a read replica** (it got worse)',
      ].join('\n'),
    );
    expect(canvas.sections.map((s) => s.marker)).toEqual([
      'Scale Review plan: stage and estate',
      'Scale Review plan: open actions',
      'Scale Review plan: forecasts',
      'Scale Review plan: last eight weeks',
      'Scale Review plan: decisions log',
    ]);
  });

  it('says what is not there yet, and each paragraph holds no blank line, table, list or divider', () => {
    // Arrange
    const empty = planModel({
      actions: [],
      forecasts: [],
      weeks: [],
      decisions: [],
      estate: {
        servers: { count: 3, max: 5, source: 'assumed', note: "assumed: stage 3's minimum" },
        database: {
          name: 'AWS RDS db.t3.small',
          storageGb: 20,
          source: 'stage',
          note: "assumed: stage 3's database",
        },
        measures: [],
        monthlyCost: null,
      },
    });
    // Act
    const { sections } = buildCapacityPlanCanvas(empty);
    // Assert
    const text = Object.fromEntries(sections.map((s) => [s.key, s.paragraph.split('\\\n')]));
    expect(text.stage?.slice(2)).toEqual([
      "• Servers: 3 of up to 5 (assumed: stage 3's minimum)",
      "• Database: AWS RDS db.t3.small, 20 GB (assumed: stage 3's database)",
      '• Measures in place: none recorded',
      "• Monthly cost: not stated (the stage's total is assumed)",
    ]);
    expect(text.actions?.[1]).toBe('• No open actions.');
    expect(text.forecasts?.[1]).toBe('• No forecast yet.');
    expect(text.weeks?.[1]).toBe('• No review yet.');
    expect(text.decisions?.[1]).toBe('• No decision yet.');
    for (const s of sections) {
      expect(s.paragraph).not.toMatch(/\n\s*\n|^\s*([-*+]|\d+\.|\||#|>|---)/m);
    }
  });

  it('escapes Markdown in text, keeps it on one line, and mentions only user ids', () => {
    expect(escapeCanvasText('a *b* _c_ [d](e) <f> # | ~ `g` \\ \n\nnext')).toBe(
      'a \\*b\\* \\_c\\_ \\[d\\](e) \\<f\\> \\# \\| \\~ \\`g\\` \\\\ next',
    );
  });
});

describe('the capacity plan in the App Home', () => {
  it('shows the same parts, in mrkdwn, in place of the Home forecast lines', () => {
    // Act
    const { blocks } = buildAppHome({
      latest: null,
      recentReviews: [],
      subscriptions: [],
      plan: planModel(),
    });
    const none = buildAppHome({ latest: null, recentReviews: [], subscriptions: [], plan: null });
    // Assert: without a latest review the plan is not shown either.
    expect(blocks).toEqual(none.blocks);
  });

  it('lists stage, actions, forecasts, weeks and decisions after the indicators', () => {
    // Arrange
    const latest = {
      reviewId: 'rev1',
      review: planReview(),
      weekLabel: 'Week 50, 2025',
      conversationsThisMonth: 2340,
      decisions: {},
    };
    // Act
    const { blocks } = buildAppHome({
      latest,
      recentReviews: [],
      subscriptions: [],
      plan: planModel(),
    });
    // Assert
    const texts = sectionTexts(blocks);
    const plan = texts.filter((t) =>
      /^\*(Capacity plan|Open actions|Forecasts|Last eight weeks|Decisions log)/.test(t),
    );
    expect(plan).toEqual([
      '*Capacity plan* · Stage and estate\n' +
        '• *Stage 2 · Growing Team* (1K-5K conversations/month), carried from earlier reviews · 2,340 conversations this month\n' +
        '• Servers: 2 (configured)\n' +
        "• Database: the stage's hosted database plan\n" +
        '• Measures in place: Pool database connections\n' +
        '• Monthly cost: $85',
      '*Open actions*\n' +
        `• :rotating_light: *Upgrade the server to 2 vCPU* · acknowledged by <@U2BEN> on <!date^${ACK_UNIX}^{date_short_pretty}|Fri 5 Dec 2025> · decide by <!date^${UNTIL_UNIX}^{date_short_pretty}|Fri 12 Dec 2025> · +$20-30/month\n` +
        `• :eyes: *Add a read replica *now** · snoozed by <@U0ADMIN> until <!date^${UNTIL_UNIX}^{date_short_pretty}|Fri 12 Dec 2025> · cost not stated\n` +
        '• :spiral_calendar_pad: *Archive old data* · open · decide now · no extra cost',
      '*Forecasts*\n• :chart_with_upwards_trend: Server CPU crosses 75% in about 2 weeks (around 14 Dec): +4 pts a week',
      '*Last eight weeks*\n• Week 50, 2025 · Stage 2 · CPU approaching its limit\n• Week 49, 2025 · Stage 2 · CPU 66%\n• Week 48, 2025 · no review',
      `*Decisions log*\n• <!date^${ACK_UNIX}^{date_short_pretty}|Fri 5 Dec 2025> · <@U2BEN> acknowledged *Upgrade the server to 2 vCPU*\n` +
        `• <!date^${ACK_UNIX}^{date_short_pretty}|Fri 5 Dec 2025> · Scale Review un-snoozed *Add a read replica* (it got worse)`,
    ]);
    expect(texts.some((t) => t.startsWith(':chart_with_upwards_trend:'))).toBe(false);
  });
});

function planReview() {
  return {
    generatedAt: '2025-12-08T09:00:00.000Z',
    period: { key: '2025-W50', start: '2025-12-08T00:00:00.000Z' },
    stage: {
      number: 2,
      name: 'Growing Team',
      conversationsPerMonth: { min: 1000, max: 5000 },
      basis: 'conversations' as const,
    },
    triggersFired: [],
    indicators: [cpu],
    recommendations: [],
    headline: 'CPU approaching its limit',
    nextReviewAt: '2025-12-15T09:00:00.000Z',
    dataQuality: { missing: [], stale: [], notes: [] },
    snapshot: {},
    comparedWith: null,
    forecasts: [rising],
    infrastructure: {
      servers: { count: 2, max: null, source: 'configured' as const, note: 'configured' },
      dbTier: null,
    },
  };
}
