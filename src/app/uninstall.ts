import type {
  PurgeCounts,
  PurgeOutcome,
  Store,
  TenantKey,
  WorkspaceRecord,
} from '../store/ports.js';

/**
 * A workspace (or an org-wide install) removes the app: `app_uninstalled`, or `tokens_revoked`
 * naming its bot token (docs/operations.md, "Uninstall and retention"). Its tokens go at once,
 * its digests stop at once, and its data goes after the retention, by the purge job. Slack sends
 * both events, in either order, and may deliver one again: every step here is idempotent.
 */

export interface UninstallDeps {
  store: Pick<Store, 'installations' | 'workspaces' | 'subscriptions'>;
}

export type UninstallResult =
  | {
      outcome: 'uninstalled';
      key: TenantKey;
      /** This call deleted the installation and its sealed tokens (false: already gone). */
      tokensDeleted: boolean;
      /** The channels whose active subscription this call deactivated. */
      deactivated: string[];
      /** The tenant was uninstalled already (the other event, or a redelivery): dates kept. */
      already: boolean;
      /** The workspace record after: `uninstalledAt` and `purgeAfter` set. */
      workspace: WorkspaceRecord;
    }
  /** The event is older than the tenant's current installation (a redelivery after a reinstall). */
  | { outcome: 'stale'; key: TenantKey; installedAt: Date };

export interface UninstallOptions {
  /** When Slack says the uninstall happened (the envelope's `event_time`), if it says. */
  eventAt?: Date;
}

/**
 * Uninstalls a tenant: deletes its installation (the tokens, at once), marks its workspace record
 * uninstalled with `purgeAfter` = now + retentionDays (its sealed settings and external id go at
 * once, its data at the purge), and deactivates every subscription it has (no digest goes out
 * after). A tenant with no record gets one, so that its data is purged too.
 */
export async function uninstallTenant(
  deps: UninstallDeps,
  key: TenantKey,
  now: Date,
  retentionDays: number,
  options: UninstallOptions = {},
): Promise<UninstallResult> {
  const { store } = deps;
  const before = await store.workspaces.get(key);
  const installedAt = before?.status === 'active' ? before.installedAt : null;
  if (installedAt !== null && options.eventAt !== undefined && installedAt > options.eventAt) {
    return { outcome: 'stale', key, installedAt };
  }
  const tokensDeleted = await store.installations.delete(key);
  const workspace = await store.workspaces.markUninstalled(key, now, retentionDays);
  const deactivated = await deactivateSubscriptions(deps, key, now);
  return {
    outcome: 'uninstalled',
    key,
    tokensDeleted,
    deactivated,
    already: before?.status === 'uninstalled',
    workspace,
  };
}

/** Deactivates every active subscription of the tenant; returns their channels. */
export async function deactivateSubscriptions(
  deps: Pick<UninstallDeps, 'store'>,
  key: TenantKey,
  now: Date,
): Promise<string[]> {
  const deactivated: string[] = [];
  for (const subscription of await deps.store.subscriptions.list(key)) {
    if (!subscription.active) continue;
    if (await deps.store.subscriptions.deactivate(key, subscription.channelId, now)) {
      deactivated.push(subscription.channelId);
    }
  }
  return deactivated;
}

export interface PurgeDeps {
  store: Pick<Store, 'workspaces' | 'tenants'>;
}

/**
 * Purges the tenant now if it is uninstalled and its `purgeAfter` has come (a retention of 0
 * days: its data goes with the uninstall, not at the next purge run). null when not due.
 */
export async function purgeIfDue(
  deps: PurgeDeps,
  key: TenantKey,
  now: Date,
): Promise<PurgeCounts | null> {
  const workspace = await deps.store.workspaces.get(key);
  if (workspace?.status !== 'uninstalled') return null;
  if (workspace.purgeAfter === null || workspace.purgeAfter > now) return null;
  return deps.store.tenants.purge(key);
}

/** Purges every tenant whose retention has run out (the purge job, jobs/purge-job.ts). */
export function purgeDueTenants(deps: PurgeDeps, now: Date): Promise<PurgeOutcome[]> {
  return deps.store.tenants.purgeDue(now);
}

/**
 * A reinstall starts clean: the history an uninstalled tenant left (its reviews, decisions,
 * subscriptions, estate, canvases… kept until `purgeAfter`) is purged before the install writes
 * anything. Call it before `installations.put` and `workspaces.activate`: it deletes the
 * tenant's installation and workspace record too. null when there was nothing to clear (a
 * first install, a repeated install of an active tenant, or data the deployment had before
 * OAuth: the tenant has no uninstalled record).
 */
export async function clearBeforeReinstall(
  deps: PurgeDeps,
  key: TenantKey,
): Promise<PurgeCounts | null> {
  const workspace = await deps.store.workspaces.get(key);
  if (workspace?.status !== 'uninstalled') return null;
  return deps.store.tenants.purge(key);
}

/** How many records a purge deleted in all (the installation and workspace record included). */
export function purgedRecordCount(counts: PurgeCounts): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}
