import type { AppDeps } from '../app/deps.js';
import type { AppConfig } from '../config/app-config.js';
import { EnvConfigError } from '../config/bot-env.js';
import type { InstallEnv } from '../config/install-env.js';
import type { StartEnv } from '../config/start-env.js';
import type { MetricsSource } from '../metrics/port.js';
import { createSealer, SealedValueError, type Sealer } from '../secrets/sealer.js';
import type { SlackAppAuth } from '../slack/app.js';
import { createBoltLogger } from '../slack/bolt-logger.js';
import { createAuthorize } from '../slack/oauth/authorize.js';
import { createInstallationStore } from '../slack/oauth/installation-store.js';
import { createInstaller } from '../slack/oauth/installer.js';
import { TokenRefresher } from '../slack-api/token-refresher.js';
import { createSlackClient } from '../slack-api/web-client.js';
import type { Store } from '../store/ports.js';
import { openBotToken, openRefreshToken } from '../tenancy/installation-tokens.js';
import { type InstalledSettings, installedSettings } from '../tenancy/installed-settings.js';
import { InstalledTenants } from '../tenancy/installed-tenants.js';
import type { PinoLogger } from './logger.js';

/**
 * OAuth mode's start (an installable app): the sealer over SEALING_KEYS, checked against what the
 * store holds; the one token refresher; Bolt's `authorize`; the install flow's routes; and the
 * tenants, one per installation with the YAML as their defaults.
 */

export interface OAuthStartInput {
  install: InstallEnv;
  slackApiUrl: string | undefined;
  config: Pick<AppConfig, 'plan' | 'infrastructure' | 'metrics' | 'slack'>;
  /** Each workspace's metrics source wrapped (failures logged, calls counted: src/ops/). */
  wrapSource?: (source: MetricsSource) => MetricsSource;
  deps: Pick<AppDeps, 'store' | 'logger' | 'clock'>;
  logger: PinoLogger;
  /** The counted fetch of the bot's Slack clients (src/ops/). */
  fetch?: typeof globalThis.fetch;
}

export interface OAuthRuntime {
  /** The token source of every Web API call for a tenant (Bolt's authorize, the digest). */
  tokens: TokenRefresher;
  sealer: Sealer;
  tenants: InstalledTenants;
  /** Each workspace's setup from its Settings, and what the Settings modal needs. */
  settings: InstalledSettings;
  /** For the Bolt app: `authorize` and the install routes. */
  auth: Extract<SlackAppAuth, { kind: 'oauth' }>;
  /** PUBLIC_URL + /slack/install. */
  installUrl: string;
  redirectUrl: string;
}

/**
 * A SEALING_KEYS that does not open what the store holds fails the start with one line naming the
 * variable (never a value): one stored installation is opened (any will do: a wrong key opens
 * none of them). A key id missing from a longer ring shows when a value sealed with it is used,
 * with the same kind of line.
 * @throws EnvConfigError
 */
export async function checkSealingKeys(store: Pick<Store, 'installations'>, sealer: Sealer) {
  const [first] = await store.installations.keys();
  if (first === undefined) return;
  const record = await store.installations.get(first);
  if (record === null) return;
  try {
    openBotToken(sealer, record);
    openRefreshToken(sealer, record);
  } catch (error) {
    if (!(error instanceof SealedValueError)) throw error;
    throw new EnvConfigError([
      `SEALING_KEYS does not open the Slack installations in the store: ${error.message}`,
    ]);
  }
}

export async function startOAuth(input: OAuthStartInput): Promise<OAuthRuntime> {
  const { install, deps, logger, slackApiUrl } = input;
  const sealer = createSealer(install.sealingKeys);
  await checkSealingKeys(deps.store, sealer);
  const libraryLogger = createBoltLogger(logger, 'oauth');
  const fetch = input.fetch === undefined ? {} : { fetch: input.fetch };
  const tokens = new TokenRefresher({
    installations: deps.store.installations,
    sealer,
    clientId: install.clientId,
    clientSecret: install.clientSecret,
    client: createSlackClient(undefined, {
      policy: 'oauth',
      apiUrl: slackApiUrl,
      logger: libraryLogger,
      ...fetch,
    }),
    logger: deps.logger,
    clock: deps.clock,
  });
  const settings = installedSettings({
    config: input.config,
    sealer,
    logger: deps.logger,
    clock: deps.clock,
    ...(input.wrapSource === undefined ? {} : { wrapSource: input.wrapSource }),
  });
  const tenants = new InstalledTenants({
    shared: deps,
    setup: settings.setup,
    answersTtlMs: input.config.metrics.cacheTtlSeconds * 1000,
  });
  const installer = createInstaller({
    install,
    slackApiUrl,
    installationStore: createInstallationStore({
      store: deps.store,
      sealer,
      clock: deps.clock,
      logger: deps.logger,
      onInstalled: (key) => tenants.invalidate(key),
    }),
    clock: deps.clock,
    logger: deps.logger,
    libraryLogger,
    ...fetch,
  });
  return {
    tokens,
    sealer,
    tenants,
    settings,
    auth: { kind: 'oauth', authorize: createAuthorize(tokens), routes: installer.routes },
    installUrl: installer.installUrl,
    redirectUrl: installer.redirectUrl,
  };
}

/** Who the Bolt app acts as: the bot token, or (OAuth mode) each request's installation. */
export async function slackAuthFor(
  env: Pick<StartEnv, 'auth'>,
  input: Omit<OAuthStartInput, 'install'>,
): Promise<{ auth: SlackAppAuth; oauth: OAuthRuntime | null }> {
  if (env.auth.kind === 'token') return { auth: env.auth, oauth: null };
  const oauth = await startOAuth({ ...input, install: env.auth.install });
  return { auth: oauth.auth, oauth };
}
