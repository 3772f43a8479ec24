import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BotHarness,
  startBotHarness,
  TEST_BOT_TOKEN,
  waitFor,
} from '../support/bot-harness.js';
import type { FakeChannel } from '../support/fake-slack.js';
import { slashCommandFields } from '../support/slack-request.js';
import { onlyReply, socketAck, visibleText } from './helpers.js';

/**
 * `/scale subscribe` checks at once that the bot can post where it is typed (conversations.info),
 * instead of confirming a digest that fails a week later with `channel_not_found`.
 */

const CHANNELS: Record<string, FakeChannel> = {
  C0IN: { name: 'ops' },
  C0OUT: { name: 'general', isMember: false },
  G0PRIV: { kind: 'private', isMember: false },
  G0MINE: { kind: 'private', name: 'infra' },
  C0MPIM: { kind: 'mpim' },
  C0ARCH: { isArchived: true },
};

const EVERY_SCOPE = [
  'commands',
  'chat:write',
  'users:read',
  'channels:history',
  'groups:history',
  'channels:read',
  'groups:read',
  'mpim:read',
];

describe('/scale subscribe over signed HTTP: where the bot can post', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ fakeSlack: { channels: CHANNELS } });
  });
  afterAll(async () => {
    await h?.close();
  });

  async function subscribeIn(channel: string) {
    const sent = await h.command('subscribe', { channel_id: channel });
    const reply = await onlyReply(h, sent.responseId);
    const stored = await h.bot.deps.store.subscriptions.get('T0FAKE', channel);
    return { status: sent.response.status, text: visibleText(reply), reply, stored };
  }

  it('subscribes a public channel the bot is in, after asking Slack', async () => {
    // Act
    const result = await subscribeIn('C0IN');
    // Assert
    expect(result.text).toContain(':white_check_mark: <#C0IN> gets the weekly Scaling Indicators');
    expect(result.stored).toMatchObject({ active: true });
    expect(h.slack.calls('conversations.info').map((c) => c.args.channel)).toContain('C0IN');
  });

  it('subscribes a private channel the bot was invited to', async () => {
    const result = await subscribeIn('G0MINE');
    expect(result.text).toContain('gets the weekly Scaling Indicators');
    expect(result.stored).toMatchObject({ active: true });
  });

  it('refuses a public channel the bot is not in, saying how to invite it', async () => {
    // Act
    const result = await subscribeIn('C0OUT');
    // Assert
    expect(result.status).toBe(200);
    expect(result.reply.response_type).toBe('ephemeral');
    expect(result.text).toContain(
      'Scale Review is not a member of this channel, so it could not post the digest here. Invite it with `/invite @Scale Review`, then run `/scale subscribe` again.',
    );
    expect(result.stored).toBeNull();
  });

  it('refuses a private channel the bot cannot see', async () => {
    const result = await subscribeIn('G0PRIV');
    expect(result.text).toContain('Scale Review cannot see this conversation');
    expect(result.text).toContain('invite it first with `/invite @Scale Review`');
    expect(result.stored).toBeNull();
  });

  it('refuses a direct message without asking Slack, and a group DM', async () => {
    // Arrange
    const before = h.slack.calls('conversations.info').length;
    // Act
    const dm = await subscribeIn('D0DM');
    const infoCalls = h.slack.calls('conversations.info').length - before;
    const group = await subscribeIn('C0MPIM');
    // Assert
    expect(dm.text).toContain('The weekly digest goes to a channel, and this is a direct message.');
    expect(infoCalls).toBe(0);
    expect(group.text).toContain('The weekly digest goes to a channel, and this is a group DM.');
    expect([dm.stored, group.stored]).toEqual([null, null]);
  });

  it('refuses an archived channel', async () => {
    const result = await subscribeIn('C0ARCH');
    expect(result.text).toContain('This channel is archived, so it cannot get the weekly digest.');
    expect(result.stored).toBeNull();
  });

  it('says so when Slack cannot be asked, and subscribes nothing', async () => {
    // Arrange
    h.slack.script('conversations.info', { kind: 'slackError', error: 'ratelimited' });
    // Act
    const result = await subscribeIn('C0IN2');
    // Assert
    expect(result.text).toContain(
      'Scale Review could not check this channel with Slack just now (`ratelimited`), so nothing was subscribed. Try again in a minute.',
    );
    expect(result.stored).toBeNull();
    expect(h.logs.join('')).toContain('conversations.info refused at subscribe');
  });
});

describe('/scale subscribe when the app lacks a read scope', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({
      fakeSlack: {
        channels: CHANNELS,
        tokenScopes: { [TEST_BOT_TOKEN]: EVERY_SCOPE.filter((s) => s !== 'groups:read') },
      },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('names the scope to add, and subscribes nothing', async () => {
    // Act
    const sent = await h.command('subscribe', { channel_id: 'G0MINE' });
    const reply = await onlyReply(h, sent.responseId);
    // Assert
    expect(visibleText(reply)).toContain(
      "Scale Review could not check this channel: its Slack app lacks the `groups:read` scope. Add it under *OAuth &amp; Permissions → Scopes → Bot Token Scopes* in the app's settings",
    );
    expect(await h.bot.deps.store.subscriptions.get('T0FAKE', 'G0MINE')).toBeNull();
    expect(h.logs.join('')).toContain('subscribe cannot check the channel: a scope is missing');
  });
});

describe('/scale subscribe in Socket Mode', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ socket: true, fakeSlack: { channels: CHANNELS } });
  });
  afterAll(async () => {
    await h?.close();
  });

  async function viaSocket(id: string, channel: string) {
    h.slack.sendSocketMessage({
      envelope_id: id,
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: slashCommandFields({
        text: 'subscribe',
        channel_id: channel,
        response_url: h.slack.responseUrl(id),
      }),
    });
    const acked = await socketAck(h, id);
    const [reply] = await waitFor(() => {
      const posted = h.slack.responses(id);
      return posted.length > 0 ? posted : undefined;
    });
    return { acked, text: visibleText(reply?.payload as Record<string, unknown>) };
  }

  it('refuses a channel the bot is not in, and subscribes one it is in', async () => {
    // Act
    const out = await viaSocket('env-subscribe-out', 'C0OUT');
    const inside = await viaSocket('env-subscribe-in', 'C0IN');
    // Assert
    expect(out.acked).toBeDefined();
    expect(out.text).toContain('Scale Review is not a member of this channel');
    expect(inside.text).toContain('<#C0IN> gets the weekly Scaling Indicators');
    expect(await h.bot.deps.store.subscriptions.get('T0FAKE', 'C0OUT')).toBeNull();
    expect(await h.bot.deps.store.subscriptions.get('T0FAKE', 'C0IN')).toMatchObject({
      active: true,
    });
  });
});
