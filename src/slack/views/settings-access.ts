import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Logger } from '../../logging/logger.js';
import type { TenantKey } from '../../store/ports/installations.js';
import type { Store } from '../../store/ports.js';
import type { TenantOrigin } from '../../tenancy/tenant-key.js';

/** A Settings request from Slack: who asks, from which tenant, and the client to ask Slack with. */
export interface SettingsRequest {
  client: WebClient;
  origin: TenantOrigin;
  userId: string;
}

/**
 * Who may change a workspace's Settings (docs/slack.md, "Settings"): whoever installed the app,
 * the workspace's admins and owners as Slack says (users.info `is_admin`, `is_owner`; scope
 * users:read), and the admins the settings name. Everyone else may use the app but not change it:
 * an empty admin list lets everyone snooze and subscribe, never edit the settings.
 */

export const EDITOR_ROLES = ['installer', 'settings-admin', 'workspace-admin'] as const;
export type EditorRole = (typeof EDITOR_ROLES)[number];

export interface EditorFacts {
  userId: string;
  installerUserId: string | null;
  /** The admins the workspace's settings name. */
  settingsAdmins: readonly string[];
  /** users.info: an admin, an owner or the primary owner; null when Slack could not say. */
  slackAdmin: boolean | null;
}

/** Why the user may edit, or null (pure). */
export function editorRole(facts: EditorFacts): EditorRole | null {
  if (facts.installerUserId !== null && facts.userId === facts.installerUserId) return 'installer';
  if (facts.settingsAdmins.includes(facts.userId)) return 'settings-admin';
  if (facts.slackAdmin === true) return 'workspace-admin';
  return null;
}

const usersInfoSchema = z.object({
  user: z
    .object({
      is_admin: z.boolean().optional(),
      is_owner: z.boolean().optional(),
      is_primary_owner: z.boolean().optional(),
    })
    .optional(),
});

/** Whether Slack says the user administers the workspace; null when users.info failed. */
async function isSlackAdmin(
  client: WebClient,
  userId: string,
  logger: Logger,
): Promise<boolean | null> {
  try {
    const parsed = usersInfoSchema.safeParse(await client.users.info({ user: userId }));
    const user = parsed.success ? parsed.data.user : undefined;
    return user?.is_admin === true || user?.is_owner === true || user?.is_primary_owner === true;
  } catch (error) {
    logger.warn({ err: error, userId }, 'users.info failed; not treated as a workspace admin');
    return null;
  }
}

export interface EditorCheck {
  client: WebClient;
  store: Pick<Store, 'installations'>;
  logger: Logger;
  key: TenantKey;
  userId: string;
  settingsAdmins: readonly string[];
}

/**
 * The user's editor role, asking only as much as needed: the settings' admins (already read),
 * the installation's installer (the store), then Slack (users.info).
 */
export async function checkEditor(check: EditorCheck): Promise<EditorRole | null> {
  const base = { userId: check.userId, settingsAdmins: check.settingsAdmins, slackAdmin: null };
  const fromSettings = editorRole({ ...base, installerUserId: null });
  if (fromSettings !== null) return fromSettings;
  const installation = await check.store.installations.get(check.key);
  const installerUserId = installation?.installerUserId ?? null;
  const asInstaller = editorRole({ ...base, installerUserId });
  if (asInstaller !== null) return asInstaller;
  const slackAdmin = await isSlackAdmin(check.client, check.userId, check.logger);
  return editorRole({ ...base, installerUserId, slackAdmin });
}

/** Said to whoever may not edit (a modal or a Home notice). */
export const NOT_AN_EDITOR =
  "Only whoever installed Scale Review, this workspace's admins and owners, and the admins named in its Settings may change the settings.";
