import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import { onlyReply, visibleText } from './helpers.js';

let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness({ fakeSlack: { users: { U1ANA: { tz: 'Europe/Paris' } } } });
});

afterAll(async () => {
  await h?.close();
});

describe('/scale commands over signed HTTP', () => {
  it('`/scale` alone answers the Scaling Indicators ephemerally', async () => {
    // Act
    const sent = await h.command('');
    const reply = await onlyReply(h, sent.responseId);
    // Assert
    expect(sent.response.status).toBe(200);
    expect(reply.response_type).toBe('ephemeral');
    expect(visibleText(reply)).toContain('Scaling Indicators');
    expect(visibleText(reply)).toContain('Acknowledge');
  });

  it('a first review says when forecasts start, once, instead of listing every indicator', async () => {
    // Act
    const reply = await onlyReply(
      h,
      (await h.command('', { team_id: 'T0FIRSTREVIEW' })).responseId,
    );
    // Assert
    const text = visibleText(reply);
    expect(text).toContain(
      ':chart_with_upwards_trend: Forecasts start after 3 weekly reviews (this is the first).',
    );
    expect(text).not.toContain('No forecast date');
  });

  it('`/scale status public` posts in the channel', async () => {
    const sent = await h.command('status public');
    const reply = await onlyReply(h, sent.responseId);
    expect(reply.response_type).toBe('in_channel');
    expect(visibleText(reply)).toContain('Scaling Indicators');
  });

  it('`/scale project 2k 30% 3` answers the projection table', async () => {
    const sent = await h.command('project 2k 30% 3');
    const reply = await onlyReply(h, sent.responseId);
    expect(reply.response_type).toBe('ephemeral');
    expect(visibleText(reply)).toContain('2,000 → 4,394 conversations/month in 3 months');
  });

  it('`/scale project 1000 80% 120` is capped at the plan horizon, saying which and why', async () => {
    const reply = await onlyReply(h, (await h.command('project 1000 80% 120')).responseId);
    const text = visibleText(reply);
    expect(text).toContain('Projection · 36 months at 80%/month');
    expect(text).toContain(
      "Capped at 36 months, the plan's horizon (`plan.growth.maxMonths`); you asked for 120.",
    );
    expect(String(reply.text)).toContain('in 36 months (capped from 120)');
  });

  it('`/scale cost next agents 10` answers the cost breakdown', async () => {
    const sent = await h.command('cost next agents 10');
    const reply = await onlyReply(h, sent.responseId);
    expect(reply.response_type).toBe('ephemeral');
    expect(visibleText(reply)).toMatch(/\$/);
  });

  it('`/scale history 3` lists the reviews made so far', async () => {
    const sent = await h.command('history 3');
    const reply = await onlyReply(h, sent.responseId);
    expect(visibleText(reply)).toContain('Review history');
    expect(visibleText(reply)).not.toContain('No reviews yet');
  });

  it('`/scale subscribe` defaults to Monday 09:00 in the user’s Slack timezone', async () => {
    // Act
    const sent = await h.command('subscribe', { channel_id: 'C0SUB' });
    const reply = await onlyReply(h, sent.responseId);
    const stored = await h.bot.deps.store.subscriptions.get('T0FAKE', 'C0SUB');
    // Assert
    expect(visibleText(reply)).toContain('Mon 09:00');
    expect(visibleText(reply)).toContain('Europe/Paris');
    expect(stored).toMatchObject({
      active: true,
      timezone: 'Europe/Paris',
      schedule: { weekday: 1, time: '09:00' },
    });
    expect(h.slack.calls('users.info').map((c) => c.args.user)).toContain('U1ANA');
  });

  it('`/scale subscribe fri 5pm America/New_York` keeps the given schedule and timezone', async () => {
    const sent = await h.command('subscribe fri 5pm America/New_York', { channel_id: 'C0SUB2' });
    const reply = await onlyReply(h, sent.responseId);
    const stored = await h.bot.deps.store.subscriptions.get('T0FAKE', 'C0SUB2');
    expect(visibleText(reply)).toContain('Fri 17:00');
    expect(stored).toMatchObject({
      timezone: 'America/New_York',
      schedule: { weekday: 5, time: '17:00' },
    });
  });

  it('`/scale unsubscribe` stops the digest, and says so when there was none', async () => {
    await h.command('subscribe', { channel_id: 'C0UNSUB' });
    await h.idle();
    const first = await h.command('unsubscribe', { channel_id: 'C0UNSUB' });
    await h.idle();
    const second = await h.command('unsubscribe', { channel_id: 'C0UNSUB' });
    expect(visibleText(await onlyReply(h, first.responseId))).toContain('no longer gets');
    expect(visibleText(await onlyReply(h, second.responseId))).toContain('had no weekly digest');
    expect(await h.bot.deps.store.subscriptions.get('T0FAKE', 'C0UNSUB')).toMatchObject({
      active: false,
    });
  });

  it('`/scale subscriptions` shows this channel’s digest, then the workspace’s others', async () => {
    // Arrange: a workspace of its own, two subscribed channels
    const team = 'T0SUBSLIST';
    await h.command('subscribe', { team_id: team, channel_id: 'C0LISTA' });
    await h.command('subscribe tue 17:00 America/New_York', {
      team_id: team,
      channel_id: 'C0LISTB',
    });
    await h.idle();
    // Act
    const inA = await onlyReply(
      h,
      (await h.command('subscriptions', { team_id: team, channel_id: 'C0LISTA' })).responseId,
    );
    const elsewhere = await onlyReply(
      h,
      (await h.command('subscriptions', { team_id: team, channel_id: 'C0LISTC' })).responseId,
    );
    // Assert
    const texts = (reply: Record<string, unknown>) =>
      (reply.blocks as { text?: { text?: string } }[]).map((b) => b.text?.text ?? '');
    const [, here, others] = texts(inA);
    expect(inA.response_type).toBe('ephemeral');
    expect(here).toContain(
      '*This channel* (<#C0LISTA>)\nevery *Mon 09:00* (Europe/Paris) · subscribed by <@U1ANA>',
    );
    expect(here).toContain('no digest sent yet');
    expect(others).toContain(
      '*Other channels*\n• <#C0LISTB>\n    every *Tue 17:00* (America/New_York)',
    );
    expect(texts(elsewhere)[1]).toBe(
      '*This channel* (<#C0LISTC>) gets no weekly digest. `/scale subscribe` starts one.',
    );
    expect(texts(elsewhere)[2]).toContain('• <#C0LISTA>');
  });

  it('`/scale help` lists every Slack command; `/scale help project` details one', async () => {
    const all = await onlyReply(h, (await h.command('help')).responseId);
    const one = await onlyReply(h, (await h.command('help project')).responseId);
    for (const name of [
      'status',
      'project',
      'cost',
      'history',
      'subscribe',
      'unsubscribe',
      'subscriptions',
      'help',
    ]) {
      expect(visibleText(all)).toContain(`/scale ${name}`);
    }
    expect(visibleText(one)).toContain('Example: /scale project 2k 30% 3');
    // No command-line flag in Slack's help
    const status = visibleText(await onlyReply(h, (await h.command('help status')).responseId));
    expect(status).not.toMatch(/--(metrics|save|team|json)/);
  });
});

describe('replies a user reads', () => {
  it('an unknown command shows the usage once, as a code block', async () => {
    const reply = await onlyReply(h, (await h.command('frobnicate')).responseId);
    const blocks = reply.blocks as { text?: { text?: string } }[];
    expect(String(reply.text).match(/Usage/g)).toHaveLength(1);
    expect(String(reply.text)).not.toContain('Usage: Usage:');
    expect(blocks[1]?.text?.text).toMatch(/^\*Usage\*\n```\n {2}\/scale status \[public\]\n/);
    expect(blocks[1]?.text?.text?.endsWith('\n```')).toBe(true);
  });

  it.each([
    ['Asia/Kolkata', 'C0KOLKATA'],
    ['Asia/Kathmandu', 'C0KATHMANDU'],
  ])('`/scale subscribe mon 9am %s` confirms the zone as given', async (zone, channel) => {
    const reply = await onlyReply(
      h,
      (await h.command(`subscribe mon 9am ${zone}`, { channel_id: channel })).responseId,
    );
    expect(visibleText(reply)).toContain(`(${zone})`);
    expect(await h.bot.deps.store.subscriptions.get('T0FAKE', channel)).toMatchObject({
      timezone: zone,
    });
  });

  it('a subscriber whose Slack zone is Asia/Kolkata sees Asia/Kolkata', async () => {
    h.slack.setUser('U9KOL', { tz: 'Asia/Kolkata' });
    const reply = await onlyReply(
      h,
      (await h.command('subscribe', { channel_id: 'C0KOLTZ', user_id: 'U9KOL' })).responseId,
    );
    expect(visibleText(reply)).toContain('(Asia/Kolkata)');
  });
});

describe('bad input gets an ephemeral reply naming the problem', () => {
  const cases = [
    ['status loud', '`loud` is unexpected'],
    ['project 2x', '`2x` is not a volume; try 2000 or 2k'],
    ['project', 'project needs a volume'],
    ['cost banana', '`banana` is not a stage'],
    ['cost 7', 'stage 7 does not exist; valid stages: 1, 2, 3, 4'],
    ['cost agents -1', 'is not a number of agents'],
    ['history abc', '`abc` is not a number of reviews'],
    ['history 0', 'out of range'],
    ['subscribe mon 25:00', 'is not a time'],
    ['subscribe mon 9am Mars/Base', 'is not a time zone'],
    ['unsubscribe now', '`now` is unexpected'],
    ['subscriptions --team T0OTHER', '`--team` only works in the command-line tool'],
    ['help nothing', '`nothing` is not a command'],
    ['help plan', 'command-line command'],
    ['plan', 'command-line command'],
    ['frobnicate', '`frobnicate` is not a command'],
  ] as const;

  it.each(cases)('`/scale %s`', async (text, problem) => {
    // Act
    const sent = await h.command(text);
    const reply = await onlyReply(h, sent.responseId);
    // Assert
    expect(sent.response.status).toBe(200);
    expect(await sent.response.text()).toBe('');
    expect(reply.response_type).toBe('ephemeral');
    expect(visibleText(reply)).toContain(':warning:');
    expect(visibleText(reply)).toContain(problem);
  });
});
