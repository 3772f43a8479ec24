import type { App, Context } from '@slack/bolt';
import { z } from 'zod';
import { EVENT_NAMES } from '../../../blocks/ids.js';
import {
  deactivateSubscriptions,
  purgedRecordCount,
  purgeIfDue,
  uninstallTenant,
} from '../../app/uninstall.js';
import { DEFAULT_UNINSTALL_RETENTION_DAYS } from '../../config/install-env.js';
import type { TenantKey } from '../../store/ports.js';
import { TenantKeyError, type TenantOrigin } from '../../tenancy/tenant-key.js';
import type { SlackDeps } from '../slack-deps.js';

/**
 * `app_uninstalled` and `tokens_revoked` (docs/operations.md, "Uninstall and retention"). Bolt
 * acknowledges them before any listener runs and skips `authorize` for them (the tokens are gone
 * already), so the tenant comes from the envelope as Bolt reads it: `authorizations[0]`'s
 * enterprise id for an org-wide install, the team id otherwise. The work runs at once (not on the
 * answer queue, which drops what it cannot take) and is tracked, so shutdown waits for it.
 */

export type UninstallTrigger = typeof EVENT_NAMES.appUninstalled | typeof EVENT_NAMES.tokensRevoked;

export interface UninstallEventInput {
  trigger: UninstallTrigger;
  origin: TenantOrigin;
  eventId: string | undefined;
  /** The envelope's `event_time`. */
  eventAt: Date | undefined;
}

const envelopeSchema = z.object({
  event_id: z.string().optional(),
  /** Unix seconds. */
  event_time: z.number().int().positive().optional(),
});

/** https://docs.slack.dev/reference/events/tokens_revoked: user ids by kind of token, not tokens. */
const tokensRevokedSchema = z.object({
  type: z.literal(EVENT_NAMES.tokensRevoked),
  tokens: z.object({
    oauth: z.array(z.string()).optional(),
    bot: z.array(z.string()).optional(),
  }),
});

export const REVOCATIONS = ['bot', 'users-only', 'malformed'] as const;
export type Revocation = (typeof REVOCATIONS)[number];

/**
 * What a `tokens_revoked` event revokes. Only a bot token matters: Scale Review asks no user
 * scopes and keeps no user token, so user tokens alone (`oauth`) change nothing.
 */
export function revocationOf(event: unknown): Revocation {
  const parsed = tokensRevokedSchema.safeParse(event);
  if (!parsed.success) return 'malformed';
  return (parsed.data.tokens.bot ?? []).length > 0 ? 'bot' : 'users-only';
}

function inputOf(trigger: UninstallTrigger, body: unknown, context: Context): UninstallEventInput {
  const envelope = envelopeSchema.safeParse(body);
  const eventTime = envelope.success ? envelope.data.event_time : undefined;
  return {
    trigger,
    origin: {
      teamId: context.teamId,
      enterpriseId: context.enterpriseId,
      isEnterpriseInstall: context.isEnterpriseInstall,
    },
    eventId: envelope.success ? envelope.data.event_id : undefined,
    eventAt: eventTime === undefined ? undefined : new Date(eventTime * 1000),
  };
}

function tenantOf(deps: SlackDeps, input: UninstallEventInput): TenantKey | null {
  try {
    return deps.tenants.keyOf(input.origin);
  } catch (error) {
    if (!(error instanceof TenantKeyError)) throw error;
    deps.logger.warn(
      { trigger: input.trigger, eventId: input.eventId, err: error },
      'uninstall event without a tenant ignored',
    );
    return null;
  }
}

/**
 * Single-workspace mode: the bot token of the environment is revoked. The subscriptions stop (no
 * digest can go out); the data stays, since the operator owns the deployment and its store.
 */
async function stopSingleWorkspace(deps: SlackDeps, key: TenantKey, input: UninstallEventInput) {
  const deactivated = await deactivateSubscriptions(deps, key, deps.clock());
  deps.logger.error(
    { tenant: key, trigger: input.trigger, eventId: input.eventId, deactivated },
    'Scale Review was uninstalled from the workspace (or its bot token revoked): SLACK_BOT_TOKEN no longer works and the digests are stopped. Reinstall the app, put its new bot token in SLACK_BOT_TOKEN, restart, and subscribe the channels again; the data is kept',
  );
}

async function uninstallInstalled(deps: SlackDeps, key: TenantKey, input: UninstallEventInput) {
  const now = deps.clock();
  const retentionDays = deps.uninstallRetentionDays ?? DEFAULT_UNINSTALL_RETENTION_DAYS;
  const result = await uninstallTenant(deps, key, now, retentionDays, {
    ...(input.eventAt === undefined ? {} : { eventAt: input.eventAt }),
  });
  // After the writes: a resolve that started before this does not keep what it read.
  deps.tenants.invalidate(key);
  const meta = { tenant: key, trigger: input.trigger, eventId: input.eventId };
  if (result.outcome === 'stale') {
    deps.logger.info(
      { ...meta, eventAt: input.eventAt, installedAt: result.installedAt },
      'uninstall event older than the current installation ignored',
    );
    return;
  }
  deps.logger.info(
    {
      ...meta,
      tokensDeleted: result.tokensDeleted,
      deactivated: result.deactivated,
      already: result.already,
      purgeAfter: result.workspace.purgeAfter,
    },
    result.already
      ? 'workspace already uninstalled: nothing left to stop'
      : 'workspace uninstalled: tokens deleted, digests stopped, data kept until purgeAfter',
  );
  await purgeNowIfDue(deps, key, now);
}

/** A retention of 0 days: the data goes now; if it cannot, the hourly purge job takes it. */
async function purgeNowIfDue(deps: SlackDeps, key: TenantKey, now: Date) {
  try {
    const purged = await purgeIfDue(deps, key, now);
    if (purged === null) return;
    deps.logger.info(
      { tenant: key, records: purgedRecordCount(purged), counts: purged },
      'uninstalled workspace purged at once (retention 0 days)',
    );
  } catch (error) {
    deps.logger.warn(
      { err: error, tenant: key },
      'purge at uninstall failed; the purge job tries again within the hour',
    );
  }
}

/** Stops the tenant the event names; never throws (a failure is logged). */
export async function handleUninstallEvent(
  deps: SlackDeps,
  input: UninstallEventInput,
): Promise<void> {
  const key = tenantOf(deps, input);
  if (key === null) return;
  try {
    if (deps.tenants.mode === 'single') {
      await stopSingleWorkspace(deps, key, input);
      return;
    }
    await uninstallInstalled(deps, key, input);
  } catch (error) {
    deps.logger.error(
      { err: error, tenant: key, trigger: input.trigger, eventId: input.eventId },
      'uninstall failed; it is tried again only if Slack sends the other uninstall event (app_uninstalled, tokens_revoked) after this one',
    );
  }
}

/**
 * Runs the uninstalls of this process one after the other. Slack sends `tokens_revoked` and
 * `app_uninstalled` together: one at a time, the second finds the first's work done (the store
 * keeps the outcome right when replicas race, but each would report a first uninstall).
 * Uninstalls are rare, so one queue for every tenant is enough.
 */
function oneAtATime(): (work: () => Promise<void>) => Promise<void> {
  let tail: Promise<void> = Promise.resolve();
  return (work) => {
    const next = tail.then(work);
    tail = next.catch(() => undefined);
    return next;
  };
}

export function registerUninstallEvents(app: App, deps: SlackDeps): void {
  deps.registry.events.add(EVENT_NAMES.appUninstalled);
  deps.registry.events.add(EVENT_NAMES.tokensRevoked);
  const queued = oneAtATime();
  const run = (input: UninstallEventInput) =>
    deps.tracker.track(() => queued(() => handleUninstallEvent(deps, input)));
  app.event(EVENT_NAMES.appUninstalled, async ({ body, context }) => {
    await run(inputOf(EVENT_NAMES.appUninstalled, body, context));
  });
  app.event(EVENT_NAMES.tokensRevoked, async ({ event, body, context }) => {
    const input = inputOf(EVENT_NAMES.tokensRevoked, body, context);
    const revocation = revocationOf(event);
    if (revocation !== 'bot') {
      deps.logger.info(
        { trigger: input.trigger, eventId: input.eventId, revocation },
        'tokens_revoked without a bot token ignored (Scale Review keeps no user token)',
      );
      return;
    }
    await run(input);
  });
}
