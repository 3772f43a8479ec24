import { describe, expect, it } from 'vitest';
import {
  channelMention,
  describeDelta,
  escapeMrkdwn,
  mention,
  slackDate,
} from '../../blocks/text.js';

describe('mrkdwn text helpers', () => {
  it('writes Slack date tokens with a UTC fallback', () => {
    // Arrange: Sun 30 Mar 2025 01:30 UTC (the night of the EU spring-forward).
    const date = new Date('2025-03-30T01:30:45Z');
    // Act / Assert
    expect(slackDate(date)).toBe(
      '<!date^1743298245^{date_short_pretty} {time}|Sun 30 Mar 2025 01:30 UTC>',
    );
    expect(slackDate(date, 'date')).toBe('<!date^1743298245^{date_short_pretty}|Sun 30 Mar 2025>');
    expect(slackDate(date, 'longDate')).toBe(
      '<!date^1743298245^{date_long_pretty}|Sun 30 Mar 2025>',
    );
    expect(() => slackDate(new Date('nope'))).toThrow(RangeError);
  });

  it('escapes control characters and only mentions real-looking ids', () => {
    expect(escapeMrkdwn('a & <b> c')).toBe('a &amp; &lt;b&gt; c');
    expect(mention('U123ABC')).toBe('<@U123ABC>');
    expect(mention('W0ENT')).toBe('<@W0ENT>');
    expect(mention('<!channel>')).toBe('&lt;!channel&gt;');
    expect(channelMention('C0OPS')).toBe('<#C0OPS>');
    expect(channelMention('#ops')).toBe('#ops');
  });

  it('words deltas in the indicator unit, and says "no change" when they round to zero', () => {
    expect(describeDelta(6, '%')).toBe('+6 pts');
    expect(describeDelta(-2.54, '%')).toBe('-2.5 pts');
    expect(describeDelta(0.04, '%')).toBe('no change');
    expect(describeDelta(-40, 'ms')).toBe('-40ms');
    expect(describeDelta(1229, 'MB')).toBe('+1.2 GB');
    expect(describeDelta(-300, 'MB')).toBe('-300 MB');
    expect(describeDelta(0.2, 'MB')).toBe('no change');
    expect(describeDelta(1200, 'conversations/month')).toBe('+1,200');
    expect(describeDelta(0, 'conversations/month')).toBe('no change');
  });
});
