import autocannon from 'autocannon';
import { isIndicators } from '../servers/indicators.js';
import { percentile } from './stats.js';

/**
 * The one load generator of every HTTP benchmark: autocannon, in this process, with latencies
 * taken from its per-response event (hrtime, sub-millisecond) rather than its integer histogram.
 */

export interface LoadOptions {
  url: string;
  connections: number;
  /** How long to run; ignored when `amount` is set. */
  durationSeconds: number;
  /** Send exactly this many requests, then stop. */
  amount?: number;
  /** Requests per second across all connections (open loop); unset: as fast as answers come. */
  overallRate?: number;
  /** Builds each request's body and headers (called once per request). */
  next: () => { body: string; headers: Record<string, string> };
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** 2xx responses whose body was the full Scaling Indicators: answered in the ack itself. */
  answeredInAck: number;
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let non2xx = 0;
  let answeredInAck = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        // autocannon refuses more connections than requests.
        connections: Math.min(options.connections, options.amount ?? options.connections),
        duration: options.durationSeconds,
        ...(options.amount === undefined ? {} : { amount: options.amount }),
        ...(options.overallRate === undefined ? {} : { overallRate: options.overallRate }),
        timeout: 10,
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => {
              const { body, headers } = options.next();
              return { ...request, method: 'POST', body, headers };
            },
            onResponse: (status, body) => {
              if (
                status >= 200 &&
                status < 300 &&
                body.length > 0 &&
                isIndicators(JSON.parse(body))
              )
                answeredInAck += 1;
            },
          },
        ],
      },
      (error, result) => {
        if (error) {
          reject(error);
          return;
        }
        const seconds = result.duration;
        resolve({
          requests: latencies.length,
          seconds,
          rps: latencies.length / seconds,
          p50Ms: percentile(latencies, 50),
          p90Ms: percentile(latencies, 90),
          p99Ms: percentile(latencies, 99),
          maxMs: percentile(latencies, 100),
          non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          answeredInAck,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
      else non2xx += 1;
    });
  });
}
