import { randomBytes } from 'node:crypto';
import type { InstallationInput } from '../../src/store/ports.js';
import { at } from './fixtures.js';

/** An enterprise id no other test uses (team ids: `uniqueTeam()`). */
export function uniqueEnterprise(): string {
  return `E${randomBytes(6).toString('hex').toUpperCase()}`;
}

/**
 * A sealed secret as the app would hand it over: opaque to the store, unique, and containing
 * nothing that reads as a plain token or URL.
 */
export function sealed(): string {
  return `sealed.v1.k1.${randomBytes(24).toString('base64url')}`;
}

/** A workspace install with token rotation on. */
export function installationInput(
  key: string,
  overrides: Partial<InstallationInput> = {},
): InstallationInput {
  return {
    key,
    teamId: key,
    teamName: 'Acme',
    enterpriseId: null,
    enterpriseName: null,
    isEnterpriseInstall: false,
    appId: 'A0SCALE',
    botId: 'B0BOT',
    botUserId: 'U0BOT',
    scopes: ['chat:write', 'commands'],
    botToken: sealed(),
    refreshToken: sealed(),
    botTokenExpiresAt: at(12 * 3_600_000),
    installerUserId: 'U_ANA',
    installedAt: at(0),
    ...overrides,
  };
}

/** An org-wide Enterprise Grid install (keyed by the enterprise id), without rotation. */
export function orgInstallationInput(enterpriseId: string): InstallationInput {
  return installationInput(enterpriseId, {
    teamId: null,
    teamName: null,
    enterpriseId,
    enterpriseName: 'Acme Group',
    isEnterpriseInstall: true,
    refreshToken: null,
    botTokenExpiresAt: null,
  });
}
