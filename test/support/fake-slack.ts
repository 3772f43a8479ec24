import { FakeCanvases } from './fake-slack-canvases.js';
import type { Fault, RandomFaults, RateLimits } from './fake-slack-faults.js';
import type { RecordedCall } from './fake-slack-http.js';
import { FakeOAuth } from './fake-slack-oauth.js';
import type { RecordedResponse } from './fake-slack-response-url.js';
import { FakeSlackServer, type UploadedFile } from './fake-slack-server.js';
import type { SocketConnection, SocketRefusal } from './fake-slack-socket.js';
import { type FakeWorkspaceSpec, Tenants } from './fake-slack-tenants.js';
import { TeamView } from './fake-slack-view.js';
import type { IssuedToken } from './fake-slack-workspace.js';

export type { CanvasRefusal, FakeCanvas } from './fake-slack-canvas-markdown.js';
export type { Fault, RandomFaults, RateLimits } from './fake-slack-faults.js';
export type { RecordedCall } from './fake-slack-http.js';
export {
  type Approval,
  FAKE_CLIENT_ID,
  FAKE_CLIENT_SECRET,
  type FakeInstall,
  type FakeOAuth,
  type FakeOAuthApp,
} from './fake-slack-oauth.js';
export type { RecordedResponse } from './fake-slack-response-url.js';
export type { FakeSlackOptions, UploadedFile } from './fake-slack-server.js';
export type { SocketConnection, SocketRefusal } from './fake-slack-socket.js';
export { type FakeWorkspaceSpec, ROTATING_TOKEN_SECONDS } from './fake-slack-tenants.js';
export { TeamView } from './fake-slack-view.js';
export type {
  FakeChannel,
  FakeConversationKind,
  FakeEnterprise,
  FakeUser,
  IssuedToken,
  StoredEphemeral,
  StoredFile,
  StoredMessage,
  WorkspaceIdentity,
} from './fake-slack-workspace.js';

/**
 * A loopback fake of the Slack Web API for end-to-end tests and benchmarks (node:http, no
 * dependencies). Point `@slack/web-api` / Bolt at `apiUrl` (WebClient `slackApiUrl`, or
 * `SLACK_API_URL`). Every call is recorded; faults and Slack-like rate limits can be injected.
 *
 * Routes: `POST /api/<method>`, `POST /response/<id>` (response_url), `POST /upload/<fileId>`
 * (the files.getUploadURLExternal URL), WebSocket upgrade on `/link/` (Socket Mode),
 * `GET /oauth/v2/authorize` (OAuth v2 install: fake-slack-oauth.ts).
 *
 * Workspaces (fake-slack-tenants.ts): the default one (T0FAKE) and any added. Every call acts in
 * the workspace of its token; a test reads another workspace with `team(teamId)`.
 */

export class FakeSlack extends FakeSlackServer {
  /** The default workspace's channel canvases, read back; canvas refusals (fake-slack-canvases.ts). */
  readonly canvases = new FakeCanvases(() => ({
    ws: this.workspace(),
    nextId: (prefix) => this.nextId(prefix),
  }));

  /** Clears recorded calls, workspaces, tokens, installs, faults and rate limits (options stay). */
  reset(): void {
    this.releaseHeld();
    this.recorded = [];
    this.uploads = [];
    this.responseUrls.clear();
    this.tenants = new Tenants(this.options);
    this.oauth = new FakeOAuth(this.tenants, this.options.oauthApps);
    this.faults.clear();
    this.limiter.set(null);
    this.history.set(false);
    this.sockets.clear();
  }

  calls(method?: string): RecordedCall[] {
    return method === undefined
      ? [...this.recorded]
      : this.recorded.filter((c) => c.method === method);
  }

  /** Payloads posted to response URLs (all, or those of one id). */
  responses(id?: string): RecordedResponse[] {
    return this.responseUrls.list(id);
  }

  /** A response_url served by this fake (`/response/<id>`). */
  responseUrl(id: string): string {
    return `${this.baseUrl}/response/${encodeURIComponent(id)}`;
  }

  /** The Web API base URL (`…/api/`, what `start()` returns); valid once started. */
  apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  /** The OAuth authorize URL (for @slack/oauth's `authorizationUrl`); valid once started. */
  authorizeUrl(): string {
    return `${this.baseUrl}/oauth/v2/authorize`;
  }

  uploadsReceived(): UploadedFile[] {
    return [...this.uploads];
  }

  /** Adds a workspace (and its `botToken`, if given). */
  addWorkspace(spec: FakeWorkspaceSpec): TeamView {
    this.tenants.add(spec);
    return this.team(spec.teamId);
  }

  /** One workspace (the default is `T0FAKE`): its state and the calls its tokens made. */
  team(teamId: string): TeamView {
    return new TeamView(this.tenants.require(teamId), () => this.recorded);
  }

  /** The tokens the fake issued or was given, of a workspace or org (every one by default). */
  tokensOf(teamOrEnterpriseId?: string): IssuedToken[] {
    return this.tenants.list(teamOrEnterpriseId).map((t) => ({ ...t }));
  }

  /** Revokes every token of a workspace or org (uninstall): `token_revoked` from then on. */
  revokeTokens(teamOrEnterpriseId: string): IssuedToken[] {
    return this.tenants.revoke(teamOrEnterpriseId).map((t) => ({ ...t }));
  }

  /**
   * Tier 1 for conversations.history and .replies (a commercially distributed app outside the
   * Marketplace): 1 call a minute per workspace and method (the next answers 429 with
   * Retry-After), and at most 15 messages a page.
   */
  limitHistory(on = true): void {
    this.history.set(on);
  }

  setClock(clock: () => number): void {
    this.clock = clock;
  }

  /** Queues faults for the next calls of `method` (`response_url` and `upload` are methods too). */
  script(method: string, ...faults: Fault[]): void {
    this.faults.script(method, faults);
  }

  setRandomFaults(config: RandomFaults | null): void {
    this.faults.setRandom(config);
  }

  setRateLimits(config: RateLimits | null): void {
    this.limiter.set(config);
  }

  /** Stops injecting faults and rate limits; recorded calls and messages are kept. */
  clearFaults(): void {
    this.faults.clear();
    this.limiter.set(null);
  }

  socketConnections(): SocketConnection[] {
    return this.sockets.list();
  }

  /**
   * Refuses the next `count` Socket Mode upgrades (all of them by default; null stops refusing),
   * while the Web API, apps.connections.open included, keeps answering: Slack's HTTPS reachable,
   * its WebSocket blocked by a proxy.
   */
  refuseSockets(how: SocketRefusal | null, count?: number): void {
    this.sockets.refuse(how, count);
  }

  /** Upgrades refused so far. */
  socketsRefused(): number {
    return this.sockets.refused;
  }

  /** Drops the open Socket Mode connections without a close frame (a lost network). */
  dropSockets(): void {
    this.sockets.closeAll();
  }

  /** Pushes a JSON message (e.g. an events_api envelope) to open Socket Mode connections. */
  sendSocketMessage(message: unknown, connectionId?: number): number {
    return this.sockets.send(message, connectionId);
  }

  /** The fake's clock (milliseconds since the epoch). */
  now(): number {
    return this.clock();
  }
}
