import type { ModalView } from '@slack/types';
import { buildSettingsModal, buildSettingsNotice } from '../../../blocks/settings-modal.js';
import { describeFailure } from '../../app/user-errors.js';
import type { WorkspaceRecord } from '../../store/ports/workspaces.js';
import { parseWorkspaceSettings, type SettingsEditing } from '../../tenancy/workspace-settings.js';
import { type ActionContext, metaOf } from '../actions/action-context.js';
import { logFailure } from '../reply.js';
import type { SlackDeps } from '../slack-deps.js';
import { publishHome } from './home.js';
import {
  checkEditor,
  type EditorRole,
  NOT_AN_EDITOR,
  type SettingsRequest,
} from './settings-access.js';
import { settingsModalModel } from './settings-model.js';

/** The App Home's Settings button: the modal, for whoever may change the settings. */

export const SETTINGS_MESSAGES = {
  single:
    'This Scale Review serves one workspace: its settings are the `scale-review.yml` of whoever runs it (docs/config.md), not set in Slack.',
  notInstalled:
    'Scale Review is not installed in this workspace any more: install it again to change its settings.',
  notAnEditor: NOT_AN_EDITOR,
} as const;

export type EditableWorkspace =
  | { ok: true; editing: SettingsEditing; record: WorkspaceRecord; role: EditorRole }
  | { ok: false; message: string };

/**
 * The workspace the request may edit: installed mode with Settings wired, an active workspace,
 * and a user who may change it (settings-access.ts). Otherwise the sentence that says why not.
 */
export async function editableWorkspace(
  deps: SlackDeps,
  request: SettingsRequest,
): Promise<EditableWorkspace> {
  const editing = deps.settings;
  if (deps.tenants.mode === 'single' || editing === undefined) {
    return { ok: false, message: SETTINGS_MESSAGES.single };
  }
  const key = deps.tenants.keyOf(request.origin);
  const record = await deps.store.workspaces.get(key);
  if (record === null || record.status !== 'active') {
    return { ok: false, message: SETTINGS_MESSAGES.notInstalled };
  }
  const { permissions } = parseWorkspaceSettings(
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
    settingsAdmins: permissions.admins,
  });
  if (role === null) {
    deps.logger.info({ tenant: key, userId: request.userId }, 'settings refused: not an editor');
    return { ok: false, message: SETTINGS_MESSAGES.notAnEditor };
  }
  return { ok: true, editing, record, role };
}

/** The view the Settings button opens: the modal, or a notice saying why not. */
export async function settingsView(deps: SlackDeps, request: SettingsRequest): Promise<ModalView> {
  const found = await editableWorkspace(deps, request);
  if (!found.ok) return buildSettingsNotice(found.message);
  return buildSettingsModal(settingsModalModel(found.record, found.editing.defaults));
}

export async function handleOpenSettings(ctx: ActionContext): Promise<void> {
  const { deps, interaction: i, client } = ctx;
  const triggerId = i.triggerId;
  const request: SettingsRequest = {
    client,
    origin: {
      teamId: i.teamId,
      enterpriseId: i.enterpriseId,
      isEnterpriseInstall: i.isEnterpriseInstall,
    },
    userId: i.userId,
  };
  try {
    if (triggerId === null) throw new Error('the click has no trigger_id');
    await client.views.open({ trigger_id: triggerId, view: await settingsView(deps, request) });
  } catch (error) {
    // The trigger may have expired (3 s): the failure goes to the top of the user's Home.
    const failure = describeFailure(error);
    logFailure(deps.logger, error, failure, metaOf(ctx));
    await publishHome(deps, {
      client,
      teamId: i.teamId,
      userId: i.userId,
      origin: request.origin,
      notice: `:warning: ${failure.message}`,
    });
  }
}
