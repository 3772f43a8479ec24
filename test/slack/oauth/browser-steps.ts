/**
 * The install flow taken apart, for the tests that tamper with it between the steps: the install
 * page (its state cookie and its Add to Slack link), Slack's authorize page, and the redirect
 * back with a cookie of the test's choosing. test/support/fake-slack-install.ts walks them at once.
 */

export const STATE_COOKIE = 'slack-app-oauth-state';

export interface InstallPage {
  status: number;
  /** `slack-app-oauth-state=…` as the browser sends it back. */
  cookie: string;
  authorizeUrl: URL;
  html: string;
  headers: Headers;
}

export async function openInstallPage(installUrl: string): Promise<InstallPage> {
  const res = await fetch(installUrl, { redirect: 'manual' });
  const html = await res.text();
  const cookie =
    res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0] ?? '')
      .find((c) => c.startsWith(`${STATE_COOKIE}=`)) ?? '';
  const href = /<a href="([^"]+)"/.exec(html)?.[1] ?? '';
  return {
    status: res.status,
    cookie,
    authorizeUrl: new URL(href.replaceAll('&amp;', '&'), installUrl),
    html,
    headers: res.headers,
  };
}

/** Slack's authorize page approves (as queued with approveNext) and redirects: where to. */
export async function authorizeAt(url: URL): Promise<URL> {
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || location === null) {
    throw new Error(`Slack's authorize page answered ${res.status}: ${await res.text()}`);
  }
  return new URL(location);
}

export async function followRedirect(
  callbackUrl: URL,
  cookie: string,
): Promise<{ status: number; html: string; headers: Headers }> {
  const res = await fetch(callbackUrl, {
    redirect: 'manual',
    headers: cookie === '' ? {} : { cookie },
  });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

/** The page's visible text: tags dropped, entities of the escaper undone, spaces collapsed. */
export function textOf(html: string): string {
  return html
    .replace(/<style>[^<]*<\/style>/g, '')
    .replace(/<\/?(?:strong|code|a)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replaceAll('&#39;', "'")
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')
    .replace(/\s+/g, ' ')
    .trim();
}
