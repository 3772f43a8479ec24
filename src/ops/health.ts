import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Liveness and readiness (docs/operations.md):
 * - /livez: the process is serving. Stays 200 while it drains on SIGTERM (restarting it then
 *   would cut the replies in flight).
 * - /readyz: it can answer Slack: started, not stopping and, in Socket Mode, connected. The store
 *   is deliberately not part of it: every replica shares the store, so taking them all out of
 *   rotation when it is down would turn the bot's "store unavailable, try again" replies into
 *   Slack timeouts. Store and metrics-source details are on the internal port's /status only.
 * - /healthz: an alias of /readyz, kept for load balancers configured before the split.
 */
export const LIVENESS_PATH = '/livez';
export const READINESS_PATH = '/readyz';
export const HEALTH_ALIAS_PATH = '/healthz';

export type ReadinessState = 'starting' | 'ready' | 'disconnected' | 'stopping';

/** The bot's readiness: set by the composition root as it starts and stops. */
export class Readiness {
  private started = false;
  private stopping = false;

  /** `connected`: whether the receiver can take requests now (the Socket Mode connection is up). */
  constructor(private readonly connected: () => boolean = () => true) {}

  markStarted(): void {
    this.started = true;
  }

  markStopping(): void {
    this.stopping = true;
  }

  get state(): ReadinessState {
    if (this.stopping) return 'stopping';
    if (!this.started) return 'starting';
    return this.connected() ? 'ready' : 'disconnected';
  }

  get ready(): boolean {
    return this.state === 'ready';
  }
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** GET /livez: 200 `{"status":"ok"}` whenever the process answers at all. */
export const livenessHandler: RouteHandler = (_req, res) => sendJson(res, 200, { status: 'ok' });

/** GET /readyz (and /healthz): 200 `{"status":"ready"}`, else 503 with the state. */
export function readinessHandler(readiness: Readiness): RouteHandler {
  return (_req, res) => {
    const state = readiness.state;
    sendJson(res, state === 'ready' ? 200 : 503, { status: state });
  };
}

/** The health routes of the public port (Bolt customRoutes): no store or metrics details. */
export function publicHealthRoutes(readiness: Readiness) {
  const ready = readinessHandler(readiness);
  return [
    { path: LIVENESS_PATH, method: ['GET'], handler: livenessHandler },
    { path: READINESS_PATH, method: ['GET'], handler: ready },
    { path: HEALTH_ALIAS_PATH, method: ['GET'], handler: ready },
  ];
}
