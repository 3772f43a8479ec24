import type { Authorize, AuthorizeResult, AuthorizeSourceData } from '@slack/bolt';
import type { TenantKey } from '../../store/ports/installations.js';
import { tenantKeyOf } from '../../tenancy/tenant-key.js';
import type { TokenSource } from '../../tenancy/token-source.js';

/**
 * Bolt's `authorize` in OAuth mode: the tenant of the request (the org of an org-wide install, the
 * workspace otherwise), its installation's bot token from the token source (refreshed there when
 * rotation is on and it expires soon) and its bot ids. Bolt skips `authorize` for `app_uninstalled`
 * and `tokens_revoked` (their installation may already be gone), and logs the error of a request
 * whose workspace has no installation, then acks it with nothing run.
 */

/** A request from a workspace (or org) that has no installation of the app. */
export class NotInstalledError extends Error {
  override readonly name = 'NotInstalledError';
  constructor(readonly key: TenantKey) {
    super(
      `no installation for ${key}: the request is ignored (the workspace installs the app at PUBLIC_URL/slack/install)`,
    );
  }
}

export function createAuthorize(tokens: TokenSource): Authorize<boolean> {
  return async (source: AuthorizeSourceData<boolean>): Promise<AuthorizeResult> => {
    const key = tenantKeyOf({
      teamId: source.teamId,
      enterpriseId: source.enterpriseId,
      isEnterpriseInstall: source.isEnterpriseInstall,
    });
    const token = await tokens.botTokenFor(key);
    if (token === null) throw new NotInstalledError(key);
    // The workspace of the request (under an org-wide install, the one it came from).
    const teamId = source.teamId ?? token.teamId ?? undefined;
    const enterpriseId = token.enterpriseId ?? source.enterpriseId ?? undefined;
    return {
      botToken: token.botToken,
      botId: token.botId,
      botUserId: token.botUserId,
      ...(teamId === undefined ? {} : { teamId }),
      ...(enterpriseId === undefined ? {} : { enterpriseId }),
    };
  };
}
