import { request } from 'node:http';
import { ErrorCode, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack, type FakeSlackOptions } from './fake-slack.js';
import { decodeFrame } from './fake-slack-socket.js';
import { WAIT_DEADLINE_MS } from './wait.js';

const BOT_TOKEN = 'xoxb-fake-bot-token';

let fake: FakeSlack;
let apiUrl: string;

async function startFake(options: FakeSlackOptions = {}): Promise<WebClient> {
  fake = new FakeSlack(options);
  ({ apiUrl } = await fake.start());
  return new WebClient(BOT_TOKEN, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
}

afterEach(async () => {
  await fake?.close();
});

describe('FakeSlack: Web API methods through @slack/web-api', () => {
  let client: WebClient;
  beforeEach(async () => {
    client = await startFake({
      clock: () => 1_764_930_720_000,
      users: { U1ANA: { tz: 'Europe/Paris', name: 'ana' } },
    });
  });

  it('records a form-encoded postMessage with its blocks and metadata decoded, and stores the message', async () => {
    // Arrange
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }];
    const metadata = { event_type: 'scale_review_digest', event_payload: { period: '2025-W49' } };
    // Act
    const res = await client.chat.postMessage({ channel: 'C0OPS', text: 'hi', blocks, metadata });
    // Assert
    expect(res.ts).toMatch(/^1764930720\.\d{6}$/);
    expect(fake.calls('chat.postMessage')).toEqual([
      {
        method: 'chat.postMessage',
        args: { channel: 'C0OPS', text: 'hi', blocks, metadata },
        at: 1_764_930_720_000,
        token: BOT_TOKEN,
        status: 200,
      },
    ]);
    expect(fake.messages('C0OPS')).toMatchObject([
      { ts: res.ts, text: 'hi', blocks, metadata, edits: 0 },
    ]);
  });

  it('returns metadata from conversations.history only with include_all_metadata, newest first', async () => {
    // Arrange
    const metadata = { event_type: 'scale_review_digest', event_payload: { period: '2025-W49' } };
    const first = await client.chat.postMessage({ channel: 'C0OPS', text: 'one', metadata });
    const second = await client.chat.postMessage({ channel: 'C0OPS', text: 'two' });
    // Act
    const plain = await client.conversations.history({ channel: 'C0OPS' });
    const withMeta = await client.conversations.history({
      channel: 'C0OPS',
      include_all_metadata: true,
      limit: 1,
    });
    // Assert
    expect(plain.messages?.map((m) => [m.ts, m.metadata])).toEqual([
      [second.ts, undefined],
      [first.ts, undefined],
    ]);
    expect(withMeta.messages?.map((m) => m.ts)).toEqual([second.ts]);
    expect(withMeta.has_more).toBe(true);
    const next = await client.conversations.history({
      channel: 'C0OPS',
      include_all_metadata: true,
      cursor: withMeta.response_metadata?.next_cursor ?? '',
    });
    expect(next.messages?.[0]?.metadata).toEqual(metadata);
  });

  it('edits with chat.update and refuses an unknown ts', async () => {
    // Arrange
    const posted = await client.chat.postMessage({ channel: 'C0OPS', text: 'v1' });
    // Act
    await client.chat.update({ channel: 'C0OPS', ts: posted.ts ?? '', text: 'v2' });
    const missing = client.chat.update({ channel: 'C0OPS', ts: '1.000001', text: 'v3' });
    // Assert
    await expect(missing).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { error: 'message_not_found' },
    });
    expect(fake.messages('C0OPS')).toMatchObject([{ text: 'v2', edits: 1 }]);
  });

  it('says in users.info who administers or owns the workspace (an owner is an admin too)', async () => {
    // Arrange
    fake.setUser('U7ADM', { isAdmin: true });
    fake.setUser('U8OWN', { isOwner: true });
    // Act
    const [admin, owner] = await Promise.all([
      client.users.info({ user: 'U7ADM' }),
      client.users.info({ user: 'U8OWN' }),
    ]);
    // Assert
    expect(admin.user).toMatchObject({ is_admin: true, is_owner: false });
    expect(owner.user).toMatchObject({ is_admin: true, is_owner: true });
  });

  it('answers users.info with the configured timezone, and the others', async () => {
    // Act
    const ana = await client.users.info({ user: 'U1ANA' });
    const other = await client.users.info({ user: 'U9ZED' });
    const auth = await client.auth.test();
    const eph = await client.chat.postEphemeral({
      channel: 'C0OPS',
      user: 'U1ANA',
      text: 'only you',
    });
    const view = await client.views.publish({
      user_id: 'U1ANA',
      view: { type: 'home', blocks: [] },
    });
    const channel = await client.conversations.info({ channel: 'C0OPS' });
    // Assert
    expect(ana.user).toMatchObject({
      id: 'U1ANA',
      name: 'ana',
      tz: 'Europe/Paris',
      tz_offset: 3600,
    });
    expect(other.user).toMatchObject({
      id: 'U9ZED',
      tz: 'UTC',
      tz_offset: 0,
      is_admin: false,
      is_owner: false,
    });
    expect(auth).toMatchObject({ ok: true, team_id: 'T0FAKE', user_id: 'U0BOT', bot_id: 'B0BOT' });
    expect(eph.message_ts).toBeTypeOf('string');
    expect(fake.ephemerals()).toMatchObject([
      { channel: 'C0OPS', user: 'U1ANA', text: 'only you' },
    ]);
    expect(view.view).toMatchObject({ type: 'home', blocks: [] });
    expect(fake.homeView('U1ANA')).toEqual({ type: 'home', blocks: [] });
    expect(channel.channel).toMatchObject({ id: 'C0OPS', is_archived: false, is_member: true });
  });

  it('rejects more than 50 blocks like Slack (invalid_blocks), and an unknown method', async () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    await expect(
      client.chat.postMessage({ channel: 'C0OPS', text: 't', blocks }),
    ).rejects.toMatchObject({
      data: { error: 'invalid_blocks' },
    });
    await expect(client.apiCall('nope.nothing')).rejects.toMatchObject({
      data: { error: 'unknown_method' },
    });
  });

  it('uploads a file with files.uploadV2 and shows the share once processed', async () => {
    // Arrange
    await fake.close();
    client = await startFake({ fileSharesVisibleAfterInfoCalls: 2 });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const parent = await client.chat.postMessage({ channel: 'C0OPS', text: 'digest' });
    // Act
    await client.filesUploadV2({
      channel_id: 'C0OPS',
      thread_ts: parent.ts ?? '',
      file: png,
      filename: 'chart.png',
      title: 'Week 49',
    });
    const [file] = fake.files();
    const first = await client.files.info({ file: file?.id ?? '' });
    const second = await client.files.info({ file: file?.id ?? '' });
    // Assert
    expect(fake.uploadsReceived().map((u) => u.data)).toEqual([png]);
    expect(fake.calls().map((c) => c.method)).toEqual([
      'chat.postMessage',
      'files.getUploadURLExternal',
      'upload',
      'files.completeUploadExternal',
      'files.info',
      'files.info',
    ]);
    expect(first.file?.shares).toEqual({});
    expect(second.file?.shares).toEqual({
      public: { C0OPS: [{ ts: expect.any(String), thread_ts: parent.ts }] },
    });
    expect(second.file).toMatchObject({
      name: 'chart.png',
      title: 'Week 49',
      size: png.length,
      mimetype: 'image/png',
    });
  });
});

describe('FakeSlack: tokens and channels', () => {
  it('answers not_authed, invalid_auth and permanent channel errors', async () => {
    // Arrange
    const client = await startFake({
      validTokens: [BOT_TOKEN],
      knownChannelsOnly: true,
      channels: { C0OPS: {}, C0ARCH: { isArchived: true }, C0OUT: { isMember: false } },
    });
    const stranger = new WebClient('xoxb-wrong', {
      slackApiUrl: apiUrl,
      retryConfig: { retries: 0 },
    });
    // Act / Assert
    await expect(stranger.auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    await expect(client.chat.postMessage({ channel: 'C0GONE', text: 't' })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
    await expect(client.chat.postMessage({ channel: 'C0ARCH', text: 't' })).rejects.toMatchObject({
      data: { error: 'is_archived' },
    });
    await expect(client.chat.postMessage({ channel: 'C0OUT', text: 't' })).rejects.toMatchObject({
      data: { error: 'not_in_channel' },
    });
    const anonymous = await fetch(`${apiUrl}auth.test`, { method: 'POST' });
    expect(await anonymous.json()).toEqual({ ok: false, error: 'not_authed' });
  });

  it('answers conversations.info as Slack answers a bot, by kind of conversation', async () => {
    // Arrange
    const client = await startFake({
      channels: {
        C0IN: { name: 'ops' },
        C0OUT: { isMember: false },
        G0PRIV: { kind: 'private', isMember: false },
        G0MINE: { kind: 'private' },
        D0DM: { kind: 'im', isMember: false },
        C0MPIM: { kind: 'mpim', isMember: true },
        C0ARCH: { isArchived: true },
      },
    });
    const info = (channel: string) => client.conversations.info({ channel });
    // Act
    const results = {
      in: await info('C0IN'),
      out: await info('C0OUT'),
      mine: await info('G0MINE'),
      mpim: await info('C0MPIM'),
      arch: await info('C0ARCH'),
    };
    // Assert
    expect(results.in.channel).toMatchObject({ name: 'ops', is_channel: true, is_member: true });
    expect(results.out.channel).toMatchObject({ is_private: false, is_member: false });
    expect(results.mine.channel).toMatchObject({ is_private: true, is_member: true });
    expect(results.mpim.channel).toMatchObject({ is_mpim: true, is_channel: false });
    expect(results.arch.channel).toMatchObject({ is_archived: true });
    for (const hidden of ['G0PRIV', 'D0DM']) {
      await expect(info(hidden)).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    }
    await expect(client.chat.postMessage({ channel: 'G0PRIV', text: 't' })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
  });

  it('answers missing_scope to conversations.info without the scope of the conversation kind', async () => {
    // Arrange
    const client = await startFake({
      tokenScopes: { [BOT_TOKEN]: ['chat:write', 'channels:read'] },
      channels: { G0PRIV: { kind: 'private' } },
    });
    // Act
    const publicInfo = await client.conversations.info({ channel: 'C0PUB' });
    const privateInfo = client.conversations.info({ channel: 'G0PRIV' });
    // Assert
    expect(publicInfo.ok).toBe(true);
    await expect(privateInfo).rejects.toMatchObject({
      data: { error: 'missing_scope', needed: 'groups:read', provided: 'chat:write,channels:read' },
    });
  });

  it('accepts JSON bodies with a bearer token', async () => {
    // Arrange
    await startFake();
    // Act
    const res = await fetch(`${apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        authorization: `Bearer ${BOT_TOKEN}`,
      },
      body: JSON.stringify({
        channel: 'C0OPS',
        text: 'json',
        metadata: { event_type: 'x', event_payload: {} },
      }),
    });
    // Assert
    expect(await res.json()).toMatchObject({ ok: true, channel: 'C0OPS' });
    expect(fake.calls('chat.postMessage')[0]?.args).toEqual({
      channel: 'C0OPS',
      text: 'json',
      metadata: { event_type: 'x', event_payload: {} },
    });
  });
});

describe('FakeSlack: response_url', () => {
  it('records JSON payloads and refuses a sixth use like Slack', async () => {
    // Arrange
    await startFake();
    const url = fake.responseUrl('cmd-1');
    const post = (text: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text, response_type: 'ephemeral' }),
      });
    // Act
    const statuses: number[] = [];
    for (let i = 1; i <= 6; i += 1) statuses.push((await post(`answer ${i}`)).status);
    // Assert
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
    expect(fake.responses('cmd-1')[0]).toMatchObject({
      id: 'cmd-1',
      payload: { text: 'answer 1', response_type: 'ephemeral' },
      status: 200,
    });
    expect(fake.responses()).toHaveLength(6);
  });
});

describe('FakeSlack: socket mode', () => {
  it('opens a connection URL only for an app-level token, and says hello on the socket', async () => {
    // Arrange
    await startFake();
    const bot = new WebClient(BOT_TOKEN, { slackApiUrl: apiUrl, retryConfig: { retries: 0 } });
    const app = new WebClient('xapp-1-fake', { slackApiUrl: apiUrl, retryConfig: { retries: 0 } });
    await expect(bot.apps.connections.open()).rejects.toMatchObject({
      data: { error: 'not_allowed_token_type' },
    });
    const { url } = await app.apps.connections.open();
    // Act: a raw WebSocket handshake, then one masked text frame from the client.
    const target = new URL(url ?? '');
    const hello = await new Promise<string>((resolve, reject) => {
      const req = request({
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        headers: {
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
          'sec-websocket-version': '13',
        },
      });
      req.on('upgrade', (res, socket, head: Buffer) => {
        expect(res.headers['sec-websocket-accept']).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
        socket.on('error', () => undefined); // the fake resets it on close
        const onFrame = (data: Buffer) => {
          const payload = Buffer.from('{"envelope_id":"e1"}');
          const mask = Buffer.from([1, 2, 3, 4]);
          const masked = payload.map((b, i) => b ^ (mask[i % 4] ?? 0));
          socket.write(
            Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, Buffer.from(masked)]),
          );
          resolve(decodeFrame(data)?.payload.toString('utf8') ?? '');
        };
        // The hello frame may arrive with the handshake (in `head`) or just after it.
        if (head.length > 0) onFrame(head);
        else socket.once('data', onFrame);
      });
      req.on('error', reject);
      req.end();
    });
    // Assert
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=T\d+&app_id=A0SCALE$/);
    expect(JSON.parse(hello)).toMatchObject({
      type: 'hello',
      connection_info: { app_id: 'A0SCALE' },
    });
    await expect
      .poll(() => fake.socketConnections()[0]?.received, { timeout: WAIT_DEADLINE_MS })
      .toEqual([{ envelope_id: 'e1' }]);
    expect(fake.calls('apps.connections.open').map((c) => c.token)).toEqual([
      BOT_TOKEN,
      'xapp-1-fake',
    ]);
  });
});
