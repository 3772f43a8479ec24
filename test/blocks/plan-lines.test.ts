import { describe, expect, it } from 'vitest';
import { planLines } from '../../blocks/recommendations.js';
import {
  buildScalingIndicators,
  type ScalingIndicatorsViewModel,
} from '../../blocks/scaling-indicators.js';
import type { Recommendation } from '../../src/domain/review-types.js';
import { review, upgradeServer } from './fixtures.js';

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

const stageMove: Recommendation = {
  ...upgradeServer,
  key: 'stage-upgrade:4',
  severity: 'critical',
  text: 'Move to stage 4 (Large Team): Move to an auto-scaling group',
  monthlyCostChange: { min: null, max: 587 },
  decideBy: '2026-12-14T00:00:00.000Z',
  leadDays: { min: 28, max: 42 },
  relief: {
    text: 'Add 2 servers now (2 → 4)',
    monthlyCostChange: { min: 60, max: 120 },
    note: 'the servers stay in stage 4’s group',
  },
  includes: ['the database: RDS Multi-AZ db.m5.large (Large, 500 GB)'],
};

describe('plan lines (issue 20)', () => {
  it('says when to decide, how long it takes, the relief now and what a move includes', () => {
    // Act
    const lines = planLines(stageMove);
    // Assert
    expect(lines).toEqual([
      ':spiral_calendar_pad: *Decide by <!date^1797206400^{date_short_pretty}|Mon 14 Dec 2026>* (it takes 4–6 weeks)',
      'Now: Add 2 servers now (2 → 4) · +$60-120/month (the servers stay in stage 4’s group)',
      'Includes: the database: RDS Multi-AZ db.m5.large (Large, 500 GB)',
    ]);
  });

  it('says "decide now" when the decision date has passed', () => {
    // Act
    const [line] = planLines({ ...stageMove, overdue: true, relief: undefined, includes: [] });
    // Assert
    expect(line).toBe(':spiral_calendar_pad: *Decide now* (it takes 4–6 weeks)');
  });

  it('has no lines for an action without a date, relief or components', () => {
    expect(planLines(upgradeServer)).toEqual([]);
  });

  it('shows the outcome of a change and a cleared action in the message', () => {
    // Arrange
    const model = vm({
      review: review({
        outcomes: ['Done 24 Nov: Add 2 servers (2 → 4) — Server CPU 82% → 45%'],
        cleared: ['Cleared: Memory back under 80% for 2 weeks'],
      }),
    });
    // Act
    const { blocks } = buildScalingIndicators(model);
    // Assert
    const texts = blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));
    expect(texts).toContain(
      '*Since the changes*\nDone 24 Nov: Add 2 servers (2 → 4) — Server CPU 82% → 45%\nCleared: Memory back under 80% for 2 weeks',
    );
  });
});
