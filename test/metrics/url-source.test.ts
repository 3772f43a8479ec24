import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MetricsUnavailableError, SnapshotError } from '../../src/metrics/errors.js';
import { createUrlSource, redactUrl } from '../../src/metrics/url-source.js';

const NOW = new Date('2026-03-02T09:00:00Z');
const running: { server: Server; sockets: Set<Socket> }[] = [];

afterEach(async () => {
  for (const { server, sockets } of running.splice(0)) {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function serve(handler: (res: ServerResponse) => void): Promise<string> {
  const sockets = new Set<Socket>();
  const server = createServer((_req, res) => handler(res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  running.push({ server, sockets });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics.json`;
}

function source(url: string, overrides: { timeoutMs?: number; maxBodyBytes?: number } = {}) {
  return createUrlSource({
    url,
    timeoutMs: overrides.timeoutMs ?? 2000,
    maxBodyBytes: overrides.maxBodyBytes ?? 65_536,
  });
}

describe('URL metrics source', () => {
  it('GETs and validates a snapshot', async () => {
    const url = await serve((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ cpuPercent: 55, conversationsPerMonth: 4200 }));
    });

    const result = await source(url).fetch({ now: NOW });

    expect(result.snapshot).toEqual({ cpuPercent: 55, conversationsPerMonth: 4200 });
    expect(result.source).toMatchObject({ kind: 'url', apiCalls: 0, metricsRequested: 0 });
    expect(result.quality).toContainEqual(
      expect.objectContaining({ metric: 'memoryPercent', issue: 'noData' }),
    );
  });

  it('turns HTTP 500 into MetricsUnavailableError with the status', async () => {
    const url = await serve((res) => {
      res.writeHead(500);
      res.end('boom');
    });

    const failure = source(url).fetch({ now: NOW });

    await expect(failure).rejects.toBeInstanceOf(MetricsUnavailableError);
    await expect(failure).rejects.toMatchObject({ status: 500, message: `${url}: HTTP 500` });
  });

  it('gives up at the timeout when the endpoint does not answer', async () => {
    const url = await serve(() => {});

    await expect(source(url, { timeoutMs: 200 }).fetch({ now: NOW })).rejects.toThrow(
      `${url}: no complete answer within 200 ms`,
    );
  });

  it('gives up at the timeout when the body stalls after the headers', async () => {
    const url = await serve((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"cpuPercent":');
    });

    await expect(source(url, { timeoutMs: 200 }).fetch({ now: NOW })).rejects.toThrow(
      'no complete answer within 200 ms',
    );
  });

  it('refuses a body over the limit, announced or streamed', async () => {
    const big = JSON.stringify({ cpuPercent: 1, pad: 'x'.repeat(2000) });
    const announced = await serve((res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(big),
      });
      res.end(big);
    });
    const streamed = await serve((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 4; i += 1) res.write('x'.repeat(600));
      res.end();
    });

    await expect(source(announced, { maxBodyBytes: 1024 }).fetch({ now: NOW })).rejects.toThrow(
      'response body is larger than 1024 bytes',
    );
    await expect(source(streamed, { maxBodyBytes: 1024 }).fetch({ now: NOW })).rejects.toThrow(
      'response body is larger than 1024 bytes',
    );
  });

  it('validates the body with the snapshot parser', async () => {
    const url = await serve((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('<html>not json</html>');
    });

    const failure = source(url).fetch({ now: NOW });

    await expect(failure).rejects.toBeInstanceOf(SnapshotError);
    await expect(failure).rejects.toThrow(`${url}: invalid JSON`);
  });

  it('reports an unreachable endpoint as unavailable', async () => {
    const url = await serve(() => {});
    const entry = running.pop();
    if (entry !== undefined)
      await new Promise<void>((resolve) => entry.server.close(() => resolve()));

    await expect(source(url).fetch({ now: NOW })).rejects.toThrow(
      /cannot fetch metrics \(.*ECONNREFUSED/,
    );
  });

  it('never shows credentials or query values of the URL', () => {
    const safe = redactUrl(
      'https://bot:s3cret@metrics.example.com/team/snapshot.json?token=abc123',
    );

    expect(safe).toBe('https://metrics.example.com/team/snapshot.json?…');
    expect(
      source('https://bot:s3cret@metrics.example.com/m.json?token=abc123').describe(),
    ).not.toMatch(/s3cret|abc123/);
  });
});
