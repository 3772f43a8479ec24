import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { MetricsUnavailableError } from '../../src/metrics/errors.js';
import type { MetricsResult, MetricsSource } from '../../src/metrics/port.js';
import { captureIo, NOW, SEED_WEEK, tempDir } from './cli-harness.js';

let dir: { dir: string; cleanup: () => void };

beforeEach(() => {
  dir = tempDir();
});

afterEach(() => {
  dir.cleanup();
});

/** A source that answers like the CloudWatch adapter: description with the window, its cost. */
function cloudWatchLike(): MetricsSource {
  const result: MetricsResult = {
    snapshot: { cpuPercent: 72, memoryPercent: 68 },
    series: {},
    quality: [],
    notes: ['dbMaxConnections 225: estimated from db.t3.small (postgres)'],
    source: {
      kind: 'cloudwatch',
      description: 'CloudWatch, us-east-1, 7 days to Mon 09:00 UTC',
      apiCalls: 1,
      metricsRequested: 9,
    },
  };
  return { kind: 'cloudwatch', describe: () => 'CloudWatch', fetch: () => Promise.resolve(result) };
}

describe('status with the configured metrics source', () => {
  it('states the source and its window, and the source notes', async () => {
    // Arrange
    const run = captureIo({ cwd: dir.dir, metricsSource: cloudWatchLike() });

    // Act
    const code = await runCli(['status'], run.io);

    // Assert
    expect(code).toBe(0);
    const lines = run.stdout().split('\n');
    expect(lines[2]).toBe('Metrics: CloudWatch, us-east-1, 7 days to Mon 09:00 UTC');
    expect(lines).toContain('Server CPU: 72% (consider scaling at >75%)');
    expect(run.stdout()).toContain(
      '\nNotes:\n  - dbMaxConnections 225: estimated from db.t3.small (postgres)\n',
    );
  });

  it('adds the source, its API calls and metrics requested to --json', async () => {
    // Arrange
    const run = captureIo({ cwd: dir.dir, metricsSource: cloudWatchLike() });

    // Act
    await runCli(['status', '--json'], run.io);

    // Assert
    expect(JSON.parse(run.stdout()).source).toEqual({
      kind: 'cloudwatch',
      description: 'CloudWatch, us-east-1, 7 days to Mon 09:00 UTC',
      apiCalls: 1,
      metricsRequested: 9,
    });
  });

  it('prefers --metrics over the configured source', async () => {
    // Arrange
    const run = captureIo({ cwd: dir.dir, metricsSource: cloudWatchLike() });

    // Act
    await runCli(['status', '--metrics', SEED_WEEK, '--json'], run.io);

    // Assert
    expect(JSON.parse(run.stdout()).source.kind).toBe('file');
  });

  it('exits 1 with the reason, not as an internal error, when the source is unavailable', async () => {
    // Arrange
    const run = captureIo({
      cwd: dir.dir,
      metricsSource: {
        kind: 'url',
        describe: () => 'URL http://127.0.0.1:9',
        fetch: () =>
          Promise.reject(new MetricsUnavailableError('metrics URL timed out after 15 s')),
      },
    });

    // Act
    const code = await runCli(['status'], run.io);

    // Assert
    expect(code).toBe(1);
    expect(run.stderr()).toBe('scale-review: metrics URL timed out after 15 s\n');
  });

  it('falls back to stage 1 for cost, with a warning, when the source is unavailable', async () => {
    // Arrange
    const run = captureIo({
      cwd: dir.dir,
      metricsSource: {
        kind: 'url',
        describe: () => 'URL http://127.0.0.1:9',
        fetch: () => Promise.reject(new MetricsUnavailableError('metrics URL answered 500')),
      },
    });

    // Act
    const code = await runCli(['cost', '--json'], run.io);

    // Assert
    expect(code).toBe(0);
    expect(JSON.parse(run.stdout()).currentStageSource).toBe('default');
    expect(run.stderr()).toBe(
      'scale-review: warning: metrics unavailable; the current stage is assumed: metrics URL answered 500\n',
    );
  });
});

describe('status with metrics from a URL in scale-review.yml', () => {
  let server: Server;
  let url: string;

  beforeEach(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ cpuPercent: 81, capturedAt: NOW.toISOString() }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  });

  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('fetches the snapshot and names the source', async () => {
    // Arrange
    const config = tempDir({ 'scale-review.yml': `metrics:\n  source: url\n  url: ${url}\n` });
    const run = captureIo({ cwd: config.dir });

    // Act
    const code = await runCli(['status', '--json'], run.io);
    config.cleanup();

    // Assert
    expect(code).toBe(0);
    const json = JSON.parse(run.stdout());
    expect(json.indicators[0]).toMatchObject({ key: 'cpu', value: 81, status: 'over' });
    expect(json.source).toMatchObject({ kind: 'url', apiCalls: 0, metricsRequested: 0 });
    // The channel-safe description names no host; the terminal's detail does.
    expect(json.source.description).toBe('metrics URL');
    expect(json.source.detail).toMatch(/^URL http:\/\/127\.0\.0\.1:\d+/);
  });
});
