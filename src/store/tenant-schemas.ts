import { z } from 'zod';
import { idSchema } from './id-schema.js';
import type { InstallationInput, InstallationRecord } from './ports/installations.js';
import {
  WORKSPACE_STATUSES,
  type WorkspaceRecord,
  type WorkspaceSettings,
} from './ports/workspaces.js';

/**
 * Schemas of installations and workspace records (src/store/ports/installations.ts,
 * workspaces.ts). What the store is given is strict; what it reads back drops unknown top-level
 * fields (Mongo's `_id`). Sealed secrets are opaque: the store checks that they are strings that
 * cannot be a plain Slack token or URL, and never changes them.
 */

/** A Slack team id (`T…`) or enterprise id (`E…`): a tenant key. */
export const tenantKeySchema = z.string().regex(/^[TE][A-Z0-9]{1,63}$/, {
  error: 'a tenant key is a Slack team id (T…) or enterprise id (E…)',
});
const teamIdSchema = z.string().regex(/^T[A-Z0-9]{1,63}$/, { error: 'a Slack team id is T…' });
const enterpriseIdSchema = z
  .string()
  .regex(/^E[A-Z0-9]{1,63}$/, { error: 'a Slack enterprise id is E…' });

/** Looks like a secret in plain text: a Slack token (xoxb-, xoxe.xoxb-, xapp-…) or a URL. */
const PLAIN_SECRET = /^(xox|xapp-)|:\/\//i;

/** A sealed secret: printable ASCII without spaces, never something that reads as plain text. */
export const sealedSchema = z
  .string()
  .min(1)
  .max(16_384)
  .regex(/^[\x21-\x7e]+$/, { error: 'a sealed secret is printable ASCII without spaces' })
  .refine((value) => !PLAIN_SECRET.test(value), {
    error: 'refusing a secret that is not sealed (it reads as a token or URL)',
  });

const nameSchema = z.string().min(1).max(256);
const dateOrNull = z.date().nullable();

const installationShape = {
  key: tenantKeySchema,
  teamId: teamIdSchema.nullable(),
  teamName: nameSchema.nullable(),
  enterpriseId: enterpriseIdSchema.nullable(),
  enterpriseName: nameSchema.nullable(),
  isEnterpriseInstall: z.boolean(),
  appId: idSchema,
  botId: idSchema,
  botUserId: idSchema,
  scopes: z.array(z.string().min(1).max(200)).max(200),
  botToken: sealedSchema,
  refreshToken: sealedSchema.nullable(),
  botTokenExpiresAt: dateOrNull,
  installerUserId: idSchema,
  installedAt: z.date(),
};

type InstallationFields = Pick<
  InstallationInput,
  'key' | 'teamId' | 'enterpriseId' | 'isEnterpriseInstall' | 'refreshToken' | 'botTokenExpiresAt'
>;

const keyRule = {
  check: (i: InstallationFields) => i.key === (i.isEnterpriseInstall ? i.enterpriseId : i.teamId),
  error: 'key must be the enterprise id of an org-wide install, the team id otherwise',
  path: ['key'],
};
const rotationRule = {
  check: (i: InstallationFields) => (i.refreshToken === null) === (i.botTokenExpiresAt === null),
  error: 'refreshToken and botTokenExpiresAt are both set (token rotation) or both null',
  path: ['botTokenExpiresAt'],
};

export const installationInputSchema = z
  .strictObject(installationShape)
  .refine(keyRule.check, { error: keyRule.error, path: keyRule.path })
  .refine(rotationRule.check, {
    error: rotationRule.error,
    path: rotationRule.path,
  }) satisfies z.ZodType<InstallationInput>;

export const storedInstallationSchema = z
  .object({ ...installationShape, version: z.number().int().min(1), updatedAt: z.date() })
  .refine(keyRule.check, { error: keyRule.error, path: keyRule.path })
  .refine(rotationRule.check, {
    error: rotationRule.error,
    path: rotationRule.path,
  }) satisfies z.ZodType<InstallationRecord>;

export const installationTokensSchema = z
  .strictObject({
    botToken: sealedSchema,
    refreshToken: sealedSchema.nullable(),
    botTokenExpiresAt: dateOrNull,
  })
  .refine((t) => (t.refreshToken === null) === (t.botTokenExpiresAt === null), {
    error: rotationRule.error,
    path: rotationRule.path,
  });

export const versionSchema = z.number().int().min(0);

/** The settings' JSON, serialised: at most this many characters. */
export const MAX_SETTINGS_JSON = 65_536;

const secretNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,128}$/, { error: 'a secret name is letters, digits, _ . -' });

export const workspaceSettingsSchema = z
  .strictObject({
    values: z.record(z.string().min(1).max(128), z.json()),
    secrets: z.record(secretNameSchema, sealedSchema),
  })
  .refine((s) => Object.keys(s.secrets).length <= 50, {
    error: 'at most 50 secrets',
    path: ['secrets'],
  })
  .refine((s) => JSON.stringify(s).length <= MAX_SETTINGS_JSON, {
    error: `the settings are over ${MAX_SETTINGS_JSON} characters of JSON`,
    path: ['values'],
  }) satisfies z.ZodType<WorkspaceSettings>;

/** AWS's rule for an AssumeRole external id. */
export const externalIdSchema = z
  .string()
  .regex(/^[\w+=,.@:/-]{2,1224}$/, { error: 'an external id is 2-1224 of [A-Za-z0-9_+=,.@:/-]' });

export const retentionDaysSchema = z.number().int().min(0).max(3650);

export const storedWorkspaceSchema = z
  .object({
    key: tenantKeySchema,
    status: z.enum(WORKSPACE_STATUSES),
    installedAt: dateOrNull,
    uninstalledAt: dateOrNull,
    purgeAfter: dateOrNull,
    externalId: externalIdSchema.nullable(),
    settings: workspaceSettingsSchema,
    settingsUpdatedBy: idSchema.nullable(),
    version: z.number().int().min(1),
    updatedAt: z.date(),
  })
  .refine(
    (w) =>
      w.status === 'active'
        ? w.externalId !== null && w.installedAt !== null && w.purgeAfter === null
        : w.externalId === null && w.uninstalledAt !== null && w.purgeAfter !== null,
    {
      error:
        'an active workspace has an external id and no purge date; an uninstalled one the reverse',
      path: ['status'],
    },
  ) satisfies z.ZodType<WorkspaceRecord>;
