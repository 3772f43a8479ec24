import { ErrorCode as OAuthErrorCode } from '@slack/oauth';
import { WebAPIPlatformError } from '@slack/web-api';
import { TenantKeyError } from '../../tenancy/tenant-key.js';
import { InstallationShapeError } from './installation-mapping.js';

/**
 * Why an install did not complete, as the redirect's failure page and the log line say it: a
 * reason a person can act on, never a secret (no code, token, state or client secret).
 */
export const INSTALL_FAILURES = [
  /** The user pressed Cancel on Slack's page. */
  'denied',
  /** The state is missing, forged, from another browser, or older than 10 minutes. */
  'state',
  /** Slack's redirect carried no code (an error other than a cancel). */
  'no-code',
  /** oauth.v2.access refused the code or could not be reached. */
  'exchange',
  /** Slack's answer lacks what the app needs (no bot token: no bot scopes granted). */
  'incomplete',
  /** The installation could not be saved. */
  'store',
] as const;
export type InstallFailure = (typeof INSTALL_FAILURES)[number];

export interface ClassifiedFailure {
  failure: InstallFailure;
  /** HTTP status of the failure page. */
  status: number;
  /** Slack's error code (`invalid_code`, `access_denied`…) when Slack gave one: not a secret. */
  slackError: string | null;
}

const STATUS = {
  denied: 200,
  state: 400,
  'no-code': 400,
  exchange: 502,
  incomplete: 502,
  store: 500,
} as const satisfies Record<InstallFailure, number>;

/** What the failure page says, one short paragraph each. */
export const FAILURE_TEXT = {
  denied: 'The install was cancelled: Scale Review was not added. You can start again at any time.',
  state:
    'This install link has expired or was opened in another browser (the security check of the install failed). Start again from the install page, in this browser, and finish within 10 minutes.',
  'no-code':
    'Slack did not complete the install. Start again from the install page; if it keeps failing, ask a workspace admin whether apps may be installed.',
  exchange:
    'Slack did not accept the install, or could not be reached. Start again from the install page in a minute.',
  incomplete:
    'Slack did not give Scale Review a bot token, so it cannot work in this workspace. Start again from the install page and allow the permissions it asks for.',
  store:
    'Scale Review could not save the installation. Start again from the install page in a minute; if it keeps failing, tell whoever runs Scale Review.',
} as const satisfies Record<InstallFailure, string>;

/** The `error` Slack put on the redirect (`?error=access_denied`), if any. */
export function redirectError(url: string | undefined): string | null {
  if (url === undefined) return null;
  const error = new URL(url, 'http://app.invalid').searchParams.get('error');
  return error !== null && /^[a-z_]{1,64}$/.test(error) ? error : null;
}

function has(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}

/** The failure of `InstallProvider.handleCallback` (its `failure` callback's error). */
export function classifyInstallFailure(error: unknown, callbackUrl?: string): ClassifiedFailure {
  const fromRedirect = redirectError(callbackUrl);
  const of = (failure: InstallFailure, slackError: string | null = null): ClassifiedFailure => ({
    failure,
    status: STATUS[failure],
    slackError,
  });
  if (fromRedirect === 'access_denied') return of('denied', fromRedirect);
  if (has(error, OAuthErrorCode.InvalidStateError) || has(error, OAuthErrorCode.MissingStateError))
    return of('state');
  if (has(error, OAuthErrorCode.MissingCodeError)) return of('no-code', fromRedirect);
  if (error instanceof WebAPIPlatformError) {
    const code = typeof error.data.error === 'string' ? error.data.error : null;
    return of('exchange', code);
  }
  if (error instanceof InstallationShapeError || error instanceof TenantKeyError)
    return of('incomplete');
  if (has(error, OAuthErrorCode.AuthorizationError)) return of('denied');
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = String(error.code);
    // @slack/web-api's request and HTTP errors: Slack could not be reached.
    if (code.startsWith('slack_webapi_')) return of('exchange');
  }
  return of('store');
}
