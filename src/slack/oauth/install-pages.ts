import type { ServerResponse } from 'node:http';

/**
 * The install flow's pages: the install page with Slack's "Add to Slack" button, the success page
 * naming the workspace (or org), and the failure pages. Static HTML, no script; every value
 * escaped. Served with headers that keep them out of frames and caches and send no Referer (the
 * redirect's address carries the one-time code).
 */

const ADD_TO_SLACK_IMAGE = 'https://platform.slack-edge.com/img/add_to_slack.png';
const ADD_TO_SLACK_IMAGE_2X = 'https://platform.slack-edge.com/img/add_to_slack@2x.png';

export const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy':
    "default-src 'none'; img-src https://platform.slack-edge.com; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
} as const;

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#1d1c1d}h1{font-size:1.5rem}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** The install page: what the app does, and the button to Slack's authorize URL (with the state). */
export function installPage(authorizeUrl: string): string {
  return page(
    'Add Scale Review to Slack',
    `<a href="${escapeHtml(authorizeUrl)}"><img alt="Add to Slack" height="40" width="139" src="${ADD_TO_SLACK_IMAGE}" srcset="${ADD_TO_SLACK_IMAGE} 1x, ${ADD_TO_SLACK_IMAGE_2X} 2x"></a>
<h1>Scale Review</h1>
<p>The weekly scaling review of your support stack, in Slack: the indicators against their thresholds, your infrastructure stage, a recommendation and its monthly cost. Use <code>/scale</code> in a channel; the App Home has the settings.</p>
<p>Press <strong>Add to Slack</strong>, choose the workspace and allow the permissions Scale Review asks for.</p>`,
  );
}

export interface InstalledWhere {
  /** The workspace's name, or the org's for an org-wide install. */
  name: string | null;
  orgWide: boolean;
  /** Where to go next: the workspace in Slack, or the org's app management page. */
  next: { href: string; label: string } | null;
}

export function successPage(where: InstalledWhere): string {
  const name = where.name ?? (where.orgWide ? 'your organization' : 'your workspace');
  const scope = where.orgWide
    ? `the <strong>${escapeHtml(name)}</strong> organization. An org admin now chooses the workspaces that get it.`
    : `<strong>${escapeHtml(name)}</strong>.`;
  const next =
    where.next === null
      ? ''
      : `<p><a href="${escapeHtml(where.next.href)}">${escapeHtml(where.next.label)}</a></p>`;
  return page(
    'Scale Review is installed',
    `<h1>Scale Review is installed</h1>
<p>Scale Review is now installed in ${scope}</p>
<p>Open its App Home in Slack to set the team's metrics source, then type <code>/scale help</code> in a channel.</p>
${next}`,
  );
}

export function failurePage(reason: string, slackError: string | null): string {
  const detail =
    slackError === null ? '' : `<p>Slack said: <code>${escapeHtml(slackError)}</code></p>`;
  return page(
    'Scale Review was not installed',
    `<h1>Scale Review was not installed</h1>
<p>${escapeHtml(reason)}</p>
${detail}<p><a href="install">Back to the install page</a></p>`,
  );
}

export function send(res: ServerResponse, status: number, html: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, PAGE_HEADERS);
  res.end(html);
}
