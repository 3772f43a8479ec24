import { createServer, type Server, type Socket } from 'node:net';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { afterEach, describe, expect, it } from 'vitest';
import { createCloudWatchSource } from '../../src/metrics/cloudwatch/cloudwatch-source.js';
import { planWindow } from '../../src/metrics/cloudwatch/window.js';
import { parseMetricsConfig } from '../../src/metrics/config.js';
import {
  MetricsNotConfiguredError,
  MetricsThrottledError,
  MetricsUnavailableError,
} from '../../src/metrics/errors.js';
import { instrument, newCallLog, testClientFactory } from './support/moto.js';
import { silentLogger } from './support/silent-logger.js';
import { awsError, awsJson, type StubServer, startStub } from './support/stub-server.js';

/**
 * Failure paths moto cannot produce (it never throttles and accepts any credentials by default),
 * served by a loopback stub that answers exactly like CloudWatch's JSON protocol. The SDK client,
 * its standard retry mode and its timeouts are the real ones the adapter builds.
 */

const NOW = new Date('2026-03-02T09:17:42Z');
const plan = planWindow({ now: NOW, windowDays: 7, periodSeconds: 3600 });

const stubs: StubServer[] = [];
const servers: Server[] = [];

/** Close a server and drop its open connections (a black hole never ends them by itself). */
function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise<void>((resolve) => server.close(() => resolve()));
}

const openSockets = new WeakMap<Server, Set<Socket>>();

async function closeAll(): Promise<void> {
  await Promise.all(stubs.splice(0).map((s) => s.close()));
  await Promise.all(servers.splice(0).map((s) => closeServer(s, openSockets.get(s) ?? new Set())));
}

afterEach(closeAll);

function source(
  endpoint: string,
  cloudwatch: Record<string, unknown> = {},
  options: { timeoutMs?: number; region?: string | undefined } = {},
) {
  const config = parseMetricsConfig({
    timeoutMs: options.timeoutMs ?? 15_000,
    cloudwatch: { dimensions: { autoScalingGroupName: 'web' }, maxAttempts: 2, ...cloudwatch },
  });
  const calls = newCallLog();
  const adapter = createCloudWatchSource({
    config: config.cloudwatch,
    timeoutMs: config.timeoutMs,
    region: 'region' in options ? options.region : 'us-east-1',
    logger: silentLogger(),
    createClient: testClientFactory({ endpoint, account: '123456789012', calls }),
  });
  return { adapter, calls };
}

async function stub(handler: Parameters<typeof startStub>[0]): Promise<StubServer> {
  const server = await startStub(handler);
  stubs.push(server);
  return server;
}

/** Accepts connections and never answers. */
async function blackHole(): Promise<string> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  openSockets.set(server, sockets);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return `http://127.0.0.1:${port}`;
}

const epoch = (d: Date) => d.getTime() / 1000;

describe('CloudWatch adapter failures', () => {
  it('retries throttling with the SDK, then fails with a typed error that says so', async () => {
    const server = await stub((_req, res) => awsError(res, 400, 'Throttling', 'Rate exceeded'));
    const { adapter } = source(server.url);

    const failure = adapter.fetch({ now: NOW });

    await expect(failure).rejects.toThrow(MetricsThrottledError);
    await expect(failure).rejects.toThrow('CloudWatch throttled GetMetricData after 2 attempt(s)');
    expect(server.requests).toHaveLength(2);
  });

  it('recovers when a throttled request succeeds on retry', async () => {
    let answered = 0;
    const server = await stub((_req, res) => {
      answered += 1;
      if (answered === 1) return awsError(res, 400, 'ThrottlingException', 'Rate exceeded');
      const hour = epoch(plan.end) - 3600;
      awsJson(res, {
        MetricDataResults: [
          { Id: 'cpu_s', Timestamps: [hour], Values: [42], StatusCode: 'Complete' },
        ],
      });
    });
    const { adapter } = source(server.url, { minCoverage: 0 });

    const result = await adapter.fetch({ now: NOW });

    expect(result.snapshot.cpuPercent).toBe(42);
    expect(server.requests).toHaveLength(2);
    expect(result.source.apiCalls).toBe(1);
  });

  it('says "CloudWatch not configured" with the fix when the credentials are rejected', async () => {
    const server = await stub((_req, res) =>
      awsError(
        res,
        403,
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
      ),
    );
    const { adapter } = source(server.url);

    const failure = adapter.fetch({ now: NOW });

    await expect(failure).rejects.toThrow(MetricsNotConfiguredError);
    await expect(failure).rejects.toThrow(
      /^CloudWatch not configured: AWS credentials rejected \(InvalidClientTokenId\) — provide credentials/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('names the missing IAM permission when access is denied', async () => {
    const server = await stub((_req, res) =>
      awsError(
        res,
        403,
        'AccessDenied',
        'User: arn:aws:iam::123456789012:user/bot is not authorized to perform: cloudwatch:GetMetricData',
      ),
    );
    const { adapter } = source(server.url);

    await expect(adapter.fetch({ now: NOW })).rejects.toThrow(
      /access denied .*— allow cloudwatch:GetMetricData/,
    );
  });

  it('says which setting is missing when there is no region, without calling AWS', async () => {
    const { adapter, calls } = source('http://127.0.0.1:9', {}, { region: undefined });

    await expect(adapter.fetch({ now: NOW })).rejects.toThrow(
      'CloudWatch not configured: no AWS region — set AWS_REGION or metrics.cloudwatch.region in scale-review.yml',
    );
    expect(calls.getMetricData).toBe(0);
  });

  it('reports missing credentials from the default chain as not configured', async () => {
    const config = parseMetricsConfig({ cloudwatch: { maxAttempts: 1 } });
    const adapter = createCloudWatchSource({
      config: config.cloudwatch,
      timeoutMs: 5000,
      region: 'us-east-1',
      logger: silentLogger(),
      createClient: (clientConfig) =>
        instrument(
          new CloudWatchClient({
            ...clientConfig,
            endpoint: 'http://127.0.0.1:9',
            credentials: async () => {
              throw Object.assign(new Error('Could not load credentials from any providers'), {
                name: 'CredentialsProviderError',
              });
            },
          }),
          { account: '123456789012' },
        ),
    });

    await expect(adapter.fetch({ now: NOW })).rejects.toThrow(
      /^CloudWatch not configured: no AWS credentials found — provide credentials through the default AWS chain/,
    );
  });

  it('fails within the timeout when the endpoint never answers', async () => {
    const url = await blackHole();
    const { adapter } = source(url, { requestTimeoutMs: 200, connectionTimeoutMs: 200 });

    const failure = adapter.fetch({ now: NOW });

    // The per-attempt timeouts ended it, on a machine of any speed: without them the SDK would
    // wait until the whole-fetch deadline (15 s here), which says "did not answer within".
    await expect(failure).rejects.toThrow(MetricsUnavailableError);
    await expect(failure).rejects.toThrow(
      'CloudWatch request timed out (200 ms per attempt, 2 attempt(s))',
    );
  });

  it('stops at the whole-fetch deadline even with long per-attempt timeouts', async () => {
    const url = await blackHole();
    const { adapter } = source(url, { requestTimeoutMs: 10_000 }, { timeoutMs: 300 });

    await expect(adapter.fetch({ now: NOW })).rejects.toThrow(
      'CloudWatch did not answer within 300 ms',
    );
  });

  it('reports a refused connection as unavailable', async () => {
    const url = await blackHole();
    await closeAll();
    const { adapter } = source(url, { maxAttempts: 1 });

    await expect(adapter.fetch({ now: NOW })).rejects.toThrow(
      'cannot reach CloudWatch (ECONNREFUSED)',
    );
  });

  it('reports HTTP 500 as unavailable after the retries, with the status', async () => {
    const server = await stub((_req, res) => awsError(res, 500, 'InternalFailure', 'oops'));
    const { adapter } = source(server.url);

    const failure = adapter.fetch({ now: NOW });

    await expect(failure).rejects.toMatchObject({ name: 'MetricsUnavailableError', status: 500 });
    expect(server.requests).toHaveLength(2);
  });

  it('follows NextToken and merges the pages by query id', async () => {
    const hours = Array.from({ length: 168 }, (_, h) => epoch(plan.windowStart) + h * 3600);
    const server = await stub((req, res) => {
      const body = JSON.parse(req.body) as { NextToken?: string };
      const page = body.NextToken === undefined ? hours.slice(0, 100) : hours.slice(100);
      awsJson(res, {
        MetricDataResults: [
          { Id: 'cpu_s', Timestamps: page, Values: page.map(() => 10), StatusCode: 'Complete' },
        ],
        ...(body.NextToken === undefined ? { NextToken: 'page-2' } : {}),
      });
    });
    const { adapter, calls } = source(server.url);

    const result = await adapter.fetch({ now: NOW });

    expect(calls.getMetricData).toBe(2);
    expect(result.source.apiCalls).toBe(2);
    expect(result.series.cpuPercent?.values).toHaveLength(168);
    expect(result.quality.filter((q) => q.metric === 'cpuPercent')).toEqual([]);
    expect(JSON.parse(server.requests[1]?.body ?? '{}')).toMatchObject({ NextToken: 'page-2' });
  });

  it('rejects an answer that is not a valid GetMetricData response', async () => {
    const server = await stub((_req, res) =>
      awsJson(res, {
        MetricDataResults: [
          { Id: 'cpu_s', Timestamps: [1, 2], Values: [1], StatusCode: 'Complete' },
        ],
      }),
    );
    const { adapter } = source(server.url);

    await expect(adapter.fetch({ now: NOW })).rejects.toThrow(/unexpected GetMetricData response/);
  });
});
