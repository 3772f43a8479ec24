import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Installation,
  InstallProvider,
  LogLevel,
  MemoryInstallationStore,
} from '@slack/oauth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, FakeSlack } from './fake-slack.js';
import { installThroughBrowser } from './fake-slack-install.js';
import { refreshWith } from './fake-slack-oauth-steps.js';

/**
 * Slack's own @slack/oauth (the InstallProvider Bolt uses) against the fake: the install page, the
 * authorize redirect, the callback's code exchange, auth.test, and a token refresh. That the real
 * library parses every answer is what shows the fake's shapes are Slack's.
 */

let fake: FakeSlack;
let app: Server;
let appUrl: string;
let store: MemoryInstallationStore;
let installer: InstallProvider;

beforeEach(async () => {
  fake = new FakeSlack({ workspaces: [{ teamId: 'T0ALPHA', teamName: 'Alpha' }] });
  await fake.start();
  app = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://app').pathname;
    if (path === '/slack/install') void installer.handleInstallPath(req, res);
    else if (path === '/slack/oauth_redirect')
      void installer.handleCallback(req, res, {
        success: (_installation, _options, _req, response) => response.end('installed'),
        failure: (error, _options, _req, response) => {
          response.writeHead(500);
          response.end(error.code);
        },
      });
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  store = new MemoryInstallationStore();
  installer = new InstallProvider({
    clientId: FAKE_CLIENT_ID,
    clientSecret: FAKE_CLIENT_SECRET,
    stateSecret: 'state-secret-not-real',
    installationStore: store,
    installUrlOptions: {
      scopes: ['chat:write', 'commands'],
      redirectUri: `${appUrl}/slack/oauth_redirect`,
    },
    authorizationUrl: fake.authorizeUrl(),
    clientOptions: { slackApiUrl: fake.apiUrl() },
    logger: quiet,
  });
});

afterEach(async () => {
  app.closeAllConnections();
  await new Promise<void>((resolve) => app.close(() => resolve()));
  await fake.close();
});

/** The library logs a cancelled install as an error; this test expects it. */
const quiet = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

const installed = (teamId: string) =>
  store.fetchInstallation({ teamId, isEnterpriseInstall: false, enterpriseId: undefined });

describe('FakeSlack OAuth through @slack/oauth', () => {
  it('installs a workspace from the install page to the stored installation', async () => {
    // Arrange
    fake.oauth.approveNext({ teamId: 'T0ALPHA', userId: 'U1BOB' });
    // Act
    const walk = await installThroughBrowser(`${appUrl}/slack/install`);
    // Assert
    expect(walk.authorizeUrl.searchParams.get('client_id')).toBe(FAKE_CLIENT_ID);
    expect(walk.callbackUrl.searchParams.get('state')).toBe(
      walk.authorizeUrl.searchParams.get('state'),
    );
    expect([walk.callback.status, await walk.callback.text()]).toEqual([200, 'installed']);
    const installation: Installation = await installed('T0ALPHA');
    expect(installation).toMatchObject({
      team: { id: 'T0ALPHA', name: 'Alpha' },
      user: { id: 'U1BOB' },
      tokenType: 'bot',
      isEnterpriseInstall: false,
      appId: 'A0SCALE',
      authVersion: 'v2',
      bot: {
        scopes: ['chat:write', 'commands'],
        token: fake.tokensOf('T0ALPHA')[0]?.token,
        userId: 'U0BOTT0ALPHA',
        id: 'B0BOTT0ALPHA',
      },
    });
    expect(installation.enterprise).toBeUndefined();
    expect(installation.bot?.refreshToken).toBeUndefined();
    expect(fake.calls().map((c) => c.method)).toEqual([
      'oauth.v2.authorize',
      'oauth.v2.access',
      'auth.test',
    ]);
  });

  it('stores the refresh token with rotation on, and refreshes through authorize()', async () => {
    // Arrange
    fake.oauth.setTokenRotation(true);
    fake.oauth.approveNext({ teamId: 'T0ALPHA' });
    const before = Math.floor(Date.now() / 1000);
    await installThroughBrowser(`${appUrl}/slack/install`);
    const first = await installed('T0ALPHA');
    const firstRefresh = first.bot?.refreshToken;
    // The library refreshes a token within 2 hours of expiry (by the real clock): make it so.
    if (first.bot) first.bot.expiresAt = before;
    // Act
    const auth = await installer.authorize({
      teamId: 'T0ALPHA',
      isEnterpriseInstall: false,
      enterpriseId: undefined,
    });
    const reused = await refreshWith(fake, firstRefresh);
    // Assert
    expect(firstRefresh).toMatch(/^xoxe-1-/);
    expect(first.bot?.token).toMatch(/^xoxe\.xoxb-1-/);
    expect(auth.botToken).toMatch(/^xoxe\.xoxb-1-/);
    expect(auth.botToken).not.toBe(fake.tokensOf('T0ALPHA')[0]?.token);
    expect(auth.botRefreshToken).not.toBe(firstRefresh);
    expect(auth.botTokenExpiresAt).toBeGreaterThanOrEqual(before + 43_200);
    expect((await installed('T0ALPHA')).bot?.token).toBe(auth.botToken);
    expect(fake.calls('oauth.v2.access').map((c) => c.args.grant_type)).toEqual([
      undefined,
      'refresh_token',
      'refresh_token',
    ]);
    expect(reused).toStrictEqual({ ok: false, error: 'invalid_refresh_token' });
  });

  it('stores nothing when the user cancels', async () => {
    // Arrange
    fake.oauth.approveNext({ deny: true });
    // Act
    const walk = await installThroughBrowser(`${appUrl}/slack/install`);
    // Assert
    expect(walk.callbackUrl.searchParams.get('error')).toBe('access_denied');
    expect([walk.callback.status, await walk.callback.text()]).toEqual([
      500,
      'slack_oauth_installer_authorization_error',
    ]);
    expect(await installed('T0ALPHA')).toBeUndefined();
    expect(fake.calls('oauth.v2.access')).toEqual([]);
  });
});
