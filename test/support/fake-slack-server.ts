import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callMethod } from './fake-slack-auth.js';
import { blocksOf } from './fake-slack-blocks.js';
import { decodeArgs, readBody } from './fake-slack-body.js';
import {
  type Fault,
  FaultPlan,
  HistoryLimiter,
  RateLimiter,
  TIER1_HISTORY,
} from './fake-slack-faults.js';
import { receiveUpload } from './fake-slack-files.js';
import { applyFault, type FaultRuntime, type RecordedCall, send } from './fake-slack-http.js';
import { blocksProblem } from './fake-slack-methods.js';
import { FakeOAuth, type FakeOAuthApp } from './fake-slack-oauth.js';
import { ResponseUrls } from './fake-slack-response-url.js';
import { SocketHub } from './fake-slack-socket.js';
import { type FakeWorkspaceSpec, Tenants } from './fake-slack-tenants.js';
import { WorkspaceReads } from './fake-slack-view.js';
import type { FakeChannel, FakeUser, MethodResult, Workspace } from './fake-slack-workspace.js';

/**
 * The fake Slack's HTTP side: the server, its routes and the state they act on. The test-facing
 * control API is `FakeSlack` (fake-slack.ts), which extends this.
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
  /** When set, other tokens answer `invalid_auth`; these act in the default workspace. */
  validTokens?: readonly string[];
  /** More workspaces (teams, optionally of an Enterprise Grid org), each with its own state. */
  workspaces?: readonly FakeWorkspaceSpec[];
  /**
   * Tokens the fake does not know answer `invalid_auth` (default: when `workspaces` or
   * `validTokens` is given; otherwise any token acts in the default workspace, as before).
   */
  strictTokens?: boolean;
  /** The OAuth apps (default: one, FAKE_CLIENT_ID / FAKE_CLIENT_SECRET, rotation off). */
  oauthApps?: readonly FakeOAuthApp[];
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

export abstract class FakeSlackServer extends WorkspaceReads {
  protected server: Server | null = null;
  protected baseUrl = '';
  protected clock: () => number;
  protected readonly sleep: (ms: number) => Promise<void>;
  protected readonly faults = new FaultPlan();
  protected readonly limiter = new RateLimiter();
  protected readonly history = new HistoryLimiter();
  protected readonly sockets: SocketHub;
  protected readonly held = new Set<() => void>();
  protected recorded: RecordedCall[] = [];
  protected uploads: UploadedFile[] = [];
  protected readonly responseUrls: ResponseUrls;
  protected tenants: Tenants;
  /** The OAuth v2 flow: `approveNext`, `setTokenRotation`, `installs` (fake-slack-oauth.ts). */
  oauth: FakeOAuth;
  protected seq = 0;

  constructor(protected readonly options: FakeSlackOptions = {}) {
    super();
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
    this.tenants = new Tenants(options);
    this.oauth = new FakeOAuth(this.tenants, options.oauthApps);
    this.responseUrls = new ResponseUrls(options.responseUrlMaxUses ?? 5);
    this.sockets = new SocketHub(
      () => this.clock(),
      (c) => ({
        type: 'hello',
        num_connections: this.sockets.list().filter((x) => !x.closed).length,
        debug_info: { host: 'fake-applink', approximate_connection_time: 18060 },
        connection_info: { app_id: this.workspace().appId, connection_id: c.id },
      }),
    );
  }

  protected workspace(): Workspace {
    return this.tenants.defaultWorkspace;
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

  /** Answers every request held by a `hang` fault (normally). */
  releaseHeld(): void {
    for (const release of [...this.held]) release();
    this.held.clear();
  }

  protected nextTs(): string {
    this.seq += 1;
    return `${Math.floor(this.clock() / 1000)}.${String(this.seq).padStart(6, '0')}`;
  }

  protected nextId(prefix: string): string {
    this.seq += 1;
    return `${prefix}${String(this.seq).padStart(8, '0')}`;
  }

  private readonly runtime: FaultRuntime = {
    sleep: (ms) => this.sleep(ms),
    hold: (release) => this.held.add(release),
  };

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    const body = await readBody(req);
    const contentType = req.headers['content-type'] ?? '';
    if (path === '/oauth/v2/authorize' && req.method === 'GET') return this.authorize(url, res);
    if (req.method !== 'POST') return send(res, 405, 'POST only');
    if (path.startsWith('/api/'))
      return this.api(path.slice('/api/'.length), req, body, contentType, res);
    if (path.startsWith('/response/'))
      return this.responseUrlPost(decodeURIComponent(path.slice(10)), body, res);
    if (path.startsWith('/upload/'))
      return this.upload(path.slice('/upload/'.length), body, contentType, res);
    send(res, 404, 'not found');
  }

  private authorize(url: URL, res: ServerResponse): void {
    const args = Object.fromEntries(url.searchParams);
    const answer = this.oauth.authorize(url.searchParams, this.clock());
    const call: RecordedCall = {
      method: 'oauth.v2.authorize',
      args,
      at: this.clock(),
      token: null,
      status: answer.status,
    };
    if (answer.error) call.error = answer.error;
    this.recorded.push(call);
    if (answer.location) send(res, answer.status, '', { location: answer.location });
    else send(res, answer.status, `Slack (fake): ${answer.error ?? 'error'}`);
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
    const access = this.tenants.resolve(token, args, this.clock());
    if (access.ok && access.issued) {
      call.team = access.ws.teamId;
      if (access.ws.enterprise) call.enterprise = access.ws.enterprise.id;
    }
    if (await applyFault(this.faults.next(method), res, call, this.runtime)) return;
    const team = access.ok ? access.ws.teamId : '';
    const retryAfter =
      this.limiter.admit(
        method,
        typeof args.channel === 'string' ? args.channel : undefined,
        this.clock(),
        access.ok && access.ws !== this.workspace() ? team : '',
      ) ?? (access.ok ? this.history.admit(method, team, this.clock()) : null);
    if (retryAfter !== null) {
      const limited: Fault = { kind: 'rateLimited', retryAfterSeconds: retryAfter };
      return applyFault(limited, res, call, this.runtime).then(() => undefined);
    }
    const result = this.answer(method, args, token, access, auth);
    if (result.ok === false && typeof result.error === 'string') call.error = result.error;
    if (call.fault === 'lostResponse') await new Promise<void>((resolve) => this.held.add(resolve));
    send(res, 200, result);
  }

  private answer(
    method: string,
    args: Record<string, unknown>,
    token: string | null,
    access: ReturnType<Tenants['resolve']>,
    authorization: string | undefined,
  ): MethodResult {
    if (method === 'oauth.v2.access') return this.oauth.access(args, authorization, this.clock());
    if (!access.ok) return { ok: false, error: access.error };
    const context = {
      ws: access.ws,
      now: this.clock(),
      baseUrl: this.baseUrl,
      token,
      ...(access.issued ? { issued: access.issued } : {}),
      ...(this.history.active ? { historyPageMax: TIER1_HISTORY.pageMax } : {}),
      nextTs: () => this.nextTs(),
      nextId: (p: string) => this.nextId(p),
    };
    return callMethod(method, context, args, this.options.tokenScopes);
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
    if (blocksProblem(this.workspace(), blocksOf(body)) !== null) {
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
    const file = receiveUpload(this.tenants.fileOwner(fileId), fileId, body, type);
    if (!file?.data) {
      call.status = 404;
      return send(res, 404, 'file not found');
    }
    this.uploads.push({ fileId, data: file.data, at: call.at });
    send(res, 200, `OK - ${file.data.length}`);
  }
}
