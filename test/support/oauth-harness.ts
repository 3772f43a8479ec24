import { createSealer, type Sealer } from '../../src/secrets/sealer.js';
import type { Store } from '../../src/store/ports.js';
import { base64Key, sealingKey } from '../secrets/keys.js';
import { type BotHarness, type BotHarnessOptions, startBotHarness } from './bot-harness.js';
import {
  type Approval,
  FAKE_CLIENT_ID,
  FAKE_CLIENT_SECRET,
  type FakeWorkspaceSpec,
} from './fake-slack.js';
import { type BrowserInstall, installThroughBrowser } from './fake-slack-install.js';
import { freePort } from './free-port.js';

/**
 * The real bot in OAuth mode (an installable app) over the fake Slack: no SLACK_BOT_TOKEN, the
 * client credentials of the fake's app, a sealing key, PUBLIC_URL on the bot's own port. The fake
 * knows the given workspaces and refuses any token it did not issue (strictTokens); the bot's and
 * the fake's clocks are one (`setNow` moves both), so a rotating token expires for both at once.
 */

/** Not real secrets. */
export const TEST_STATE_SECRET = 'test-oauth-state-secret-not-real-0123456789';
export const TEST_SEALING_KEYS = `k1:${base64Key(7)}`;
/** A sealer with the harness's key (to read what the bot sealed). */
export const testSealer = (): Sealer => createSealer([sealingKey('k1', 7)]);

export const ALPHA: FakeWorkspaceSpec = { teamId: 'T0ALPHA', teamName: 'Alpha' };
export const BETA: FakeWorkspaceSpec = { teamId: 'T0BETA', teamName: 'Beta', domain: 'beta-co' };
/** A workspace inside an Enterprise Grid org, for org-wide installs. */
export const GRID: FakeWorkspaceSpec = {
  teamId: 'T0GRIDA',
  teamName: 'Grid A',
  enterprise: { id: 'E0ORG', name: 'Org' },
};

export interface OAuthHarnessOptions {
  workspaces?: readonly FakeWorkspaceSpec[];
  /** Extra environment (MONGODB_URL, DATA_DIR, a different SEALING_KEYS…). */
  env?: Record<string, string>;
  now?: Date;
  /** Token rotation on in the fake's app from the start. */
  rotation?: boolean;
  harness?: Omit<BotHarnessOptions, 'env' | 'now' | 'fakeSlack'>;
}

export interface OAuthHarness extends BotHarness {
  /** PUBLIC_URL + /slack/install. */
  installUrl: string;
  /** The store under the harness's switch: read at rest. */
  rawStore(): Store;
  /** Walks a browser through the install, approved as `approval` says. */
  install(approval: Approval): Promise<BrowserInstall>;
}

const START = new Date('2026-12-01T10:32:00Z');

export function oauthEnv(port: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: '',
    SLACK_CLIENT_ID: FAKE_CLIENT_ID,
    SLACK_CLIENT_SECRET: FAKE_CLIENT_SECRET,
    SLACK_STATE_SECRET: TEST_STATE_SECRET,
    SEALING_KEYS: TEST_SEALING_KEYS,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...extra,
  };
}

export async function startOAuthHarness(options: OAuthHarnessOptions = {}): Promise<OAuthHarness> {
  const port = await freePort();
  let now = options.now ?? START;
  const h = await startBotHarness({
    ...options.harness,
    now,
    fakeSlack: {
      workspaces: options.workspaces ?? [ALPHA, BETA],
      strictTokens: true,
      clock: () => now.getTime(),
    },
    env: oauthEnv(port, options.env),
  });
  if (options.rotation) h.slack.oauth.setTokenRotation(true);
  const installUrl = `${h.baseUrl}/slack/install`;
  return {
    ...h,
    installUrl,
    setNow: (date) => {
      now = date;
      h.setNow(date);
    },
    rawStore: () => {
      if (h.store.inner === null) throw new Error('the bot has not opened its store');
      return h.store.inner;
    },
    install: (approval) => {
      h.slack.oauth.approveNext(approval);
      return installThroughBrowser(installUrl);
    },
  };
}
