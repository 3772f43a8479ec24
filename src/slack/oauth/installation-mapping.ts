import type { Installation, InstallationQuery } from '@slack/oauth';
import { z } from 'zod';
import type { Sealer } from '../../secrets/sealer.js';
import type {
  InstallationInput,
  InstallationRecord,
  TenantKey,
} from '../../store/ports/installations.js';
import { openBotToken, openRefreshToken, sealTokens } from '../../tenancy/installation-tokens.js';
import { tenantKeyOf } from '../../tenancy/tenant-key.js';

/**
 * @slack/oauth's `Installation` (what its InstallProvider builds from the `oauth.v2.access` answer)
 * to our installation record and back. Bot tokens only: Scale Review asks no user scopes, so a
 * user token, if Slack ever sent one, is not kept. The tokens are sealed before they leave here
 * (src/tenancy/installation-tokens.ts).
 */

const entity = z.object({ id: z.string().min(1), name: z.string().optional() });

/** What the library hands to `storeInstallation`, as far as we use it. */
export const libraryInstallationSchema = z.object({
  team: entity.nullish(),
  enterprise: entity.nullish(),
  user: z.object({ id: z.string().min(1) }),
  bot: z.object({
    token: z.string().min(1),
    refreshToken: z.string().min(1).optional(),
    /** Unix seconds, computed by the library from its own clock (`Date.now`). */
    expiresAt: z.number().int().optional(),
    scopes: z.array(z.string().min(1)),
    id: z.string().min(1),
    userId: z.string().min(1),
  }),
  appId: z.string().min(1),
  isEnterpriseInstall: z.boolean().optional(),
  authVersion: z.literal('v2').optional(),
});
export type LibraryInstallation = z.infer<typeof libraryInstallationSchema>;

/** An installation the app cannot keep: no bot token, or a shape Slack does not send. */
export class InstallationShapeError extends Error {
  override readonly name = 'InstallationShapeError';
}

export interface ToInputOptions {
  sealer: Sealer;
  /** The app's clock: the install's date and the base of the token's expiry. */
  now: Date;
  /**
   * The library's clock in unix seconds (its `expiresAt` is its `Date.now()` plus Slack's
   * `expires_in`): the expiry is carried over to the app's clock as "that many seconds from now".
   */
  libraryNowSeconds: number;
}

/**
 * The record `installations.put` writes for an install, tokens sealed.
 * @throws InstallationShapeError (the reason names no token)
 */
export function installationToInput(
  installation: Installation,
  options: ToInputOptions,
): InstallationInput {
  const parsed = libraryInstallationSchema.safeParse(installation);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(root)'))];
    throw new InstallationShapeError(
      `the installation from Slack has no bot token or an unexpected shape (${fields.join(', ')})`,
      { cause: parsed.error },
    );
  }
  const i = parsed.data;
  const isEnterpriseInstall = i.isEnterpriseInstall ?? false;
  const key = tenantKeyOf({
    teamId: i.team?.id,
    enterpriseId: i.enterprise?.id,
    isEnterpriseInstall,
  });
  const rotating = i.bot.refreshToken !== undefined && i.bot.expiresAt !== undefined;
  const expiresIn = rotating ? (i.bot.expiresAt ?? 0) - options.libraryNowSeconds : 0;
  const tokens = sealTokens(options.sealer, key, {
    botToken: i.bot.token,
    refreshToken: rotating ? (i.bot.refreshToken ?? null) : null,
    botTokenExpiresAt: rotating ? new Date(options.now.getTime() + expiresIn * 1000) : null,
  });
  return {
    key,
    teamId: isEnterpriseInstall ? null : (i.team?.id ?? null),
    teamName: isEnterpriseInstall ? null : (i.team?.name ?? null),
    enterpriseId: i.enterprise?.id ?? null,
    enterpriseName: i.enterprise?.name ?? null,
    isEnterpriseInstall,
    appId: i.appId,
    botId: i.bot.id,
    botUserId: i.bot.userId,
    scopes: i.bot.scopes,
    ...tokens,
    installerUserId: i.user.id,
    installedAt: options.now,
  };
}

/**
 * The library's `Installation` for a stored record, tokens opened (what `fetchInstallation`
 * returns). @throws SealedValueError when SEALING_KEYS does not open them.
 */
export function recordToInstallation(record: InstallationRecord, sealer: Sealer): Installation {
  const refreshToken = openRefreshToken(sealer, record);
  const expiresAt = record.botTokenExpiresAt;
  const enterprise =
    record.enterpriseId === null
      ? undefined
      : {
          id: record.enterpriseId,
          ...(record.enterpriseName === null ? {} : { name: record.enterpriseName }),
        };
  return {
    team:
      record.teamId === null
        ? undefined
        : { id: record.teamId, ...(record.teamName === null ? {} : { name: record.teamName }) },
    enterprise,
    user: { id: record.installerUserId, token: undefined, scopes: undefined },
    bot: {
      token: openBotToken(sealer, record),
      ...(refreshToken === null ? {} : { refreshToken }),
      ...(expiresAt === null ? {} : { expiresAt: Math.floor(expiresAt.getTime() / 1000) }),
      scopes: record.scopes,
      id: record.botId,
      userId: record.botUserId,
    },
    appId: record.appId,
    tokenType: 'bot',
    isEnterpriseInstall: record.isEnterpriseInstall,
    authVersion: 'v2',
  } satisfies Installation<'v2', boolean>;
}

/** The tenant an installation query (or Bolt's authorize source) names. */
export function tenantKeyOfQuery(query: InstallationQuery<boolean>): TenantKey {
  return tenantKeyOf({
    teamId: query.teamId,
    enterpriseId: query.enterpriseId,
    isEnterpriseInstall: query.isEnterpriseInstall,
  });
}
