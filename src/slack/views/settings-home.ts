import type { HomeSettings } from '../../../blocks/settings-home.js';
import { parseWorkspaceSettings } from '../../tenancy/workspace-settings.js';
import type { SlackDeps } from '../slack-deps.js';
import { checkEditor, type SettingsRequest } from './settings-access.js';
import { metricsSummary } from './settings-model.js';

/**
 * The App Home's settings line: with one workspace, that the YAML is the config; for an installed
 * workspace, what its metrics come from, what no longer applies, and the Settings button for whoever
 * may change them. Never throws: when it cannot be told, the Home shows no settings line.
 */
export async function homeSettings(
  deps: SlackDeps,
  request: SettingsRequest,
): Promise<HomeSettings | null> {
  if (deps.tenants.mode === 'single') return { kind: 'file' };
  const editing = deps.settings;
  if (editing === undefined) return null;
  try {
    const key = deps.tenants.keyOf(request.origin);
    const record = await deps.store.workspaces.get(key);
    if (record === null || record.status !== 'active') return null;
    const parsed = parseWorkspaceSettings(
      record.settings.values,
      editing.defaults,
      record.externalId,
    );
    const role = await checkEditor({
      client: request.client,
      store: deps.store,
      logger: deps.logger,
      key,
      userId: request.userId,
      settingsAdmins: parsed.permissions.admins,
    });
    return {
      kind: 'workspace',
      canEdit: role !== null,
      metrics: metricsSummary(record, editing.defaults),
      problems: parsed.problems.map((p) => `${p.path}: ${p.message}`),
    };
  } catch (error) {
    deps.logger.warn(
      { err: error, userId: request.userId },
      'settings line of the Home unavailable',
    );
    return null;
  }
}
