import { type CanvasState, createCanvasState } from './fake-slack-canvas-markdown.js';

/** The fake Slack's in-memory workspace: what was posted, published and uploaded. */

export interface StoredMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown;
  metadata?: unknown;
  thread_ts?: string;
  files?: { id: string }[];
  user: string;
  bot_id: string;
  /** How many times chat.update edited this message. */
  edits: number;
}

export interface StoredEphemeral {
  channel: string;
  user: string;
  text?: string;
  blocks?: unknown;
  message_ts: string;
}

export interface StoredFile {
  id: string;
  filename: string;
  title: string;
  length: number;
  altText?: string;
  data: Buffer | null;
  completed: boolean;
  shares: { channel: string; ts: string; threadTs?: string }[];
  infoCalls: number;
}

export interface FakeUser {
  name?: string;
  realName?: string;
  /** IANA timezone (default: the fake's `defaultTz`). */
  tz?: string;
  /** users.info `is_admin` / `is_owner` (default false): a workspace admin or owner. */
  isAdmin?: boolean;
  isOwner?: boolean;
}

/** What kind of conversation an id is: Slack's `is_channel`, `is_private`, `is_im`, `is_mpim`. */
export type FakeConversationKind = 'public' | 'private' | 'im' | 'mpim';

export interface FakeChannel {
  name?: string;
  isArchived?: boolean;
  /**
   * False: the bot is not in it. A public channel then answers `not_in_channel` to a post and
   * `is_member: false` to conversations.info; a private channel, DM or group DM is invisible to
   * the bot, as in Slack: `channel_not_found` to both.
   */
  isMember?: boolean;
  /** Same as `kind: 'private'` (kept for the tests that set it). */
  isPrivate?: boolean;
  /** Default `public` (`private` when `isPrivate`). */
  kind?: FakeConversationKind;
}

export function kindOf(channel: FakeChannel | undefined): FakeConversationKind {
  return channel?.kind ?? (channel?.isPrivate ? 'private' : 'public');
}

/**
 * The scope conversations.info needs for each kind of conversation (Slack's method reference:
 * `channels:read`, `groups:read`, `im:read`, `mpim:read`).
 */
export const READ_SCOPE_OF: Readonly<Record<FakeConversationKind, string>> = {
  public: 'channels:read',
  private: 'groups:read',
  im: 'im:read',
  mpim: 'mpim:read',
};

/** The Enterprise Grid org a workspace belongs to. */
export interface FakeEnterprise {
  id: string;
  name: string;
}

/** Who a workspace is: its team, its org (if any) and the app's bot user in it. */
export interface WorkspaceIdentity {
  teamId: string;
  teamName: string;
  teamDomain: string;
  enterprise: FakeEnterprise | null;
  botUserId: string;
  botId: string;
}

export interface Workspace extends WorkspaceIdentity {
  appId: string;
  defaultTz: string;
  users: Map<string, FakeUser>;
  channels: Map<string, FakeChannel>;
  /** When true, channels not in `channels` answer `channel_not_found`. */
  knownChannelsOnly: boolean;
  /** files.info shows a share only from this call on (Slack finishes uploads asynchronously). */
  fileSharesVisibleAfterInfoCalls: number;
  messages: StoredMessage[];
  ephemerals: StoredEphemeral[];
  views: Map<string, unknown>;
  /** Open modals by view id (views.open, views.update). */
  modals: Map<string, unknown>;
  files: Map<string, StoredFile>;
  /** Channel canvases (fake-slack-canvases.ts). */
  canvases: CanvasState;
  /** When true, every table and chart block is refused with `invalid_blocks` (fake-slack-blocks.ts). */
  refuseNativeBlocks: boolean;
  /** Why each payload refused with `invalid_blocks` was refused (Slack's `errors` detail). */
  blockRefusals: string[];
}

export interface MethodContext {
  ws: Workspace;
  now: number;
  baseUrl: string;
  token: string | null;
  /** The token's scopes when the fake knows them (tokenScopes, or an OAuth install), else all. */
  scopes?: readonly string[];
  /** What the fake knows of the token (issued by OAuth or given as a workspace's), if anything. */
  issued?: IssuedToken;
  /** conversations.history and .replies: the largest and default `limit` (Tier 1: 15). */
  historyPageMax?: number;
  nextTs(): string;
  nextId(prefix: string): string;
}

export interface WorkspaceOptions {
  users?: Record<string, FakeUser>;
  defaultTz?: string;
  channels?: Record<string, FakeChannel>;
  knownChannelsOnly?: boolean;
  fileSharesVisibleAfterInfoCalls?: number;
  /** Refuse every table and chart block with `invalid_blocks` (see refuseNativeBlocks). */
  refuseNativeBlocks?: boolean;
}

/** A token the fake issued (OAuth) or was given for a workspace, as `tokensOf()` lists it. */
export interface IssuedToken {
  token: string;
  kind: 'bot' | 'user';
  /** The workspace; null for an org-wide install (then `enterpriseId`). */
  teamId: string | null;
  enterpriseId: string | null;
  /** The bot user (bot token) or the installing user (user token). */
  userId: string;
  /** The OAuth app (client id) it was issued to; null for a token given in the options. */
  clientId: string | null;
  /** Its scopes; undefined: every scope. */
  scopes: readonly string[] | undefined;
  issuedAt: number;
  /** Milliseconds since the epoch (the fake's clock); null: never expires (no rotation). */
  expiresAt: number | null;
  revoked: boolean;
  /** The refresh token issued with it (token rotation), until used. */
  refreshToken: string | null;
}

/** The default workspace: the single-token fake every test used before workspaces existed. */
export const DEFAULT_IDENTITY: WorkspaceIdentity = {
  teamId: 'T0FAKE',
  teamName: 'Fake Workspace',
  teamDomain: 'fake-workspace',
  enterprise: null,
  botUserId: 'U0BOT',
  botId: 'B0BOT',
};

export function createWorkspace(
  o: WorkspaceOptions,
  identity: WorkspaceIdentity = DEFAULT_IDENTITY,
): Workspace {
  return {
    ...identity,
    appId: 'A0SCALE',
    defaultTz: o.defaultTz ?? 'UTC',
    users: new Map(Object.entries(o.users ?? {})),
    channels: new Map(Object.entries(o.channels ?? {})),
    knownChannelsOnly: o.knownChannelsOnly ?? false,
    fileSharesVisibleAfterInfoCalls: o.fileSharesVisibleAfterInfoCalls ?? 1,
    messages: [],
    ephemerals: [],
    views: new Map(),
    modals: new Map(),
    files: new Map(),
    canvases: createCanvasState(),
    refuseNativeBlocks: o.refuseNativeBlocks ?? false,
    blockRefusals: [],
  };
}

export type MethodResult = Record<string, unknown>;
export type Handler = (ctx: MethodContext, args: Record<string, unknown>) => MethodResult;

export const fail = (error: string): MethodResult => ({ ok: false, error });
export const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : undefined;

export function channelProblem(ws: Workspace, channel: string | undefined): string | null {
  if (!channel) return 'channel_not_found';
  const known = ws.channels.get(channel);
  if (!known) return ws.knownChannelsOnly ? 'channel_not_found' : null;
  if (known.isArchived) return 'is_archived';
  if (known.isMember === false) {
    // Slack shows the bot no private conversation it is not in.
    return kindOf(known) === 'public' ? 'not_in_channel' : 'channel_not_found';
  }
  return null;
}
