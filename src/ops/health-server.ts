import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logging/logger.js';
import {
  HEALTH_ALIAS_PATH,
  LIVENESS_PATH,
  livenessHandler,
  READINESS_PATH,
  type Readiness,
  type RouteHandler,
  readinessHandler,
  sendJson,
} from './health.js';
import type { OpsMetrics } from './ops-metrics.js';
import { PortUnavailableError } from './ports.js';
import type { StatusReport } from './status-report.js';

const STATUS_PATH = '/status';
const METRICS_PATH = '/metrics';

export interface HealthServerOptions {
  port: number;
  /** Interface to listen on (default: all, as the orchestrator and Prometheus must reach it). */
  host?: string;
  readiness: Readiness;
  status: () => Promise<StatusReport>;
  metrics: OpsMetrics;
  logger: Logger;
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/**
 * The internal port (HEALTH_PORT): /livez, /readyz and /healthz as on the public port, plus the
 * details kept off the port Slack talks to: /status (store and metrics source) and /metrics
 * (Prometheus). In Socket Mode, which has no public port, it is the only health endpoint.
 */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const ready = readinessHandler(options.readiness);
  const routes: Record<string, RouteHandler> = {
    [LIVENESS_PATH]: livenessHandler,
    [READINESS_PATH]: ready,
    [HEALTH_ALIAS_PATH]: ready,
    [STATUS_PATH]: (_req, res) => {
      options.status().then(
        (report) => sendJson(res, report.store.ok && report.status === 'ready' ? 200 : 503, report),
        (error: unknown) => {
          options.logger.warn({ err: error }, 'status check failed');
          sendJson(res, 503, { status: 'unknown' });
        },
      );
    },
    [METRICS_PATH]: (_req, res) => {
      options.metrics.ready.set(options.readiness.ready ? 1 : 0);
      options.metrics.text().then(
        (text) => {
          res.writeHead(200, { 'content-type': options.metrics.contentType });
          res.end(text);
        },
        (error: unknown) => {
          options.logger.warn({ err: error }, 'metrics collection failed');
          res.writeHead(500).end();
        },
      );
    },
  };
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = routes[path];
    if (route === undefined) {
      sendJson(res, 404, { error: 'not found', paths: Object.keys(routes) });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    route(req, res);
  });
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(new PortUnavailableError('HEALTH_PORT', options.port, error)),
    );
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
