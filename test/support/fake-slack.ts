import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { blocksOf } from './fake-slack-blocks.js';
import { decodeArgs, readBody } from './fake-slack-body.js';
import {
  type Fault,
  FaultPlan,
  type RandomFaults,
  RateLimiter,
  type RateLimits,
} from './fake-slack-faults.js';
import { receiveUpload } from './fake-slack-files.js';
import { applyFault, type FaultRuntime, type RecordedCall, send } from './fake-slack-http.js';
import { blocksProblem, callMethod } from './fake-slack-methods.js';
import { type RecordedResponse, ResponseUrls } from './fake-slack-response-url.js';
import { type SocketConnection, SocketHub, type SocketRefusal } from './fake-slack-socket.js';
import {
  createWorkspace,
  type FakeChannel,
  type FakeUser,
  type StoredEphemeral,
  type StoredFile,
  type StoredMessage,
  type Workspace,
} from './fake-slack-workspace.js';

export type { Fault, RandomFaults, RateLimits } from './fake-slack-faults.js';
export type { RecordedCall } from './fake-slack-http.js';
export type { RecordedResponse } from './fake-slack-response-url.js';
export type { SocketConnection, SocketRefusal } from './fake-slack-socket.js';
export type {
  FakeChannel,
  FakeConversationKind,
  FakeUser,
  StoredEphemeral,
  StoredFile,
  StoredMessage,
} from './fake-slack-workspace.js';

/**
 * A loopback fake of the Slack Web API for end-to-end tests and benchmarks (node:http, no
 * dependencies). Point `@slack/web-api` / Bolt at `apiUrl` (WebClient `slackApiUrl`, or
 * `SLACK_API_URL`). Every call is recorded; faults and Slack-like rate limits can be injected.
 *
 * Routes: `POST /api/<method>`, `POST /response/<id>` (response_url), `POST /upload/<fileId>`
 * (the files.getUploadURLExternal URL), WebSocket upgrade on `/link/` (Socket Mode).
 */

export interface FakeSlackOptions {
  /** Milliseconds since the epoch; drives `at`, message ts and rate-limit windows. Default Date.now. */
  clock?: () => number;
  /** Used by `delay` faults; inject to avoid real waiting. Default: setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  users?: Record<string, FakeUser>;
  /** Timezone of users not listed in `users` (default `UTC`). */
  defaultTz?: string;
  channels?: Record<string, FakeChannel>;
  /** Unknown channels answer `channel_not_found` (default false: any channel id exists). */
  knownChannelsOnly?: boolean;
  /** When set, other tokens answer `invalid_auth`. */
  validTokens?: readonly string[];
  /** The scopes of these tokens (others have all): a method needing another answers `missing_scope`. */
  tokenScopes?: Readonly<Record<string, readonly string[]>>;
  /** files.info shows shares from this call on (default 1: at once). */
  fileSharesVisibleAfterInfoCalls?: number;
  /** How often a response_url may be used (Slack: 5 times in 30 minutes). Default 5. */
  responseUrlMaxUses?: number;
  /** Refuse every table and chart block with `invalid_blocks` (see refuseNativeBlocks). */
  refuseNativeBlocks?: boolean;
}

export interface UploadedFile {
  fileId: string;
  data: Buffer;
  at: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class FakeSlack {
  private server: Server | null = null;
  private baseUrl = '';
  private clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly faults = new FaultPlan();
  private readonly limiter = new RateLimiter();
  private readonly sockets: SocketHub;
  private readonly held = new Set<() => void>();
  private recorded: RecordedCall[] = [];
  private uploads: UploadedFile[] = [];
  private readonly responseUrls: ResponseUrls;
  private ws: Workspace;
  private seq = 0;

  constructor(private readonly options: FakeSlackOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
    this.ws = createWorkspace(this.options);
    this.responseUrls = new ResponseUrls(options.responseUrlMaxUses ?? 5);
    this.sockets = new SocketHub(
      () => this.clock(),
      (c) => ({
        type: 'hello',
        num_connections: this.sockets.list().filter((x) => !x.closed).length,
        debug_info: { host: 'fake-applink', approximate_connection_time: 18060 },
        connection_info: { app_id: this.ws.appId, connection_id: c.id },
      }),
    );
  }

  async start(): Promise<{ url: string; apiUrl: string }> {
    if (this.server) return { url: this.baseUrl, apiUrl: `${this.baseUrl}/api/` };
    const server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        if (!res.headersSent)
          send(res, 500, { ok: false, error: 'fake_internal_error', detail: String(error) });
      });
    });
    server.on('upgrade', (req, socket) => this.sockets.handleUpgrade(req, socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url: this.baseUrl, apiUrl: `${this.baseUrl}/api/` };
  }

  async close(): Promise<void> {
    this.releaseHeld();
    this.sockets.closeAll();
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Clears recorded calls, workspace state, faults and rate limits (options stay). */
  reset(): void {
    this.releaseHeld();
    this.recorded = [];
    this.uploads = [];
    this.responseUrls.clear();
    this.ws = createWorkspace(this.options);
    this.faults.clear();
    this.limiter.set(null);
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

  messages(channel?: string): StoredMessage[] {
    return this.ws.messages.filter((m) => channel === undefined || m.channel === channel);
  }

  ephemerals(): StoredEphemeral[] {
    return [...this.ws.ephemerals];
  }

  /** The Home view last published for a user. */
  homeView(userId: string): unknown {
    return this.ws.views.get(userId);
  }

  /** A modal opened with views.open, as last updated (views.update). */
  modal(viewId: string): unknown {
    return this.ws.modals.get(viewId);
  }

  /** The ids of the open modals, oldest first. */
  modalIds(): string[] {
    return [...this.ws.modals.keys()];
  }

  /** Messages in the thread of `ts` (the parent excluded). */
  threadReplies(channel: string, ts: string): StoredMessage[] {
    return this.ws.messages.filter(
      (m) => m.channel === channel && m.thread_ts === ts && m.ts !== ts,
    );
  }

  files(): StoredFile[] {
    return [...this.ws.files.values()];
  }

  uploadsReceived(): UploadedFile[] {
    return [...this.uploads];
  }

  setUser(id: string, user: FakeUser): void {
    this.ws.users.set(id, user);
  }

  setChannel(id: string, channel: FakeChannel): void {
    this.ws.channels.set(id, channel);
  }

  /**
   * Refuses (or, with false, takes again) every message, update, ephemeral and response_url
   * payload carrying a table or a chart block, with `invalid_blocks` (HTTP 400 on a response_url),
   * as a Slack that does not know these blocks does. Every payload is checked against the
   * documented limits of the blocks either way (fake-slack-blocks.ts).
   */
  refuseNativeBlocks(on = true): void {
    this.ws.refuseNativeBlocks = on;
  }

  /** Why each payload refused with `invalid_blocks` was refused, oldest first. */
  blockRefusals(): string[] {
    return [...this.ws.blockRefusals];
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

  /** Answers every request held by a `hang` fault (normally). */
  releaseHeld(): void {
    for (const release of [...this.held]) release();
    this.held.clear();
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

  private nextTs(): string {
    this.seq += 1;
    return `${Math.floor(this.clock() / 1000)}.${String(this.seq).padStart(6, '0')}`;
  }

  private nextId(prefix: string): string {
    this.seq += 1;
    return `${prefix}${String(this.seq).padStart(8, '0')}`;
  }

  private readonly runtime: FaultRuntime = {
    sleep: (ms) => this.sleep(ms),
    hold: (release) => this.held.add(release),
  };

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const body = await readBody(req);
    const contentType = req.headers['content-type'] ?? '';
    if (req.method !== 'POST') return send(res, 405, 'POST only');
    if (path.startsWith('/api/'))
      return this.api(path.slice('/api/'.length), req, body, contentType, res);
    if (path.startsWith('/response/'))
      return this.responseUrlPost(decodeURIComponent(path.slice(10)), body, res);
    if (path.startsWith('/upload/'))
      return this.upload(path.slice('/upload/'.length), body, contentType, res);
    send(res, 404, 'not found');
  }

  private async api(
    method: string,
    req: IncomingMessage,
    body: Buffer,
    type: string,
    res: ServerResponse,
  ) {
    const { token: argToken, ...args } = decodeArgs(body, type);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ')
      ? auth.slice('Bearer '.length)
      : typeof argToken === 'string'
        ? argToken
        : null;
    const call: RecordedCall = { method, args, at: this.clock(), token, status: 200 };
    this.recorded.push(call);
    if (await applyFault(this.faults.next(method), res, call, this.runtime)) return;
    const retryAfter = this.limiter.admit(
      method,
      typeof args.channel === 'string' ? args.channel : undefined,
      this.clock(),
    );
    if (retryAfter !== null) {
      return applyFault(
        { kind: 'rateLimited', retryAfterSeconds: retryAfter },
        res,
        call,
        this.runtime,
      ).then(() => undefined);
    }
    const context = {
      ws: this.ws,
      now: this.clock(),
      baseUrl: this.baseUrl,
      token,
      nextTs: () => this.nextTs(),
      nextId: (p: string) => this.nextId(p),
    };
    const result = callMethod(
      method,
      context,
      args,
      this.options.validTokens,
      this.options.tokenScopes,
    );
    if (result.ok === false && typeof result.error === 'string') call.error = result.error;
    if (call.fault === 'lostResponse') await new Promise<void>((resolve) => this.held.add(resolve));
    send(res, 200, result);
  }

  private async responseUrlPost(id: string, body: Buffer, res: ServerResponse) {
    const call: RecordedCall = {
      method: 'response_url',
      args: { id },
      at: this.clock(),
      token: null,
      status: 200,
    };
    this.recorded.push(call);
    if (await applyFault(this.faults.next('response_url'), res, call, this.runtime)) {
      this.responseUrls.recordFault(id, call.at, call.status);
      return;
    }
    if (blocksProblem(this.ws, blocksOf(body)) !== null) {
      // Slack answers a response_url whose blocks it refuses with 400 and the error as the body.
      call.status = 400;
      call.error = 'invalid_blocks';
      this.responseUrls.recordFault(id, call.at, call.status);
      send(res, 400, 'invalid_blocks');
      return;
    }
    call.status = this.responseUrls.record(id, body, call.at);
    if (call.status === 404) call.error = 'used_url';
    send(res, call.status, call.status === 200 ? 'ok' : 'used_url');
  }

  private async upload(fileId: string, body: Buffer, type: string, res: ServerResponse) {
    const call: RecordedCall = {
      method: 'upload',
      args: { fileId },
      at: this.clock(),
      token: null,
      status: 200,
    };
    this.recorded.push(call);
    if (await applyFault(this.faults.next('upload'), res, call, this.runtime)) return;
    const file = receiveUpload(this.ws, fileId, body, type);
    if (!file?.data) {
      call.status = 404;
      return send(res, 404, 'file not found');
    }
    this.uploads.push({ fileId, data: file.data, at: call.at });
    send(res, 200, `OK - ${file.data.length}`);
  }
}
