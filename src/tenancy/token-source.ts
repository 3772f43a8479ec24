import type { TenantKey } from '../store/ports/installations.js';

/**
 * A tenant's bot token, ready for the Web API: opened (never sealed), and refreshed first when token
 * rotation is on and it expires soon (src/slack-api/token-refresher.ts). What the Bolt `authorize`
 * of OAuth mode, the digest and the CLI ask for before they call Slack for a workspace.
 */
export interface TenantToken {
  key: TenantKey;
  /** The bot token in plain text (`xoxb-…`, or `xoxe.xoxb-…` with rotation): never log it. */
  botToken: string;
  botId: string;
  botUserId: string;
  /** null for an org-wide install (the org is the tenant). */
  teamId: string | null;
  enterpriseId: string | null;
  isEnterpriseInstall: boolean;
  /** When the token expires (token rotation), else null. */
  expiresAt: Date | null;
}

export interface TokenSource {
  /**
   * The tenant's bot token, refreshed first when it expires within the refresh margin; null when
   * the tenant has no installation (never installed, or uninstalled).
   * @throws TokenRefreshError when the token has expired and Slack refused or did not answer the
   *   refresh; SealedValueError when SEALING_KEYS does not open it.
   */
  botTokenFor(key: TenantKey, now?: Date): Promise<TenantToken | null>;
}

export const TOKEN_REFRESH_FAILURES = ['refused', 'unreachable', 'malformed'] as const;
export type TokenRefreshFailure = (typeof TOKEN_REFRESH_FAILURES)[number];

/**
 * A rotating token that could not be refreshed. The message names the tenant and Slack's error
 * code at most, never a token.
 */
export class TokenRefreshError extends Error {
  override readonly name = 'TokenRefreshError';
  constructor(
    readonly key: TenantKey,
    readonly failure: TokenRefreshFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
