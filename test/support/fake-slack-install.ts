/**
 * The browser's part of "Add to Slack", for tests of an app's install flow against the fake Slack:
 * open the app's install page, follow it to Slack's authorize page (the fake's, which approves at
 * once as `fake.oauth.approveNext` says), and follow Slack's redirect back to the app's callback,
 * carrying the cookies the app set (@slack/oauth keeps the OAuth state in one).
 */

export interface BrowserInstall {
  /** Where the install page sent the browser (the app's `authorizationUrl` with its query). */
  authorizeUrl: URL;
  /** Where Slack sent the browser back: the redirect URI with `code` and `state`, or `error`. */
  callbackUrl: URL;
  /** The app's answer to that callback (redirects are not followed). */
  callback: Response;
}

/** `name=value` of every Set-Cookie, joined as a Cookie header. */
function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .filter((c) => c !== '')
    .join('; ');
}

/** The install page's target: its redirect (direct install) or its "Add to Slack" link. */
async function authorizeTarget(page: Response, installUrl: string): Promise<URL> {
  const location = page.headers.get('location');
  if (page.status >= 300 && page.status < 400 && location) return new URL(location, installUrl);
  const html = await page.text();
  const href = /<a href="([^"]+)"/.exec(html)?.[1];
  if (!href) throw new Error(`The install page (${page.status}) has no Add to Slack link`);
  return new URL(href.replaceAll('&amp;', '&'), installUrl);
}

export async function installThroughBrowser(installUrl: string): Promise<BrowserInstall> {
  const page = await fetch(installUrl, { redirect: 'manual' });
  const cookie = cookiesOf(page);
  const authorizeUrl = await authorizeTarget(page, installUrl);
  const slack = await fetch(authorizeUrl, { redirect: 'manual' });
  const back = slack.headers.get('location');
  if (slack.status !== 302 || !back) {
    throw new Error(`Slack's authorize page refused (${slack.status}): ${await slack.text()}`);
  }
  const callbackUrl = new URL(back);
  const callback = await fetch(callbackUrl, {
    redirect: 'manual',
    headers: cookie === '' ? {} : { cookie },
  });
  return { authorizeUrl, callbackUrl, callback };
}
