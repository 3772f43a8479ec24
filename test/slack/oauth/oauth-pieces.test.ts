import { ErrorCode, type Installation, InvalidStateError, MissingCodeError } from '@slack/oauth';
import { WebAPIPlatformError } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { classifyInstallFailure } from '../../../src/slack/oauth/install-failures.js';
import { escapeHtml, installPage, successPage } from '../../../src/slack/oauth/install-pages.js';
import {
  InstallationShapeError,
  installationToInput,
  recordToInstallation,
} from '../../../src/slack/oauth/installation-mapping.js';
import { authorizationUrlFor } from '../../../src/slack/oauth/installer.js';
import { createStateStore, STATE_TTL_SECONDS } from '../../../src/slack/oauth/state-store.js';
import { sealContext } from '../../../src/tenancy/installation-tokens.js';
import { testSealer } from '../../support/oauth-harness.js';

/** The install flow's parts on their own: the state, the mapping, the failure reasons, the pages. */

const NOW = new Date('2026-12-01T10:00:00Z');
const OPTIONS = {
  scopes: ['commands', 'chat:write'],
  redirectUri: 'https://x.test/slack/oauth_redirect',
};

describe('the OAuth state', () => {
  it('round-trips the install options within 10 minutes and refuses it after, on the app clock', async () => {
    // Arrange
    let now = NOW;
    const states = createStateStore('state-secret-of-more-than-32-characters', () => now);
    const state = await states.generateStateParam(OPTIONS, new Date(0));
    // Act
    now = new Date(NOW.getTime() + STATE_TTL_SECONDS * 1000);
    const inTime = await states.verifyStateParam(new Date(0), state);
    now = new Date(NOW.getTime() + STATE_TTL_SECONDS * 1000 + 1);
    const late = await states.verifyStateParam(new Date(0), state).catch((e: unknown) => e);
    // Assert
    expect(inTime).toEqual(OPTIONS);
    expect(late).toBeInstanceOf(InvalidStateError);
  });

  it('refuses a state signed with another secret or altered', async () => {
    // Arrange
    const mine = createStateStore('state-secret-of-more-than-32-characters', () => NOW);
    const theirs = createStateStore('another-secret-of-more-than-32-characters', () => NOW);
    const state = await theirs.generateStateParam(OPTIONS, NOW);
    const [payload = '', mac = ''] = (await mine.generateStateParam(OPTIONS, NOW)).split('.');
    const altered = `${payload.slice(0, -1)}${payload.endsWith('A') ? 'B' : 'A'}.${mac}`;
    // Act
    const results = await Promise.all(
      [state, altered, 'garbage', `${payload}.${mac}.x`].map((s) =>
        mine.verifyStateParam(NOW, s).catch((e: unknown) => e),
      ),
    );
    // Assert
    for (const result of results) expect(result).toBeInstanceOf(InvalidStateError);
  });
});

describe('the installation mapping', () => {
  const sealer = testSealer();
  const orgWide: Installation<'v2', true> = {
    team: undefined,
    enterprise: { id: 'E0ORG', name: 'Org' },
    user: { id: 'U1ADMIN', token: undefined, scopes: undefined },
    bot: {
      token: 'xoxe.xoxb-1-abc',
      refreshToken: 'xoxe-1-refresh',
      expiresAt: 1_000_000 + 43_200,
      scopes: ['commands'],
      id: 'B0ORG',
      userId: 'U0ORGBOT',
    },
    appId: 'A0SCALE',
    tokenType: 'bot',
    isEnterpriseInstall: true,
    authVersion: 'v2',
  };

  it('keys an org-wide install by its org, seals both tokens and carries the expiry to the app clock', () => {
    // Act
    const input = installationToInput(orgWide, { sealer, now: NOW, libraryNowSeconds: 1_000_000 });
    // Assert
    expect(input).toMatchObject({
      key: 'E0ORG',
      teamId: null,
      enterpriseId: 'E0ORG',
      isEnterpriseInstall: true,
      installerUserId: 'U1ADMIN',
      botTokenExpiresAt: new Date(NOW.getTime() + 43_200_000),
    });
    expect(sealer.open(input.botToken, sealContext('E0ORG', 'botToken'))).toBe('xoxe.xoxb-1-abc');
    expect(sealer.open(input.refreshToken ?? '', sealContext('E0ORG', 'refreshToken'))).toBe(
      'xoxe-1-refresh',
    );
    expect(JSON.stringify(input)).not.toContain('xoxe');
  });

  it('reads a record back as the library installation, tokens opened', () => {
    // Arrange
    const input = installationToInput(orgWide, { sealer, now: NOW, libraryNowSeconds: 1_000_000 });
    // Act
    const back = recordToInstallation({ ...input, version: 1, updatedAt: NOW }, sealer);
    // Assert
    expect(back).toMatchObject({
      enterprise: { id: 'E0ORG', name: 'Org' },
      isEnterpriseInstall: true,
      bot: { token: 'xoxe.xoxb-1-abc', refreshToken: 'xoxe-1-refresh', userId: 'U0ORGBOT' },
    });
    expect(back.team).toBeUndefined();
  });

  it('refuses an install without a bot token, naming no secret', () => {
    // Arrange
    const { bot: _bot, ...noBot } = orgWide;
    // Act
    const act = () => installationToInput(noBot, { sealer, now: NOW, libraryNowSeconds: 0 });
    // Assert
    expect(act).toThrow(InstallationShapeError);
    expect(act).toThrow(
      'the installation from Slack has no bot token or an unexpected shape (bot)',
    );
  });
});

describe('why an install failed', () => {
  const platform = (error: string) => new WebAPIPlatformError({ ok: false, error });

  it.each([
    [new Error('cancelled'), '/slack/oauth_redirect?error=access_denied&state=s', 'denied', 200],
    [new InvalidStateError('x'), '/slack/oauth_redirect?code=c&state=s', 'state', 400],
    [new MissingCodeError('x'), '/slack/oauth_redirect?error=invalid_scope', 'no-code', 400],
    [platform('invalid_code'), '/slack/oauth_redirect?code=c&state=s', 'exchange', 502],
    [new InstallationShapeError('x'), '/slack/oauth_redirect?code=c', 'incomplete', 502],
    [new Error('store down'), '/slack/oauth_redirect?code=c', 'store', 500],
  ])('%s at %s is %s (%i)', (error, url, failure, status) => {
    expect(classifyInstallFailure(error, url)).toMatchObject({ failure, status });
  });

  it("keeps Slack's error code and never the code or state of the redirect", () => {
    expect(classifyInstallFailure(platform('invalid_code'), '/r?code=SECRETCODE&state=S')).toEqual({
      failure: 'exchange',
      status: 502,
      slackError: 'invalid_code',
    });
    expect(ErrorCode.InvalidStateError).toBe('slack_oauth_invalid_state');
  });
});

describe('the pages and the authorize URL', () => {
  it("points at Slack's authorize page, or SLACK_API_URL's origin", () => {
    expect(authorizationUrlFor(undefined)).toBe('https://slack.com/oauth/v2/authorize');
    expect(authorizationUrlFor('http://127.0.0.1:9999/api/')).toBe(
      'http://127.0.0.1:9999/oauth/v2/authorize',
    );
  });

  it('escapes what it shows', () => {
    expect(installPage('https://slack.test/a?x=1&y="2"')).toContain(
      'href="https://slack.test/a?x=1&amp;y=&quot;2&quot;"',
    );
    expect(successPage({ name: '<b>Acme</b>', orgWide: false, next: null })).toContain(
      escapeHtml('<b>Acme</b>'),
    );
  });
});
