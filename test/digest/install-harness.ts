import { randomBytes } from 'node:crypto';
import type { Installation } from '@slack/oauth';
import type { Logger as SlackLogger } from '@slack/web-api';
import { z } from 'zod';
import { METADATA_EVENT_TYPES } from '../../blocks/ids.js';
import type { DigestConfig } from '../../src/digest/config.js';
import { installedDigests } from '../../src/digest/installed-digests.js';
import type { DigestTenancy } from '../../src/digest/run-digest.js';
import { DEFAULT_PLAN } from '../../src/domain/plan/default-plan.js';
import type { Logger } from '../../src/logging/logger.js';
import { createSealer, type Sealer } from '../../src/secrets/sealer.js';
import { parseSealingKeys } from '../../src/secrets/sealing-keys.js';
import { createInstallationStore } from '../../src/slack/oauth/installation-store.js';
import { TokenRefresher } from '../../src/slack-api/token-refresher.js';
import { createSlackClient } from '../../src/slack-api/web-client.js';
import type { TenantKey } from '../../src/store/ports/installations.js';
import type { Store } from '../../src/store/ports.js';
import { InstalledTenants } from '../../src/tenancy/installed-tenants.js';
import type { SetupTenant } from '../../src/tenancy/tenant-setup.js';
import { seedDueSubscriptions } from '../reliability/support/capture.js';
import { FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, type FakeSlack } from '../support/fake-slack.js';
import { SEED_PANEL, staticMetrics } from './digest-harness.js';

/**
 * Installed workspaces written as an OAuth install writes them (the app's @slack/oauth installation
 * store: the installation with its tokens sealed, the workspace record made active), and a digest
 * replica of the installable app over that store, wired as OAuth mode wires its digest job
 * (src/bootstrap/start-jobs.ts): its own tenants, owner id and Slack clients, each tenant's bot
 * token from the token source. Used by test/digest/installed-fanout.test.ts and the
 * many-workspaces benchmark.
 */

/** A SEALING_KEYS value with one freshly generated key (as `openssl rand -base64 32` makes). */
export function generatedSealingKeys(): string {
  return `bench1:${randomBytes(32).toString('base64')}`;
}

export function sealerFrom(sealingKeys: string): Sealer {
  const parsed = parseSealingKeys(sealingKeys);
  if (!parsed.ok) throw new Error(`SEALING_KEYS: ${parsed.problems.join('; ')}`);
  return createSealer(parsed.keys);
}

export interface InstallSpec {
  key: TenantKey;
  botToken: string;
  now: Date;
}

/** The install's "Scale Review installed" lines go nowhere. */
const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** What @slack/oauth's InstallProvider hands the installation store after `oauth.v2.access`. */
function installationOf(spec: InstallSpec): Installation<'v2', false> {
  const { key, botToken } = spec;
  return {
    team: { id: key, name: `Team ${key}` },
    enterprise: undefined,
    isEnterpriseInstall: false,
    appId: 'A0SCALEREVIEW',
    user: { id: 'U0ADMIN', token: undefined, scopes: undefined },
    bot: {
      token: botToken,
      scopes: ['chat:write', 'commands', 'canvases:write'],
      id: `B0BOT${key}`,
      userId: `U0BOT${key}`,
    },
    tokenType: 'bot',
    authVersion: 'v2',
  };
}

/**
 * A workspace install as the OAuth redirect stores it, through the app's installation store (no
 * token rotation). Not the browser flow: no install page, no code exchange.
 */
export async function installWorkspace(
  store: Store,
  sealer: Sealer,
  spec: InstallSpec,
  logger: Logger = silentLogger,
): Promise<void> {
  const installations = createInstallationStore({
    store,
    sealer,
    clock: () => spec.now,
    logger,
  });
  await installations.storeInstallation(installationOf(spec));
}

/** The channel ids of a workspace's subscriptions (`C<key>0000`, `C<key>0001`…). */
export function channelsOf(key: TenantKey, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `C${key}${String(i).padStart(4, '0')}`);
}

/** `count` channels of the workspace subscribed, their weekly slot a minute ago: due now. */
export async function subscribeDue(store: Store, key: TenantKey, count: number, now: Date) {
  return seedDueSubscriptions(store, { teamId: key, count, now, prefix: `C${key}` });
}

/** Every tenant on the deployment's defaults, with the same fixed metrics (no metrics I/O). */
export const staticSetup: SetupTenant = async () => ({
  plan: DEFAULT_PLAN,
  infrastructure: {},
  permissions: { admins: [], ackers: null },
  metrics: staticMetrics(SEED_PANEL),
  metricsProblem: null,
  close: async () => undefined,
});

export interface ReplicaOptions {
  /** This replica's own store connection (every replica has its own). */
  store: Store;
  sealer: Sealer;
  logger: Logger;
  clientLogger: SlackLogger;
  slackApiUrl: string;
  owner: string;
  config: DigestConfig;
  setup?: SetupTenant;
  clock?: () => Date;
}

export interface InstalledReplica {
  tenants: InstalledTenants;
  tenancy: DigestTenancy;
  /** How many bot tokens this replica opened from the store. */
  tokensOpened(): number;
  close(): Promise<void>;
}

/**
 * One replica of the installable app's digest: its tenants from the store's active workspaces,
 * each tenant's bot token from OAuth mode's token source (read from its installation, opened with
 * the sealer).
 */
export function installedReplica(options: ReplicaOptions): InstalledReplica {
  const { store, sealer } = options;
  const shared = { store, logger: options.logger, clock: options.clock ?? (() => new Date()) };
  const tenants = new InstalledTenants({
    shared,
    setup: options.setup ?? staticSetup,
    answersTtlMs: 60_000,
  });
  // The token source of OAuth mode (src/bootstrap/oauth-startup.ts): opens the sealed token,
  // refreshing it first when rotation is on and it expires soon (never here: no rotation).
  const tokens = new TokenRefresher({
    installations: store.installations,
    sealer,
    clientId: FAKE_CLIENT_ID,
    clientSecret: FAKE_CLIENT_SECRET,
    client: createSlackClient(undefined, {
      policy: 'oauth',
      apiUrl: options.slackApiUrl,
      logger: options.clientLogger,
    }),
    logger: options.logger,
    clock: shared.clock,
  });
  let opened = 0;
  const tenancy = installedDigests({
    tenants,
    botTokenFor: async (key) => {
      const token = await tokens.botTokenFor(key);
      if (token !== null) opened += 1;
      return token?.botToken ?? null;
    },
    config: options.config,
    slack: {
      slackApiUrl: options.slackApiUrl,
      clientLogger: options.clientLogger,
      owner: options.owner,
    },
    shared,
  });
  return { tenants, tenancy, tokensOpened: () => opened, close: () => tenants.close() };
}

export interface DigestTally {
  /** Subscribed channels with exactly one top-level digest for the period. */
  exactlyOnce: number;
  /** Subscribed channels with none. */
  missing: number;
  /** Digests beyond the first in a channel and period. */
  duplicates: number;
  /** Digests in a channel nobody subscribed in that workspace (another tenant's, say). */
  stray: number;
  /** Distinct period keys seen. */
  periods: string[];
}

const digestMetadataSchema = z.object({
  event_type: z.literal(METADATA_EVENT_TYPES.digest),
  event_payload: z.object({ periodKey: z.string() }),
});

function digestPeriod(metadata: unknown): string | null {
  const parsed = digestMetadataSchema.safeParse(metadata);
  return parsed.success ? parsed.data.event_payload.periodKey : null;
}

/** A workspace's top-level digests: channel → period key → how many. */
function digestsByChannel(fake: FakeSlack, key: TenantKey): Map<string, Map<string, number>> {
  const byChannel = new Map<string, Map<string, number>>();
  for (const message of fake.team(key).messages()) {
    const period = digestPeriod(message.metadata);
    if (period === null || message.thread_ts !== undefined) continue;
    const periods = byChannel.get(message.channel) ?? new Map<string, number>();
    periods.set(period, (periods.get(period) ?? 0) + 1);
    byChannel.set(message.channel, periods);
  }
  return byChannel;
}

/**
 * Counts, in each workspace of the fake Slack, the top-level digest messages (by their metadata)
 * per channel and period: every subscribed channel should have exactly one, no other channel any.
 */
export function tallyDigests(
  fake: FakeSlack,
  workspaces: readonly { key: TenantKey; channels: readonly string[] }[],
): DigestTally {
  const tally: DigestTally = { exactlyOnce: 0, missing: 0, duplicates: 0, stray: 0, periods: [] };
  const periods = new Set<string>();
  for (const { key, channels } of workspaces) {
    const byChannel = digestsByChannel(fake, key);
    const subscribed = new Set(channels);
    for (const [channel, counts] of byChannel) {
      const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
      for (const period of counts.keys()) periods.add(period);
      if (!subscribed.has(channel)) tally.stray += total;
    }
    for (const channel of channels) {
      const counts = [...(byChannel.get(channel)?.values() ?? [])];
      const extra = counts.reduce((sum, n) => sum + n - 1, 0);
      tally.duplicates += extra;
      if (counts.length === 0) tally.missing += 1;
      else if (extra === 0) tally.exactlyOnce += 1;
    }
  }
  tally.periods = [...periods].sort();
  return tally;
}
