import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/bootstrap/logger.js';
import { createBoltLogger } from '../../src/slack/bolt-logger.js';
import { createSlackClient } from '../../src/slack-api/web-client.js';

/**
 * A real @slack/web-api WebClient at debug level, logging through the app's adapter
 * (createBoltLogger over the bot's pino logger, as start-bot.ts wires it), exchanges an install
 * code and refreshes a rotating token with oauth.v2.access against a local server. The library
 * logs each request's parameters at debug level; the captured lines must hold none of the secrets.
 */

const CLIENT_ID = '1234567890.0987654321';
const CLIENT_SECRET = 'c1e4f7a2b5d8e0f3a6c9b2d5e8f1a4c7-DO-NOT-LOG';
const CODE = '1234567890.987654321.4f9c2b7e1a8d5f3c6b9e-DO-NOT-LOG';
const ACCESS = 'xoxe.xoxb-1-Mi0yLTE0NTU3MDcyNTQ0MjIt+access/DO-NOT-LOG';
const REFRESH = 'xoxe-1-My0xLTE0NTU3MDcyNTQ0MjIt+refresh/DO-NOT-LOG';
const NEW_ACCESS = 'xoxe.xoxb-1-Mi0yLTE0NTU3MDcyNTQ0MjIt+second/DO-NOT-LOG';
const NEW_REFRESH = 'xoxe-1-My0xLTE0NTU3MDcyNTQ0MjIt+refresh2/DO-NOT-LOG';
const SECRETS = [CLIENT_SECRET, CODE, ACCESS, REFRESH, NEW_ACCESS, NEW_REFRESH];

/** A secret as it could be written: as is, URL-encoded, and a token without its kind prefix. */
function forms(secret: string): string[] {
  const tail = /^(?:xoxe\.)?(?:xox[a-z]|xapp)-(.+)$/.exec(secret)?.[1];
  return [secret, encodeURIComponent(secret), ...(tail === undefined ? [] : [tail])];
}

function leaked(text: string): string[] {
  return SECRETS.filter((secret) => forms(secret).some((form) => text.includes(form)));
}

/** oauth.v2.access as Slack answers it with token rotation on; every request's form recorded. */
function oauthServer(requests: URLSearchParams[]): Server {
  return createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      const form = new URLSearchParams(body);
      requests.push(form);
      const refresh = form.get('grant_type') === 'refresh_token';
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          ok: req.url === '/api/oauth.v2.access',
          app_id: 'A0SCALE',
          access_token: refresh ? NEW_ACCESS : ACCESS,
          refresh_token: refresh ? NEW_REFRESH : REFRESH,
          expires_in: 43_200,
          token_type: 'bot',
          scope: 'commands,chat:write',
          bot_user_id: 'U0BOT',
          team: { id: 'T0SECRETS', name: 'Secrets' },
          enterprise: null,
          is_enterprise_install: false,
          authed_user: { id: 'U0ADMIN' },
        }),
      );
    });
  });
}

let server: Server;
let apiUrl: string;
const requests: URLSearchParams[] = [];

beforeAll(async () => {
  server = oauthServer(requests);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('the OAuth exchange at debug level', () => {
  it('logs the calls through the app logger without the client secret, the code or a token', async () => {
    // Arrange
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', destination: { write: (l) => lines.push(l) } });
    const client = createSlackClient(undefined, {
      policy: 'interactive',
      apiUrl,
      logger: createBoltLogger(logger, 'web-api'),
    });

    // Act: the install's code exchange, then the refresh of the rotating token
    const installed = await client.oauth.v2.access({
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      code: CODE,
      redirect_uri: 'https://scale-review.example.com/slack/oauth_redirect',
    });
    const refreshed = await client.oauth.v2.access({
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      grant_type: 'refresh_token',
      refresh_token: REFRESH,
    });

    // Assert: the secrets went to Slack and came back...
    expect(
      requests.map((r) => [r.get('client_secret'), r.get('code'), r.get('refresh_token')]),
    ).toEqual([
      [CLIENT_SECRET, CODE, null],
      [CLIENT_SECRET, null, REFRESH],
    ]);
    expect([installed.access_token, refreshed.refresh_token]).toEqual([ACCESS, NEW_REFRESH]);
    // ...the library logged both requests and both results at debug level...
    const output = lines.join('');
    const messages = lines.map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages.filter((m) => m.startsWith('http request body:'))).toHaveLength(2);
    expect(messages.filter((m) => m.startsWith('http request result:'))).toHaveLength(2);
    expect(output).toContain(`"client_id\\":\\"${CLIENT_ID}`);
    expect(output).toContain('"component":"web-api"');
    // ...and no line holds a secret, in any spelling
    expect(leaked(output)).toEqual([]);
  });
});
