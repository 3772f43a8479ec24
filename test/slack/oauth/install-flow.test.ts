import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealContext } from '../../../src/tenancy/installation-tokens.js';
import { dumpStore, rawText } from '../../store/support/raw-dump.js';
import { waitFor } from '../../support/bot-harness.js';
import { FAKE_CLIENT_SECRET } from '../../support/fake-slack.js';
import { sendAppHomeOpened } from '../../support/fake-slack-events.js';
import {
  ALPHA,
  BETA,
  GRID,
  type OAuthHarness,
  startOAuthHarness,
  TEST_SEALING_KEYS,
  TEST_STATE_SECRET,
  testSealer,
} from '../../support/oauth-harness.js';
import { authorizeAt, followRedirect, openInstallPage, textOf } from './browser-steps.js';
import { storeVariants } from './stores.js';

/**
 * OAuth mode end to end: the real bot (Bolt, HTTP) over the fake Slack, on each store. Two
 * workspaces install through the browser; their installations are stored sealed; each one's
 * requests are served with its own token (the fake refuses a token it did not issue, and records
 * the workspace a token acts in); the state check refuses a redirect that is not the browser's.
 */

const GAMMA = { teamId: 'T0GAMMA', teamName: 'Gamma' };

describe.each(storeVariants())('the install flow, $name store', (variant) => {
  let h: OAuthHarness;
  const start = new Date('2026-12-01T10:32:00Z');

  beforeAll(async () => {
    h = await startOAuthHarness({
      workspaces: [ALPHA, BETA, GAMMA, GRID],
      env: variant.env(),
      now: start,
    });
  });
  afterAll(async () => {
    await h?.close();
    await variant.cleanup();
  });

  const botTokenOf = (teamOrOrg: string) =>
    h.slack.tokensOf(teamOrOrg).filter((t) => t.kind === 'bot' && !t.revoked)[0]?.token;

  it('makes no Slack call at start and serves the install page with the state cookie', async () => {
    // Arrange
    const callsAtStart = h.slack.calls().length;
    // Act
    const page = await openInstallPage(h.installUrl);
    // Assert
    expect(callsAtStart).toBe(0);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(textOf(page.html)).toContain('Press Add to Slack');
    expect(page.cookie).toMatch(/^slack-app-oauth-state=.+/);
    expect(page.authorizeUrl.origin + page.authorizeUrl.pathname).toBe(h.slack.authorizeUrl());
    expect(Object.fromEntries(page.authorizeUrl.searchParams)).toMatchObject({
      client_id: '1111111111.2222222222',
      redirect_uri: `${h.baseUrl}/slack/oauth_redirect`,
      scope: expect.stringContaining('commands,chat:write'),
      state: page.cookie.slice('slack-app-oauth-state='.length),
    });
    expect(page.authorizeUrl.searchParams.has('user_scope')).toBe(false);
  });

  it('installs two workspaces, each stored with its tokens sealed', async () => {
    // Act
    const alpha = await h.install({ teamId: ALPHA.teamId, userId: 'U1ALPHA' });
    const beta = await h.install({ teamId: BETA.teamId, userId: 'U1BETA' });
    // Assert
    expect(alpha.callback.status).toBe(200);
    expect(textOf(await alpha.callback.text())).toContain('installed in Alpha.');
    expect(textOf(await beta.callback.text())).toContain('installed in Beta.');
    const store = h.rawStore();
    const sealer = testSealer();
    for (const [team, user] of [
      [ALPHA.teamId, 'U1ALPHA'],
      [BETA.teamId, 'U1BETA'],
    ] as const) {
      const record = await store.installations.get(team);
      expect(record).toMatchObject({
        key: team,
        teamId: team,
        isEnterpriseInstall: false,
        installerUserId: user,
        refreshToken: null,
        botTokenExpiresAt: null,
        botUserId: `U0BOT${team}`,
        botId: `B0BOT${team}`,
      });
      expect(record?.botToken).toMatch(/^sr1\.k1\./);
      expect(sealer.open(record?.botToken ?? '', sealContext(team, 'botToken'))).toBe(
        botTokenOf(team),
      );
      expect(await store.workspaces.get(team)).toMatchObject({
        status: 'active',
        externalId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
    }
    const raw = rawText(await dumpStore(store));
    expect(raw).not.toMatch(/xox[bpe]/);
    for (const token of h.slack.tokensOf()) expect(raw).not.toContain(token.token);
  });

  it("serves each workspace's requests with that workspace's own token", async () => {
    // Arrange: both installed by the test above
    const alphaToken = botTokenOf(ALPHA.teamId);
    const betaToken = botTokenOf(BETA.teamId);
    // Act
    await sendAppHomeOpened(h.slack, h.eventsUrl, ALPHA.teamId, 'U1ALPHA');
    await sendAppHomeOpened(h.slack, h.eventsUrl, BETA.teamId, 'U1BETA');
    await h.command('subscribe', { team_id: ALPHA.teamId, channel_id: 'C0ALPHA', user_id: 'U1A' });
    await h.command('subscribe', { team_id: BETA.teamId, channel_id: 'C0BETA', user_id: 'U1B' });
    await waitFor(() => h.slack.team(BETA.teamId).homeView('U1BETA'));
    await waitFor(() => h.slack.team(ALPHA.teamId).homeView('U1ALPHA'));
    await h.idle();
    // Assert
    const alpha = h.slack.team(ALPHA.teamId).calls();
    const beta = h.slack.team(BETA.teamId).calls();
    expect(alpha.map((c) => c.method)).toEqual(
      expect.arrayContaining(['views.publish', 'conversations.info']),
    );
    expect(beta.map((c) => c.method)).toEqual(
      expect.arrayContaining(['views.publish', 'conversations.info']),
    );
    expect(new Set(alpha.map((c) => c.token))).toEqual(new Set([alphaToken]));
    expect(new Set(beta.map((c) => c.token))).toEqual(new Set([betaToken]));
    const apiCalls = h.slack.calls().filter((c) => c.method !== 'oauth.v2.authorize');
    expect(apiCalls.filter((c) => c.status !== 200 || c.error !== undefined)).toEqual([]);
  });

  it('runs nothing for a workspace that has not installed the app', async () => {
    // Arrange
    const before = h.slack.calls().length;
    // Act
    const answer = await sendAppHomeOpened(h.slack, h.eventsUrl, GAMMA.teamId, 'U1GAMMA');
    await h.idle();
    // Assert
    expect(answer.status).toBe(200);
    expect(h.slack.calls().length).toBe(before);
    expect(h.logs.join('')).toContain('no installation for T0GAMMA');
  });

  it("refuses a redirect whose state is not this browser's, and stores nothing", async () => {
    // Arrange: two install pages (two browsers); Slack approves the first one's link
    const mine = await openInstallPage(h.installUrl);
    const other = await openInstallPage(h.installUrl);
    h.slack.oauth.approveNext({ teamId: GAMMA.teamId });
    const callback = await authorizeAt(mine.authorizeUrl);
    const exchanges = h.slack.calls('oauth.v2.access').length;
    // Act: the redirect arrives in the other browser, then with no cookie at all
    const crossed = await followRedirect(callback, other.cookie);
    const bare = await followRedirect(callback, '');
    // Assert
    for (const page of [crossed, bare]) {
      expect(page.status).toBe(400);
      expect(textOf(page.html)).toContain('expired or was opened in another browser');
    }
    expect(h.slack.calls('oauth.v2.access').length).toBe(exchanges);
    expect(await h.rawStore().installations.get(GAMMA.teamId)).toBeNull();
  });

  it('refuses a forged state and a state older than 10 minutes', async () => {
    // Arrange
    const page = await openInstallPage(h.installUrl);
    h.slack.oauth.approveNext({ teamId: GAMMA.teamId });
    const callback = await authorizeAt(page.authorizeUrl);
    const state = callback.searchParams.get('state') ?? '';
    const forged = new URL(callback);
    const tampered = `${state.slice(0, -2)}${state.endsWith('AA') ? 'BB' : 'AA'}`;
    forged.searchParams.set('state', tampered);
    // Act
    const forgedPage = await followRedirect(forged, `slack-app-oauth-state=${tampered}`);
    h.setNow(new Date(start.getTime() + 11 * 60_000));
    const latePage = await followRedirect(callback, page.cookie);
    h.setNow(start);
    // Assert
    expect(forgedPage.status).toBe(400);
    expect(latePage.status).toBe(400);
    expect(textOf(latePage.html)).toContain('has expired');
    expect(await h.rawStore().installations.get(GAMMA.teamId)).toBeNull();
  });

  it('says the install was cancelled when the user cancels', async () => {
    // Act
    const walk = await h.install({ deny: true });
    // Assert
    expect(walk.callback.status).toBe(200);
    expect(textOf(await walk.callback.text())).toContain('The install was cancelled');
    expect(await h.rawStore().installations.get(GAMMA.teamId)).toBeNull();
  });

  it('stores an org-wide install under the org and serves its workspaces with its token', async () => {
    // Act
    const walk = await h.install({ teamId: GRID.teamId, orgWide: true, userId: 'U1ORGADMIN' });
    await sendAppHomeOpened(h.slack, h.eventsUrl, GRID.teamId, 'U1GRID');
    await waitFor(() => h.slack.team(GRID.teamId).homeView('U1GRID'));
    // Assert
    expect(walk.callback.status).toBe(200);
    expect(textOf(await walk.callback.text())).toContain('installed in the Org organization');
    expect(await h.rawStore().installations.get('E0ORG')).toMatchObject({
      key: 'E0ORG',
      teamId: null,
      enterpriseId: 'E0ORG',
      enterpriseName: 'Org',
      isEnterpriseInstall: true,
    });
    expect(await h.rawStore().installations.get(GRID.teamId)).toBeNull();
    const publish = h.slack.team(GRID.teamId).calls('views.publish');
    expect(publish.map((c) => c.token)).toEqual([botTokenOf('E0ORG')]);
  });

  it('purges a workspace that had uninstalled before its reinstall is stored', async () => {
    // Arrange: Beta subscribed a channel (above), then uninstalled
    const store = h.rawStore();
    const before = await store.workspaces.get(BETA.teamId);
    expect(await store.subscriptions.list(BETA.teamId)).toHaveLength(1);
    await store.workspaces.markUninstalled(BETA.teamId, start, 7);
    await store.installations.delete(BETA.teamId);
    // Act
    const walk = await h.install({ teamId: BETA.teamId, userId: 'U1BETA2' });
    // Assert
    expect(walk.callback.status).toBe(200);
    expect(await store.subscriptions.list(BETA.teamId)).toEqual([]);
    expect(await store.installations.get(BETA.teamId)).toMatchObject({
      installerUserId: 'U1BETA2',
    });
    const after = await store.workspaces.get(BETA.teamId);
    expect(after).toMatchObject({ status: 'active', purgeAfter: null });
    expect(after?.externalId).not.toBe(before?.externalId);
    expect(await store.subscriptions.list(ALPHA.teamId)).toHaveLength(1);
  });

  it('keeps the settings and external id of an active workspace that installs again', async () => {
    // Arrange
    const store = h.rawStore();
    const before = await store.workspaces.get(ALPHA.teamId);
    // Act
    await h.install({ teamId: ALPHA.teamId, userId: 'U1ALPHA' });
    // Assert
    expect((await store.workspaces.get(ALPHA.teamId))?.externalId).toBe(before?.externalId);
    expect(await store.subscriptions.list(ALPHA.teamId)).toHaveLength(1);
  });

  it('logs no client secret, code, token, state secret or sealing key', () => {
    // Arrange: everything the tests above exchanged
    const codes = h.slack
      .calls('oauth.v2.access')
      .map((c) => c.args.code)
      .filter((code): code is string => typeof code === 'string');
    const tokens = h.slack.tokensOf().map((t) => t.token);
    const secrets = [
      FAKE_CLIENT_SECRET,
      TEST_STATE_SECRET,
      TEST_SEALING_KEYS.slice(3),
      ...codes,
      ...tokens,
    ];
    // Act
    const logs = h.logs.join('');
    // Assert
    expect(codes.length).toBeGreaterThanOrEqual(3);
    expect(tokens.length).toBeGreaterThanOrEqual(3);
    expect(logs).toContain('oauth.v2.access');
    expect(secrets.filter((secret) => logs.includes(secret))).toEqual([]);
  });
});
