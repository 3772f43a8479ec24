import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/bootstrap/logger.js';
import { REDACT_PATHS, scrubSecrets } from '../../src/logging/secrets.js';
import { createSealer } from '../../src/secrets/sealer.js';
import { sealingKey } from '../secrets/keys.js';

const CLIENT_ID = '1234567890.0987654321';
const CLIENT_SECRET = '5c0f8e2a9d7b4c1e8f3a6b9d2c5e8f1a';
const CODE = '1234567890.987654321.4f9c2b7e1a8d5f3c6b9e2a7d4c1f8b5e';
const REFRESH = 'xoxe-1-My0xLTE0NTU3MDcyNTQ0MjItMTQ1NTcx+OTQz/NDkzMS0xNDU1=';
const ROTATING = 'xoxe.xoxb-1-Mi0yLTE0NTU3MDcyNTQ0MjItMTQ1NTcwNzI1NDQ0Ni0xNDU1';

/** What @slack/web-api 8 writes at debug level before a call (WebClient.makeRequest). */
const bodyLine = (params: Record<string, string>) => `http request body: ${JSON.stringify(params)}`;

describe('scrubSecrets: Slack tokens', () => {
  it.each([
    ['a bot token', 'xoxb-1111-2222-abcDEF', 'xoxb-[redacted]'],
    ['a refresh token', REFRESH, 'xoxe-[redacted]'],
    ['a rotating bot token, xoxe. included', ROTATING, 'xoxb-[redacted]'],
    ['a rotating user token', 'xoxe.xoxp-1-abc_DEF+ghi/jkl=', 'xoxp-[redacted]'],
    ['an app token', 'xapp-1-A0-123-abc', 'xapp-[redacted]'],
    ['a URL-encoded token', 'xoxe-1-abc%2Bdef%3D', 'xoxe-[redacted]'],
  ])('masks %s whole', (_, token, masked) => {
    // Act
    const out = scrubSecrets(`refreshing with ${token} now`);

    // Assert
    expect(out).toBe(`refreshing with ${masked} now`);
  });
});

describe('scrubSecrets: the OAuth exchange as @slack/web-api logs it', () => {
  it('masks the client secret and the code of oauth.v2.access (the install)', () => {
    // Arrange
    const line = bodyLine({
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      code: CODE,
      redirect_uri: 'https://scale-review.example.com/slack/oauth_redirect',
    });

    // Act
    const out = scrubSecrets(line);

    // Assert
    expect(out).toBe(
      `http request body: {"client_id":"${CLIENT_ID}","client_secret":"[redacted]","code":"[redacted]","redirect_uri":"https://scale-review.example.com/slack/oauth_redirect"}`,
    );
  });

  it('masks the client secret and the refresh token of the refresh (grant_type=refresh_token)', () => {
    const line = bodyLine({
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      grant_type: 'refresh_token',
      refresh_token: REFRESH,
    });
    expect(scrubSecrets(line)).toBe(
      `http request body: {"client_id":"${CLIENT_ID}","client_secret":"[redacted]","grant_type":"refresh_token","refresh_token":"[redacted]"}`,
    );
  });

  it('masks them form-encoded too, as the request itself is sent', () => {
    const form = new URLSearchParams({
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      code: CODE,
      refresh_token: REFRESH,
      grant_type: 'refresh_token',
    }).toString();
    expect(scrubSecrets(`body ${form}`)).toBe(
      `body client_id=${CLIENT_ID}&client_secret=[redacted]&code=[redacted]&refresh_token=[redacted]&grant_type=refresh_token`,
    );
    expect(scrubSecrets(`code=${CODE}&client_id=${CLIENT_ID}`)).toBe(
      `code=[redacted]&client_id=${CLIENT_ID}`,
    );
  });

  it('masks them inside a JSON string (a logged line logged again)', () => {
    const nested = JSON.stringify({
      msg: bodyLine({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, code: CODE }),
    });
    const out = scrubSecrets(nested);
    expect(out).not.toContain(CLIENT_SECRET);
    expect(out).not.toContain(CODE);
    expect(JSON.parse(out)).toEqual({
      msg: `http request body: {"client_id":"${CLIENT_ID}","client_secret":"[redacted]","code":"[redacted]"}`,
    });
  });

  it("masks the code of the redirect's address, which Bolt logs when a request to it fails", () => {
    const line = `An unexpected error occurred during a request (GET) made to /slack/oauth_redirect?code=${CODE}&state=abc`;
    expect(scrubSecrets(line)).toBe(
      'An unexpected error occurred during a request (GET) made to /slack/oauth_redirect?code=[redacted]&state=abc',
    );
  });

  it('leaves every other "code" alone: error codes are what a log is read for', () => {
    const lines = [
      '{"code":"ECONNREFUSED","errno":-111,"syscall":"connect"}',
      'connect failed (code=ECONNREFUSED)',
      'MongoServerError: E11000 duplicate key, "code":"11000"',
      'error_code=ratelimited',
    ];
    expect(lines.map((line) => scrubSecrets(line))).toEqual(lines);
  });

  it('shows no more of a sealed value than its key id', () => {
    const sealed = createSealer([sealingKey('k1', 1)]).seal(REFRESH, 'T1:refreshToken');
    expect(scrubSecrets(`stored ${sealed} for T1`)).toBe('stored sr1.k1.[redacted] for T1');
  });
});

describe('the redaction by key', () => {
  it.each([
    'clientSecret',
    'client_secret',
    'refreshToken',
    'refresh_token',
    'stateSecret',
    'sealingKeys',
  ])('covers %s at the top level and one level down', (key) => {
    expect(REDACT_PATHS).toEqual(expect.arrayContaining([key, `*.${key}`]));
  });

  it("keeps an install's secrets out of the bot logger's lines", () => {
    // Arrange
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', destination: { write: (l) => lines.push(l) } });
    const sealingKeys = [sealingKey('k1', 1)];

    // Act
    logger.info(
      {
        clientSecret: CLIENT_SECRET,
        installation: { refreshToken: REFRESH, stateSecret: 'state-secret-xyz' },
        env: { sealingKeys, client_secret: CLIENT_SECRET },
      },
      'installed',
    );

    // Assert
    const out = lines.join('');
    expect(out).toContain('installed');
    for (const secret of [CLIENT_SECRET, REFRESH, 'state-secret-xyz', 'xoxe-1']) {
      expect(out).not.toContain(secret);
    }
    expect(JSON.parse(out)).toMatchObject({
      clientSecret: '[redacted]',
      installation: { refreshToken: '[redacted]', stateSecret: '[redacted]' },
      env: { sealingKeys: '[redacted]', client_secret: '[redacted]' },
    });
  });
});
