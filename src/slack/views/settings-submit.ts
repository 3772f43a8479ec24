import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { CALLBACK_IDS } from '../../../blocks/ids.js';
import { buildSettingsNotice } from '../../../blocks/settings-modal.js';
import { describeFailure } from '../../app/user-errors.js';
import type { WorkspaceSettings } from '../../store/ports/workspaces.js';
import type { TenantOrigin } from '../../tenancy/tenant-key.js';
import type { Tenants } from '../../tenancy/tenants.js';
import {
  POSTGRES_URL_SECRET,
  type SettingsEditing,
  secretContext,
  type WorkspaceValues,
} from '../../tenancy/workspace-settings.js';
import { BUSY_MESSAGE, STOPPING_MESSAGE } from '../ack.js';
import { logFailure } from '../reply.js';
import type { SlackDeps } from '../slack-deps.js';
import { publishHome } from './home.js';
import { checkSettingsForm } from './settings-check.js';
import { decodeMetadata, readSettingsState, type SettingsMetadata } from './settings-form.js';
import { thresholdKeysOf } from './settings-model.js';
import { editableWorkspace, SETTINGS_MESSAGES } from './settings-open.js';

/**
 * The Settings modal's submission. The ack path judges it without I/O (the config's schemas):
 * a wrong field gets its error on its block (`response_action: errors`) and the modal stays; a
 * valid one turns the modal into "Saving…" and the save runs from the answer queue: who may edit
 * is checked again, the URL is sealed, the record is written only if nobody changed it meanwhile
 * (compare-and-set on its version), the tenant is resolved anew and the Home republished.
 */

export const SUBMIT_MESSAGES = {
  saving: ':hourglass_flowing_sand: Saving your settings…',
  saved:
    ':white_check_mark: Settings saved. The next `/scale status`, digest and App Home use them.',
  conflict:
    'Someone changed these settings while you were editing them, so yours were not saved: close this, open Settings again to see theirs, and make your change there.',
  urlGone:
    'The saved PostgreSQL connection URL is gone (the settings changed meanwhile): open Settings again and type it.',
  unreadable:
    'This form could not be read: it may come from an older version of Scale Review. Close it and open Settings again from the App Home.',
} as const;

const submissionSchema = z.object({
  team: z
    .object({ id: z.string().min(1) })
    .nullable()
    .optional(),
  user: z.object({ id: z.string().min(1), team_id: z.string().min(1).optional() }),
  enterprise: z
    .object({ id: z.string().min(1) })
    .nullable()
    .optional(),
  is_enterprise_install: z.boolean().optional(),
  view: z.object({
    id: z.string().min(1),
    private_metadata: z.string().optional(),
    blocks: z.array(z.object({ block_id: z.string().optional() })).optional(),
    state: z.object({ values: z.unknown() }),
  }),
});

export interface SettingsSubmission {
  origin: TenantOrigin;
  teamId: string;
  userId: string;
  viewId: string;
  metadata: SettingsMetadata;
  values: WorkspaceValues;
  /** A new URL to seal, or null (keep the saved one, or none needed). */
  postgresUrl: string | null;
}

export type Judged =
  | { kind: 'errors'; errors: Record<string, string> }
  | { kind: 'notice'; message: string }
  | { kind: 'save'; submission: SettingsSubmission };

/** The ack's answer to a submission (pure: no store, no Slack call). */
export function judgeSubmission(
  deps: Pick<SlackDeps, 'settings'> & { tenants: Pick<Tenants, 'mode'> },
  body: unknown,
): Judged {
  const parsed = submissionSchema.safeParse(body);
  const editing = deps.settings;
  if (!parsed.success) return { kind: 'notice', message: SUBMIT_MESSAGES.unreadable };
  if (deps.tenants.mode === 'single' || editing === undefined) {
    return { kind: 'notice', message: SETTINGS_MESSAGES.single };
  }
  const { view, user } = parsed.data;
  const teamId = parsed.data.team?.id ?? user.team_id;
  const metadata = decodeMetadata(view.private_metadata ?? '');
  const keys = thresholdKeysOf(editing.defaults.plan);
  const form = readSettingsState(view.state.values, keys);
  if (teamId === undefined || metadata === null || form === null) {
    return { kind: 'notice', message: SUBMIT_MESSAGES.unreadable };
  }
  const blockIds = new Set([
    ...(view.blocks ?? []).flatMap((b) => (b.block_id === undefined ? [] : [b.block_id])),
    ...Object.keys(z.record(z.string(), z.unknown()).catch({}).parse(view.state.values)),
  ]);
  const check = checkSettingsForm(form, {
    defaults: editing.defaults,
    metadata,
    thresholdKeys: keys,
    blockIds,
  });
  if (!check.ok) return { kind: 'errors', errors: check.errors };
  return {
    kind: 'save',
    submission: {
      origin: {
        teamId,
        enterpriseId: parsed.data.enterprise?.id ?? null,
        isEnterpriseInstall: parsed.data.is_enterprise_install === true,
      },
      teamId,
      userId: user.id,
      viewId: view.id,
      metadata,
      values: check.values,
      postgresUrl: check.postgresUrl,
    },
  };
}

/**
 * The secrets after the edit: a typed URL sealed for this tenant and field, the saved one kept,
 * or none when the source no longer needs it (a secret not in use is not kept). Null: the
 * URL is needed, none was typed, and none is saved any more.
 */
export function secretsAfter(
  saved: Readonly<Record<string, string>>,
  s: Pick<SettingsSubmission, 'values' | 'postgresUrl'>,
  sealer: SettingsEditing['sealer'],
  key: string,
): Record<string, string> | null {
  const { [POSTGRES_URL_SECRET]: url, ...others } = saved;
  if (s.values.metrics?.source !== 'postgres') return others;
  if (s.postgresUrl !== null) {
    const context = secretContext(key, POSTGRES_URL_SECRET);
    return { ...others, [POSTGRES_URL_SECRET]: sealer.seal(s.postgresUrl, context) };
  }
  return url === undefined ? null : { ...others, [POSTGRES_URL_SECRET]: url };
}

/** Saves the settings; returns what the modal then says. */
async function save(deps: SlackDeps, client: WebClient, s: SettingsSubmission): Promise<string> {
  const found = await editableWorkspace(deps, { client, origin: s.origin, userId: s.userId });
  if (!found.ok) return `:no_entry: ${found.message} Nothing was saved.`;
  const { record, editing } = found;
  if (record.version !== s.metadata.version) return SUBMIT_MESSAGES.conflict;
  const secrets = secretsAfter(record.settings.secrets, s, editing.sealer, record.key);
  if (secrets === null) return SUBMIT_MESSAGES.urlGone;
  const settings: WorkspaceSettings = { values: { ...s.values }, secrets };
  const now = deps.clock();
  const written = await deps.store.workspaces.updateSettings(
    record.key,
    s.metadata.version,
    settings,
    s.userId,
    now,
  );
  if (!written.ok) {
    return written.current === null || written.current.status !== 'active'
      ? `:no_entry: ${SETTINGS_MESSAGES.notInstalled}`
      : SUBMIT_MESSAGES.conflict;
  }
  deps.tenants.invalidate(record.key);
  deps.logger.info(
    { tenant: record.key, userId: s.userId, version: written.record.version },
    'workspace settings saved',
  );
  await publishHome(deps, {
    client,
    teamId: s.teamId,
    userId: s.userId,
    origin: s.origin,
    notice: SUBMIT_MESSAGES.saved,
  });
  return SUBMIT_MESSAGES.saved;
}

async function showInModal(deps: SlackDeps, client: WebClient, viewId: string, message: string) {
  try {
    await client.views.update({ view_id: viewId, view: buildSettingsNotice(message) });
  } catch (error) {
    deps.logger.warn({ err: error, viewId }, 'views.update of the settings modal failed');
  }
}

/** The save and its outcome in the modal. Never throws. */
export async function saveSettings(
  deps: SlackDeps,
  client: WebClient,
  s: SettingsSubmission,
): Promise<void> {
  let message: string;
  try {
    message = await save(deps, client, s);
  } catch (error) {
    const failure = describeFailure(error);
    logFailure(deps.logger, error, failure, { userId: s.userId, surface: 'settings' });
    message = `:warning: ${failure.message} Your settings were not saved.`;
  }
  await showInModal(deps, client, s.viewId, message);
}

export function registerSettings(app: App, deps: SlackDeps): void {
  app.view(CALLBACK_IDS.settings, async ({ ack, body, client }) => {
    const judged = judgeSubmission(deps, body);
    if (judged.kind === 'errors') {
      await ack({ response_action: 'errors', errors: judged.errors });
      return;
    }
    if (judged.kind === 'notice') {
      await ack({ response_action: 'update', view: buildSettingsNotice(judged.message) });
      return;
    }
    await ack({ response_action: 'update', view: buildSettingsNotice(SUBMIT_MESSAGES.saving) });
    const { submission } = judged;
    const offer = deps.answers.offer({
      kind: 'view_submission',
      meta: { teamId: submission.teamId, userId: submission.userId },
      run: () => saveSettings(deps, client, submission),
    });
    if (offer === 'queued') return;
    const busy = offer === 'full' ? BUSY_MESSAGE : STOPPING_MESSAGE;
    await deps.tracker.track(() =>
      showInModal(deps, client, submission.viewId, `${busy} Your settings were not saved.`),
    );
  });
}
