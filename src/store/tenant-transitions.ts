import type {
  InstallationInput,
  InstallationRecord,
  InstallationTokens,
  ReplaceTokensResult,
} from './ports/installations.js';
import type {
  UpdateSettingsResult,
  WorkspaceRecord,
  WorkspaceSettings,
} from './ports/workspaces.js';

/**
 * What each write of an installation or workspace record does, decided from the current record
 * (null: none, deleted, or malformed), pure and shared by both adapters. An adapter reads the
 * current record, asks for the step, and writes `write` as version `version` (SQLite: in one
 * transaction; MongoDB: by a unique insert of that version, read again and retried when another
 * writer took it first, so a compare-and-set that lost sees the winner and reports it).
 */

/** A step's write that removes the record. */
export const REMOVE = Symbol('remove');

export type Step<R, T> = { write: R | typeof REMOVE; result: T } | { result: T };

const DAY_MS = 86_400_000;

export function putInstallationStep(
  input: InstallationInput,
  now: Date,
  version: number,
): Step<InstallationRecord, InstallationRecord> {
  const record = { ...input, version, updatedAt: now };
  return { write: record, result: record };
}

export function replaceTokensStep(
  current: InstallationRecord | null,
  expectedVersion: number,
  tokens: InstallationTokens,
  now: Date,
  version: number,
): Step<InstallationRecord, ReplaceTokensResult> {
  if (current === null || current.version !== expectedVersion)
    return { result: { ok: false, current } };
  const record = { ...current, ...tokens, version, updatedAt: now };
  return { write: record, result: { ok: true, record } };
}

/** `present`: a record is stored, readable or not (a malformed one goes too). */
export function deleteStep<R>(present: boolean): Step<R, boolean> {
  return present ? { write: REMOVE, result: true } : { result: false };
}

const NO_SETTINGS: WorkspaceSettings = { values: {}, secrets: {} };

export function activateStep(
  current: WorkspaceRecord | null,
  key: string,
  externalId: string,
  now: Date,
  version: number,
): Step<WorkspaceRecord, WorkspaceRecord> {
  if (current?.status === 'active') return { result: current };
  const record: WorkspaceRecord = {
    key,
    status: 'active',
    installedAt: now,
    uninstalledAt: null,
    purgeAfter: null,
    externalId,
    settings: NO_SETTINGS,
    settingsUpdatedBy: null,
    version,
    updatedAt: now,
  };
  return { write: record, result: record };
}

export function updateSettingsStep(
  current: WorkspaceRecord | null,
  expectedVersion: number,
  settings: WorkspaceSettings,
  userId: string,
  now: Date,
  version: number,
): Step<WorkspaceRecord, UpdateSettingsResult> {
  if (current === null || current.status !== 'active' || current.version !== expectedVersion) {
    return { result: { ok: false, current } };
  }
  const record = { ...current, settings, settingsUpdatedBy: userId, version, updatedAt: now };
  return { write: record, result: { ok: true, record } };
}

export function uninstallStep(
  current: WorkspaceRecord | null,
  key: string,
  now: Date,
  retentionDays: number,
  version: number,
): Step<WorkspaceRecord, WorkspaceRecord> {
  if (current?.status === 'uninstalled') return { result: current };
  const record: WorkspaceRecord = {
    key,
    status: 'uninstalled',
    installedAt: current?.installedAt ?? null,
    uninstalledAt: now,
    purgeAfter: new Date(now.getTime() + retentionDays * DAY_MS),
    externalId: null,
    settings: { values: current?.settings.values ?? {}, secrets: {} },
    settingsUpdatedBy: current?.settingsUpdatedBy ?? null,
    version,
    updatedAt: now,
  };
  return { write: record, result: record };
}
