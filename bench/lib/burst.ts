import { Agent, request } from 'node:http';
import { isIndicators } from '../servers/indicators.js';
import { percentile } from './stats.js';

/**
 * A burst: `count` signed requests issued at the same instant, as Slack would deliver a sudden
 * crowd of commands. They go over `sources` client addresses (127.0.0.x, each under the bot's
 * per-client connection cap) with `socketsPerSource` keep-alive connections each; a request
 * waiting for a free connection counts that wait in its latency, which is measured from the
 * instant of the burst to the end of its response.
 */

export interface BurstOptions {
  url: string;
  count: number;
  sources: readonly string[];
  socketsPerSource: number;
  next: () => { body: string; headers: Record<string, string> };
  /** A response body containing this counts as `busy` (the bot's full-queue ack). */
  busyText?: string;
}

export interface BurstResult {
  requests: number;
  /** Acks: 2xx responses. */
  acked: number;
  /** Acks saying "busy, try again" (their answer was not queued). */
  busy: number;
  non2xx: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Share of all requests not acked within Slack's 3 s (late, refused or failed). */
  over3sShare: number;
  /** From the burst to the last response. */
  seconds: number;
  /** Acks whose body was the full Scaling Indicators (answered in the ack itself). */
  answeredInAck: number;
}

const SLACK_ACK_MS = 3_000;

export async function sendBurst(options: BurstOptions): Promise<BurstResult> {
  const target = new URL(options.url);
  const agents = options.sources.map(
    (source) =>
      new Agent({
        keepAlive: true,
        maxSockets: options.socketsPerSource,
        localAddress: source,
      }),
  );
  const requests = Array.from({ length: options.count }, () => options.next());
  const latencies: number[] = [];
  let busy = 0;
  let non2xx = 0;
  let errors = 0;
  let late = 0;
  let answeredInAck = 0;
  const started = performance.now();
  await Promise.all(
    requests.map(
      ({ body, headers }, i) =>
        new Promise<void>((resolve) => {
          const agent = agents[i % agents.length] as Agent;
          const req = request(
            {
              host: target.hostname,
              port: target.port,
              path: target.pathname,
              method: 'POST',
              agent,
              headers: { ...headers, 'content-length': Buffer.byteLength(body) },
            },
            (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (chunk: Buffer) => chunks.push(chunk));
              res.on('end', () => {
                const ms = performance.now() - started;
                const status = res.statusCode ?? 0;
                if (status >= 200 && status < 300) {
                  latencies.push(ms);
                  if (ms >= SLACK_ACK_MS) late += 1;
                  const text = Buffer.concat(chunks).toString();
                  if (options.busyText !== undefined && text.includes(options.busyText)) busy += 1;
                  else if (text.length > 0 && isIndicators(JSON.parse(text))) answeredInAck += 1;
                } else {
                  non2xx += 1;
                }
                resolve();
              });
            },
          );
          req.on('error', () => {
            errors += 1;
            resolve();
          });
          req.end(body);
        }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const agent of agents) agent.destroy();
  return {
    requests: options.count,
    acked: latencies.length,
    busy,
    non2xx,
    errors,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: percentile(latencies, 100),
    over3sShare: (late + non2xx + errors) / options.count,
    seconds,
    answeredInAck,
  };
}
