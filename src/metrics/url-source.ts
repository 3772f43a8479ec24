import { createHash } from 'node:crypto';
import { MetricsUnavailableError } from './errors.js';
import type { MetricsRequest, MetricsResult, MetricsSource } from './port.js';
import { missingKeyFacts } from './snapshot-quality.js';
import { parseSnapshotJson } from './snapshot-reader.js';

/**
 * `metrics: { source: url, url: URL }`: GET a snapshot JSON from the team's own endpoint (teams
 * on Render, Railway or Supabase). One deadline covers connect, headers and body; the body is
 * capped; a non-2xx answer is a MetricsUnavailableError with its status; the body is validated by
 * the same parser as files (SnapshotError on bad JSON or keys).
 */

export interface UrlSourceOptions {
  url: string;
  timeoutMs: number;
  maxBodyBytes: number;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
}

/** The URL without credentials or query values, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}${u.search === '' ? '' : '?…'}`;
  } catch {
    return '(invalid URL)';
  }
}

async function readCapped(response: Response, maxBytes: number, origin: string): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  const tooLarge = () =>
    new MetricsUnavailableError(`${origin}: response body is larger than ${maxBytes} bytes`, {
      status: response.status,
      publicMessage: `the metrics URL's answer is larger than ${maxBytes} bytes`,
    });
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

function failure(error: unknown, origin: string, timeoutMs: number): Error {
  if (error instanceof MetricsUnavailableError) return error;
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new MetricsUnavailableError(`${origin}: no complete answer within ${timeoutMs} ms`, {
      cause: error,
      publicMessage: `the metrics URL gave no complete answer within ${timeoutMs} ms`,
    });
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const reason = cause instanceof Error ? cause.message : String(cause);
  // Node's reason names the host ("getaddrinfo ENOTFOUND host"): a channel gets the code only.
  const code = (cause as { code?: unknown } | null)?.code;
  return new MetricsUnavailableError(`${origin}: cannot fetch metrics (${reason})`, {
    cause: error,
    publicMessage: `the metrics URL cannot be reached (${typeof code === 'string' ? code : 'network error'})`,
  });
}

export function createUrlSource(options: UrlSourceOptions): MetricsSource {
  const origin = redactUrl(options.url);
  const fetchImpl = options.fetch ?? fetch;

  const download = async (): Promise<string> => {
    const signal = AbortSignal.timeout(options.timeoutMs);
    try {
      const response = await fetchImpl(options.url, {
        signal,
        headers: { accept: 'application/json' },
      });
      if (!response.ok) {
        await response.body?.cancel();
        throw new MetricsUnavailableError(`${origin}: HTTP ${response.status}`, {
          status: response.status,
          publicMessage: `the metrics URL answered HTTP ${response.status}`,
        });
      }
      return await readCapped(response, options.maxBodyBytes, origin);
    } catch (error) {
      throw failure(error, origin, options.timeoutMs);
    }
  };

  return {
    kind: 'url',
    describe: () => `URL ${origin}`,
    // Hashed: the URL may carry a token.
    cacheKey: () => `url:${createHash('sha256').update(options.url).digest('hex')}`,
    fetch: async (_request: MetricsRequest): Promise<MetricsResult> => {
      const snapshot = parseSnapshotJson(await download(), origin);
      return {
        snapshot,
        series: {},
        quality: missingKeyFacts(snapshot, "the metrics URL's response"),
        notes: [],
        source: {
          kind: 'url',
          // The host is for the CLI and the logs only: a channel sees no hosts.
          description: 'metrics URL',
          detail: `URL ${origin}`,
          apiCalls: 0,
          metricsRequested: 0,
        },
      };
    },
  };
}
