import { describe, expect, it } from 'vitest';
import { buildSubscriptions, type DigestSubscriptionLine } from '../../blocks/subscriptions.js';
import { hdr, md } from './helpers.js';

const SUBSCRIBED = new Date('2026-11-30T10:00:00Z');
const NEXT = new Date('2026-12-07T08:00:00Z');
const SENT = new Date('2026-11-30T08:00:05Z');
const unix = (d: Date) => Math.floor(d.getTime() / 1000);

const ops: DigestSubscriptionLine = {
  channelId: 'C0OPS',
  schedule: 'Mon 09:00',
  timezone: 'Europe/Paris',
  subscribedBy: 'U1ANA',
  subscribedAt: SUBSCRIBED,
  nextRunAt: NEXT,
  lastResult: null,
  problem: null,
};

const subscribedOn = `<!date^${unix(SUBSCRIBED)}^{date_short_pretty}|Mon 30 Nov 2026>`;
const nextAt = `<!date^${unix(NEXT)}^{date_short_pretty} {time}|Mon 7 Dec 2026 08:00 UTC>`;
const sentOn = `<!date^${unix(SENT)}^{date_short_pretty}|Mon 30 Nov 2026>`;

describe('buildSubscriptions', () => {
  it('shows this channel: who subscribed, when, the next run; and says there are no others', () => {
    expect(buildSubscriptions({ channelId: 'C0OPS', here: ops, others: [] })).toEqual({
      text: 'Weekly digests: 1 channel (this channel included)',
      blocks: [
        hdr(':calendar: Weekly digests'),
        md(
          [
            '*This channel* (<#C0OPS>)',
            `every *Mon 09:00* (Europe/Paris) · subscribed by <@U1ANA> ${subscribedOn}`,
            `next ${nextAt} · no digest sent yet`,
          ].join('\n'),
        ),
        md('No other channel of this workspace gets the weekly digest.'),
      ],
    });
  });

  it('lists the other channels with their last result and a channel Slack refuses', () => {
    // Arrange
    const late: DigestSubscriptionLine = {
      ...ops,
      channelId: 'C0LATE',
      lastResult: {
        status: 'sent',
        weekLabel: 'Week 49, 2026',
        at: SENT,
        detail: 'delayed from 2026-11-30T08:00:00.000Z',
      },
    };
    const gone: DigestSubscriptionLine = {
      ...ops,
      channelId: 'C0GONE',
      subscribedBy: 'U2BOB',
      lastResult: {
        status: 'failed',
        weekLabel: 'Week 49, 2026',
        at: SENT,
        detail: 'channel_not_found',
      },
      problem: { code: 'channel_not_found', since: SENT },
    };
    // Act
    const out = buildSubscriptions({ channelId: 'C0HERE', here: null, others: [late, gone] });
    // Assert
    const every = `every *Mon 09:00* (Europe/Paris) · subscribed by`;
    expect(out).toEqual({
      text: 'Weekly digests: 2 channels (this channel gets none)',
      blocks: [
        hdr(':calendar: Weekly digests'),
        md('*This channel* (<#C0HERE>) gets no weekly digest. `/scale subscribe` starts one.'),
        md(
          [
            '*Other channels*',
            '• <#C0LATE>',
            `    ${every} <@U1ANA> ${subscribedOn}`,
            `    next ${nextAt} · last digest Week 49, 2026, ${sentOn}, late`,
            '• <#C0GONE>',
            `    ${every} <@U2BOB> ${subscribedOn}`,
            `    next ${nextAt} · the Week 49, 2026 digest failed ${sentOn} (\`channel_not_found\`)`,
            `    :warning: Slack refuses to post here (\`channel_not_found\`) since ${sentOn}: invite the app (\`/invite @Scale Review\`) or run \`/scale unsubscribe\` there.`,
          ].join('\n'),
        ),
      ],
    });
  });
});
