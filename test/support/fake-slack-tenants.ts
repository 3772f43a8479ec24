import { randomBytes } from 'node:crypto';
import {
  createWorkspace,
  type FakeChannel,
  type FakeEnterprise,
  type FakeUser,
  type IssuedToken,
  str,
  type Workspace,
  type WorkspaceOptions,
} from './fake-slack-workspace.js';

/**
 * The fake Slack's workspaces and the tokens that act in them. A token the fake issued (OAuth) or
 * was given (`workspaces[].botToken`, `validTokens`) acts for its own workspace only; Slack answers
 * `token_revoked` once it is revoked (uninstall) and `token_expired` once a rotating token's 12
 * hours are over, by the fake's clock. An org-wide install's token acts in every workspace of its
 * org (the one named by `team_id`, else the one that has the channel, else the first).
 */

export interface FakeWorkspaceSpec {
  teamId: string;
  teamName?: string;
  /** `<domain>.slack.com` (default: the team id in lower case). */
  domain?: string;
  /** The Enterprise Grid org the workspace belongs to. */
  enterprise?: FakeEnterprise;
  botUserId?: string;
  botId?: string;
  /** A bot token the app already holds in this workspace (installed before the test). */
  botToken?: string;
  users?: Record<string, FakeUser>;
  channels?: Record<string, FakeChannel>;
  knownChannelsOnly?: boolean;
  defaultTz?: string;
}

/** How the fake sees the token of a call. */
export type Access =
  | { ok: true; ws: Workspace; issued?: IssuedToken }
  | { ok: false; error: 'not_authed' | 'invalid_auth' | 'token_revoked' | 'token_expired' };

/** Slack's rotating access tokens live 12 hours (expires_in 43200). */
export const ROTATING_TOKEN_SECONDS = 43_200;

export interface TenantsOptions extends WorkspaceOptions {
  workspaces?: readonly FakeWorkspaceSpec[];
  validTokens?: readonly string[];
  /** Unknown tokens answer invalid_auth (default: when `workspaces` or `validTokens` is given). */
  strictTokens?: boolean;
}

export class Tenants {
  readonly defaultWorkspace: Workspace;
  private readonly teams = new Map<string, Workspace>();
  private readonly tokens = new Map<string, IssuedToken>();
  /** Refresh token → the access token it was issued with; deleted once used (single use). */
  private readonly refreshes = new Map<string, IssuedToken>();
  private seq = 0;

  constructor(private readonly options: TenantsOptions) {
    this.defaultWorkspace = createWorkspace(options);
    this.teams.set(this.defaultWorkspace.teamId, this.defaultWorkspace);
    for (const token of options.validTokens ?? []) {
      if (!token.startsWith('xapp-')) this.give(token, this.defaultWorkspace);
    }
    for (const spec of options.workspaces ?? []) this.add(spec);
  }

  /** Adds a workspace (and registers its `botToken`). */
  add(spec: FakeWorkspaceSpec): Workspace {
    const ws = createWorkspace(
      {
        users: spec.users,
        channels: spec.channels,
        knownChannelsOnly: spec.knownChannelsOnly ?? this.options.knownChannelsOnly,
        defaultTz: spec.defaultTz ?? this.options.defaultTz,
        fileSharesVisibleAfterInfoCalls: this.options.fileSharesVisibleAfterInfoCalls,
      },
      {
        teamId: spec.teamId,
        teamName: spec.teamName ?? spec.teamId,
        teamDomain: spec.domain ?? spec.teamId.toLowerCase(),
        enterprise: spec.enterprise ?? null,
        botUserId: spec.botUserId ?? `U0BOT${spec.teamId}`,
        botId: spec.botId ?? `B0BOT${spec.teamId}`,
      },
    );
    this.teams.set(ws.teamId, ws);
    if (spec.botToken) this.give(spec.botToken, ws);
    return ws;
  }

  get(teamId: string): Workspace | undefined {
    return this.teams.get(teamId);
  }

  require(teamId: string): Workspace {
    const ws = this.teams.get(teamId);
    if (!ws) throw new Error(`The fake Slack has no workspace ${teamId} (add it first)`);
    return ws;
  }

  /** The workspaces of an Enterprise Grid org, in the order they were added. */
  inEnterprise(enterpriseId: string): Workspace[] {
    return [...this.teams.values()].filter((ws) => ws.enterprise?.id === enterpriseId);
  }

  all(): Workspace[] {
    return [...this.teams.values()];
  }

  /** The workspace holding an upload's file (file ids are unique across workspaces). */
  fileOwner(fileId: string): Workspace {
    return this.all().find((ws) => ws.files.has(fileId)) ?? this.defaultWorkspace;
  }

  /** Issues an access token (and, rotating, its refresh token) and registers it. */
  issue(
    grant: Omit<IssuedToken, 'token' | 'revoked' | 'refreshToken' | 'expiresAt'>,
    rotating: boolean,
  ): IssuedToken {
    const prefix = grant.kind === 'bot' ? 'xoxb' : 'xoxp';
    this.seq += 1;
    const tail = `${this.seq}-${randomBytes(12).toString('hex')}`;
    const issued: IssuedToken = {
      ...grant,
      token: rotating ? `xoxe.${prefix}-1-${tail}` : `${prefix}-${tail}`,
      revoked: false,
      expiresAt: rotating ? grant.issuedAt + ROTATING_TOKEN_SECONDS * 1000 : null,
      refreshToken: rotating ? `xoxe-1-${randomBytes(24).toString('hex')}` : null,
    };
    this.tokens.set(issued.token, issued);
    if (issued.refreshToken) this.refreshes.set(issued.refreshToken, issued);
    return issued;
  }

  /** Takes an app's refresh token: it is then invalid (Slack revokes a refresh token once used). */
  takeRefresh(refreshToken: string, clientId: string): IssuedToken | undefined {
    const issued = this.refreshes.get(refreshToken);
    if (!issued || issued.revoked || issued.clientId !== clientId) return undefined;
    this.refreshes.delete(refreshToken);
    issued.refreshToken = null;
    return issued;
  }

  find(token: string): IssuedToken | undefined {
    return this.tokens.get(token);
  }

  /** The tokens of a workspace or org (every one when no id is given), oldest first. */
  list(teamOrEnterpriseId?: string): IssuedToken[] {
    return [...this.tokens.values()].filter(
      (t) =>
        teamOrEnterpriseId === undefined ||
        t.teamId === teamOrEnterpriseId ||
        (t.teamId === null && t.enterpriseId === teamOrEnterpriseId),
    );
  }

  /** Revokes every token (and refresh token) of a workspace or org; returns those revoked now. */
  revoke(teamOrEnterpriseId: string): IssuedToken[] {
    const live = this.list(teamOrEnterpriseId).filter((t) => !t.revoked);
    for (const t of live) {
      t.revoked = true;
      if (t.refreshToken) this.refreshes.delete(t.refreshToken);
      t.refreshToken = null;
    }
    return live;
  }

  /** Which workspace a call acts in, or the error Slack answers for its token. */
  resolve(token: string | null, args: Record<string, unknown>, now: number): Access {
    if (!token) return { ok: false, error: 'not_authed' };
    const issued = this.tokens.get(token);
    if (issued) {
      if (issued.revoked) return { ok: false, error: 'token_revoked' };
      if (issued.expiresAt !== null && now >= issued.expiresAt)
        return { ok: false, error: 'token_expired' };
      return { ok: true, ws: this.workspaceOf(issued, args), issued };
    }
    const valid = this.options.validTokens;
    if (valid && !valid.includes(token)) return { ok: false, error: 'invalid_auth' };
    if (valid || token.startsWith('xapp-')) return { ok: true, ws: this.defaultWorkspace };
    const strict = this.options.strictTokens ?? this.options.workspaces !== undefined;
    if (strict) return { ok: false, error: 'invalid_auth' };
    return { ok: true, ws: this.defaultWorkspace };
  }

  private workspaceOf(issued: IssuedToken, args: Record<string, unknown>): Workspace {
    if (issued.teamId !== null) return this.require(issued.teamId);
    const org = this.inEnterprise(issued.enterpriseId ?? '');
    const teamId = str(args.team_id);
    const channel = str(args.channel) ?? str(args.channel_id);
    return (
      org.find((ws) => ws.teamId === teamId) ??
      org.find((ws) => channel !== undefined && ws.channels.has(channel)) ??
      org[0] ??
      this.defaultWorkspace
    );
  }

  /** Registers a token given in the options as the workspace's bot token (never expires). */
  private give(token: string, ws: Workspace): void {
    this.tokens.set(token, {
      token,
      kind: 'bot',
      teamId: ws.teamId,
      enterpriseId: ws.enterprise?.id ?? null,
      userId: ws.botUserId,
      clientId: null,
      scopes: undefined,
      issuedAt: 0,
      expiresAt: null,
      revoked: false,
      refreshToken: null,
    });
  }
}
