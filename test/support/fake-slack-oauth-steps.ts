import type { Approval, FakeSlack } from './fake-slack.js';
import { FAKE_CLIENT_ID, FAKE_CLIENT_SECRET } from './fake-slack-oauth.js';

/**
 * The OAuth steps against the fake Slack without an app in between, for tests of the fake and for
 * tests that need an installed workspace's tokens: the authorize page (approved as `approval`
 * says) and `oauth.v2.access` as raw JSON (the exact answer, form-encoded as @slack/web-api sends).
 */

export const TEST_REDIRECT_URI = 'http://app.test/slack/oauth_redirect';
export const TEST_CLIENT = { client_id: FAKE_CLIENT_ID, client_secret: FAKE_CLIENT_SECRET };

/** GET the authorize page with the default app's client id (overridable) and `query`. */
export function authorizeAt(fake: FakeSlack, query: Record<string, string>): Promise<Response> {
  const url = new URL(fake.authorizeUrl());
  for (const [k, v] of Object.entries({ client_id: FAKE_CLIENT_ID, ...query }))
    url.searchParams.set(k, v);
  return fetch(url, { redirect: 'manual' });
}

/** The code Slack sends back once `approval` approves (state `st-1`, TEST_REDIRECT_URI). */
export async function codeFor(
  fake: FakeSlack,
  approval: Approval,
  scope = 'chat:write,commands',
): Promise<string> {
  fake.oauth.approveNext(approval);
  const res = await authorizeAt(fake, { scope, state: 'st-1', redirect_uri: TEST_REDIRECT_URI });
  return new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? '';
}

/** POST oauth.v2.access; the JSON answer. */
export async function oauthAccess(
  fake: FakeSlack,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const res = await fetch(`${fake.apiUrl()}oauth.v2.access`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return (await res.json()) as Record<string, unknown>;
}

/** Exchanges a code of the default app (TEST_REDIRECT_URI unless `extra` says otherwise). */
export function exchangeCode(fake: FakeSlack, code: string, extra: Record<string, string> = {}) {
  return oauthAccess(fake, { ...TEST_CLIENT, code, redirect_uri: TEST_REDIRECT_URI, ...extra });
}

/** Refreshes with a refresh token of the default app. */
export function refreshWith(fake: FakeSlack, refreshToken: unknown) {
  return oauthAccess(fake, {
    ...TEST_CLIENT,
    grant_type: 'refresh_token',
    refresh_token: String(refreshToken),
  });
}
