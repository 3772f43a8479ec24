/**
 * Slack installations of the app (OAuth v2), one per tenant: a workspace, or an Enterprise Grid
 * org for an org-wide install. The store keeps sealed secrets only: `botToken` and
 * `refreshToken` are opaque strings the app sealed (src/secrets) before it called the store, and
 * the store writes and returns them exactly as given. The app maps a record to and from
 * `@slack/oauth`'s `Installation` (bot tokens only: Scale Review asks no user scopes, so no user
 * token is kept; `installerUserId` is the installation's `user.id`).
 */

/**
 * The tenant key: the Slack team id (`T…`) of a workspace install, or the enterprise id (`E…`) of
 * an org-wide Enterprise Grid install. Every record of a tenant is keyed by it (`teamId`).
 */
export type TenantKey = string;

/** What `installations.put` writes (a first install, or a reinstall that replaces the record). */
export interface InstallationInput {
  /** `enterpriseId` when `isEnterpriseInstall`, `teamId` otherwise. */
  key: TenantKey;
  /** null only for an org-wide install. */
  teamId: string | null;
  teamName: string | null;
  /** Set for any install inside an Enterprise Grid org; required for an org-wide one. */
  enterpriseId: string | null;
  enterpriseName: string | null;
  isEnterpriseInstall: boolean;
  appId: string;
  botId: string;
  botUserId: string;
  scopes: string[];
  /** Sealed (never a plain `xoxb-` token: the store refuses one). */
  botToken: string;
  /** Sealed; null unless token rotation is on (then `botTokenExpiresAt` is set too). */
  refreshToken: string | null;
  botTokenExpiresAt: Date | null;
  /** The Slack user who installed the app. */
  installerUserId: string;
  installedAt: Date;
}

export interface InstallationRecord extends InstallationInput {
  /** Higher after every write of the tenant's record: what `replaceTokens` compares. */
  version: number;
  updatedAt: Date;
}

/** The tokens a rotation refresh (`oauth.v2.access`, grant_type=refresh_token) replaces. */
export interface InstallationTokens {
  botToken: string;
  refreshToken: string | null;
  botTokenExpiresAt: Date | null;
}

/** A compare-and-set: `current` is what won (null when there is no record any more). */
export type ReplaceTokensResult =
  | { ok: true; record: InstallationRecord }
  | { ok: false; current: InstallationRecord | null };

export interface InstallationStore {
  /** null when the tenant has none (never installed, uninstalled) or it is malformed (logged once). */
  get(key: TenantKey): Promise<InstallationRecord | null>;
  /** Insert, or replace the tenant's record whole (a reinstall); returns it as written. */
  put(installation: InstallationInput, now: Date): Promise<InstallationRecord>;
  /**
   * Replace the tokens if the record is still at `expectedVersion`. Of replicas refreshing at
   * once, exactly one lands; the others get `{ ok: false, current }` and use the winner's token.
   */
  replaceTokens(
    key: TenantKey,
    expectedVersion: number,
    tokens: InstallationTokens,
    now: Date,
  ): Promise<ReplaceTokensResult>;
  /** Remove the record and its tokens at once (uninstall). false when there was none. */
  delete(key: TenantKey): Promise<boolean>;
  /**
   * Every installed tenant's key, sorted. Reads every installation (one scan of a small
   * collection/table: 1,000 workspaces are about 1,000 documents of under 1 KB).
   */
  keys(): Promise<TenantKey[]>;
}
