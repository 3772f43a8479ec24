import { WebAPIPlatformError, type WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Logger } from '../logging/logger.js';
import type { Sealer } from '../secrets/sealer.js';
import type {
  InstallationRecord,
  InstallationStore,
  TenantKey,
} from '../store/ports/installations.js';
import { openRefreshToken, sealTokens, tenantTokenOf } from '../tenancy/installation-tokens.js';
import { type TenantToken, TokenRefreshError, type TokenSource } from '../tenancy/token-source.js';

/**
 * THE token refresher of OAuth mode. With token rotation on, Slack's bot tokens expire every 12
 * hours and are refreshed with `oauth.v2.access` (grant_type=refresh_token), which also replaces
 * the refresh token: the old one is spent. Bolt would refresh only on an incoming request; a
 * weekly digest has none, so every caller (Bolt's `authorize`, the digest, the CLI) asks here.
 *
 * - A token is refreshed once it expires within REFRESH_MARGIN_MS (2 hours, as @slack/oauth does),
 *   so a digest that takes a while never holds a token that dies under it.
 * - In one process, one refresh per tenant at a time: concurrent callers share it.
 * - Across replicas, the new tokens are written with a compare-and-set on the record's version
 *   (`installations.replaceTokens`): one write lands, a replica that lost uses the winner's token.
 *   A replica whose refresh Slack refused because the refresh token was just spent by another
 *   (`invalid_refresh_token`) waits a moment for the winner's write and uses it.
 */

/** Refresh a rotating token when it expires within this much: 2 hours. */
export const REFRESH_MARGIN_MS = 2 * 60 * 60 * 1000;
/** How long a replica that lost the race waits for the winner's write, and how often it looks. */
export const RACE_WAIT_MS = 10_000;
export const RACE_POLL_MS = 250;

const refreshAnswerSchema = z.object({
  ok: z.literal(true),
  token_type: z.literal('bot'),
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().int().positive(),
});

export interface TokenRefresherOptions {
  installations: InstallationStore;
  sealer: Sealer;
  /** SLACK_CLIENT_ID and SLACK_CLIENT_SECRET. */
  clientId: string;
  clientSecret: string;
  /** A client without a token under the `oauth` policy (src/slack-api/web-client.ts). */
  client: WebClient;
  logger: Logger;
  clock: () => Date;
  marginMs?: number;
  /** How a replica that lost the race waits between looks (tests: no real sleep). */
  sleep?: (ms: number) => Promise<void>;
  raceWaitMs?: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function slackErrorOf(error: unknown): string | null {
  return error instanceof WebAPIPlatformError && typeof error.data.error === 'string'
    ? error.data.error
    : null;
}

export class TokenRefresher implements TokenSource {
  private readonly inFlight = new Map<TenantKey, Promise<InstallationRecord | null>>();
  private readonly marginMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly raceWaitMs: number;

  constructor(private readonly options: TokenRefresherOptions) {
    this.marginMs = options.marginMs ?? REFRESH_MARGIN_MS;
    this.sleep = options.sleep ?? realSleep;
    this.raceWaitMs = options.raceWaitMs ?? RACE_WAIT_MS;
  }

  /** Whether the record's token is refreshed before use at `now`. */
  isDue(record: InstallationRecord, now: Date): boolean {
    const expiresAt = record.botTokenExpiresAt;
    if (record.refreshToken === null || expiresAt === null) return false;
    return expiresAt.getTime() - now.getTime() <= this.marginMs;
  }

  /**
   * The tenant's installation with a token good for at least the margin (refreshed if it was
   * not), or null when there is none. A token that is still valid is returned as it is when Slack
   * cannot be reached; one that has expired throws.
   * @throws TokenRefreshError
   */
  async freshInstallation(
    key: TenantKey,
    now: Date = this.options.clock(),
  ): Promise<InstallationRecord | null> {
    const record = await this.options.installations.get(key);
    if (record === null || !this.isDue(record, now)) return record;
    const running = this.inFlight.get(key);
    if (running !== undefined) return running;
    const flight = this.refresh(record, now).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, flight);
    return flight;
  }

  async botTokenFor(key: TenantKey, now: Date = this.options.clock()): Promise<TenantToken | null> {
    const record = await this.freshInstallation(key, now);
    return record === null ? null : tenantTokenOf(this.options.sealer, record);
  }

  private async refresh(record: InstallationRecord, now: Date): Promise<InstallationRecord | null> {
    const { key } = record;
    const refreshToken = openRefreshToken(this.options.sealer, record);
    if (refreshToken === null) return record;
    let answer: z.infer<typeof refreshAnswerSchema>;
    try {
      const raw = await this.options.client.oauth.v2.access({
        client_id: this.options.clientId,
        client_secret: this.options.clientSecret,
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
      });
      const parsed = refreshAnswerSchema.safeParse(raw);
      if (!parsed.success) {
        throw new TokenRefreshError(
          key,
          'malformed',
          `Slack's answer to the token refresh of ${key} is not a bot token (oauth.v2.access)`,
          { cause: parsed.error },
        );
      }
      answer = parsed.data;
    } catch (error) {
      return this.afterFailure(record, now, error);
    }
    const tokens = sealTokens(this.options.sealer, key, {
      botToken: answer.access_token,
      refreshToken: answer.refresh_token,
      botTokenExpiresAt: new Date(now.getTime() + answer.expires_in * 1000),
    });
    const written = await this.options.installations.replaceTokens(
      key,
      record.version,
      tokens,
      now,
    );
    if (written.ok) {
      this.options.logger.info(
        { tenant: key, expiresAt: tokens.botTokenExpiresAt?.toISOString() },
        'bot token refreshed',
      );
      return written.record;
    }
    this.options.logger.info(
      { tenant: key, installed: written.current !== null },
      'bot token refreshed by another replica first: using its token',
    );
    return written.current;
  }

  /**
   * A refresh that failed. `invalid_refresh_token` on a record still at our version means another
   * replica spent the refresh token and has not written yet: wait for its write. Otherwise a
   * token still valid serves (logged); an expired one throws.
   */
  private async afterFailure(
    record: InstallationRecord,
    now: Date,
    error: unknown,
  ): Promise<InstallationRecord | null> {
    const { key } = record;
    const code = slackErrorOf(error);
    if (code === 'invalid_refresh_token') {
      const winner = await this.awaitOtherWrite(record);
      if (winner !== undefined) return winner;
    }
    const failure =
      error instanceof TokenRefreshError
        ? error.failure
        : code === null
          ? 'unreachable'
          : 'refused';
    const stillValid = (record.botTokenExpiresAt?.getTime() ?? 0) > now.getTime();
    this.options.logger.warn(
      { tenant: key, err: error, slackError: code, stillValid },
      stillValid
        ? 'bot token refresh failed: using the current token until it expires'
        : 'bot token refresh failed and the token has expired',
    );
    if (stillValid) return record;
    throw new TokenRefreshError(
      key,
      failure,
      code === 'invalid_refresh_token'
        ? `Slack refused the refresh token of ${key} (invalid_refresh_token): the workspace must install the app again`
        : `the bot token of ${key} expired and could not be refreshed (${code ?? failure})`,
      { cause: error },
    );
  }

  /** The record another replica wrote after ours (undefined if none came), or null if removed. */
  private async awaitOtherWrite(
    record: InstallationRecord,
  ): Promise<InstallationRecord | null | undefined> {
    const polls = Math.max(1, Math.ceil(this.raceWaitMs / RACE_POLL_MS));
    for (let i = 0; i < polls; i += 1) {
      const current = await this.options.installations.get(record.key);
      if (current === null || current.version !== record.version) return current;
      await this.sleep(RACE_POLL_MS);
    }
    return undefined;
  }
}
