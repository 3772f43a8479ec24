import type { Sealer } from '../secrets/sealer.js';
import type {
  InstallationRecord,
  InstallationTokens,
  TenantKey,
} from '../store/ports/installations.js';
import type { TenantToken } from './token-source.js';

/**
 * The sealed fields of an installation (src/store/ports/installations.ts) and the context each is
 * sealed under: the tenant key and the field (`T012:botToken`), so a value copied to another
 * workspace or field does not open (src/secrets/sealer.ts).
 */
export const SEALED_INSTALLATION_FIELDS = ['botToken', 'refreshToken'] as const;
export type SealedInstallationField = (typeof SEALED_INSTALLATION_FIELDS)[number];

export function sealContext(key: TenantKey, field: SealedInstallationField): string {
  return `${key}:${field}`;
}

/** The tokens in plain text, as Slack gave them. */
export interface PlainTokens {
  botToken: string;
  /** null unless token rotation is on (then `botTokenExpiresAt` is set too). */
  refreshToken: string | null;
  botTokenExpiresAt: Date | null;
}

export function sealTokens(sealer: Sealer, key: TenantKey, plain: PlainTokens): InstallationTokens {
  return {
    botToken: sealer.seal(plain.botToken, sealContext(key, 'botToken')),
    refreshToken:
      plain.refreshToken === null
        ? null
        : sealer.seal(plain.refreshToken, sealContext(key, 'refreshToken')),
    botTokenExpiresAt: plain.botTokenExpiresAt,
  };
}

/** @throws SealedValueError when SEALING_KEYS does not open the bot token. */
export function openBotToken(sealer: Sealer, record: InstallationRecord): string {
  return sealer.open(record.botToken, sealContext(record.key, 'botToken'));
}

/** @throws SealedValueError when SEALING_KEYS does not open the refresh token. */
export function openRefreshToken(sealer: Sealer, record: InstallationRecord): string | null {
  return record.refreshToken === null
    ? null
    : sealer.open(record.refreshToken, sealContext(record.key, 'refreshToken'));
}

/** The record's bot token and ids, opened. @throws SealedValueError */
export function tenantTokenOf(sealer: Sealer, record: InstallationRecord): TenantToken {
  return {
    key: record.key,
    botToken: openBotToken(sealer, record),
    botId: record.botId,
    botUserId: record.botUserId,
    teamId: record.teamId,
    enterpriseId: record.enterpriseId,
    isEnterpriseInstall: record.isEnterpriseInstall,
    expiresAt: record.botTokenExpiresAt,
  };
}
