import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeStartupError } from '../../src/bootstrap/startup-error.js';
import { type BotHarness, freePort, startBotHarness } from '../support/bot-harness.js';
import { SEED_PANEL } from '../support/seed-panel.js';
import { onlyReply, visibleText } from './helpers.js';

/** The bot's JSON log lines. */
function lines(h: BotHarness): { level: number; msg: string; err?: { message?: string } }[] {
  return h.logs.flatMap((text) =>
    text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l)),
  );
}

const WARN = 40;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scale-review-sources-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a configured metrics file that does not exist', () => {
  let h: BotHarness;
  let file: string;
  beforeAll(async () => {
    file = join(dir, 'not-yet-week.json');
    h = await startBotHarness({
      metrics: null,
      configYaml: `metrics:\n  source: file\n  file: ${file}\n  cacheTtlSeconds: 0\n`,
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is found at start-up: a warning with the cause, and the bot starts', () => {
    // Assert
    const check = lines(h).find((l) => l.msg.startsWith('metrics source check failed at start-up'));
    expect(check?.level).toBe(WARN);
    // pino adds the cause's own line: ENOENT, with the path.
    expect(check?.err?.message).toContain(`metrics file not found: ${file}: ENOENT`);
  });

  it('/scale status says the metrics are unavailable, naming no path; the log has the cause, at warn', async () => {
    // Arrange
    const before = lines(h).length;

    // Act
    const reply = await onlyReply(h, (await h.command('status')).responseId);

    // Assert
    const text = visibleText(reply);
    const logged = lines(h).slice(before);
    expect(text).toContain('Metrics unavailable: metrics file not found.');
    expect(text).toContain('the details in its log');
    expect(text).not.toContain(dir);
    expect(text).not.toContain('not-yet-week');
    expect(logged.find((l) => l.msg === 'metrics source failed')).toMatchObject({
      level: WARN,
      err: { message: expect.stringContaining(`metrics file not found: ${file}: ENOENT`) },
    });
    expect(logged.find((l) => l.msg === 'request failed: metrics unavailable')?.level).toBe(WARN);
    expect(logged.some((l) => l.msg === 'request refused')).toBe(false);
  });

  it('is read as soon as it appears', async () => {
    // Arrange
    await writeFile(file, JSON.stringify(SEED_PANEL));

    // Act
    const reply = await onlyReply(h, (await h.command('status')).responseId);

    // Assert
    expect(visibleText(reply)).toContain('Scaling Indicators');
  });
});

describe('a metrics URL nothing answers', () => {
  let h: BotHarness;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    h = await startBotHarness({
      metrics: null,
      configYaml: `metrics:\n  source: url\n  url: http://127.0.0.1:${port}/week.json\n`,
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is a warning at start-up, and /scale status names no host', async () => {
    // Act
    const reply = await onlyReply(h, (await h.command('status')).responseId);

    // Assert
    const check = lines(h).find((l) => l.msg.startsWith('metrics source check failed at start-up'));
    const text = visibleText(reply);
    expect(check?.level).toBe(WARN);
    expect(check?.err?.message).toContain(`127.0.0.1:${port}`);
    expect(text).toContain(
      'Metrics unavailable: the metrics URL cannot be reached (ECONNREFUSED).',
    );
    expect(text).not.toContain('127.0.0.1');
    expect(text).not.toContain(String(port));
  });
});

describe('one source of several failing', () => {
  let h: BotHarness;
  let server: Server;
  let file: string;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(SEED_PANEL));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    file = join(dir, 'conversations-missing.json');
    h = await startBotHarness({
      metrics: null,
      configYaml: [
        'metrics:',
        '  sources: { file: [conversationsPerMonth], url: rest }',
        `  file: ${file}`,
        `  url: http://127.0.0.1:${port}/week.json`,
      ].join('\n'),
    });
  });
  afterAll(async () => {
    await h?.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('degrades the review, naming no path, and logs the failed source with its cause at warn', async () => {
    // Arrange
    const before = lines(h).length;

    // Act
    const reply = await onlyReply(h, (await h.command('status')).responseId);

    // Assert
    const text = visibleText(reply);
    const failed = lines(h)
      .slice(before)
      .find((l) => l.msg === 'metrics source failed');
    expect(text).toContain('metrics file failed: metrics file not found');
    expect(text).not.toContain(dir);
    expect(failed).toMatchObject({
      level: WARN,
      source: 'metrics file',
      err: { message: expect.stringContaining(`metrics file not found: ${file}`) },
    });
  });
});

describe('a configured source that cannot work at all stops the start', () => {
  it.each([
    [
      'metrics:\n  source: postgres\n',
      'metrics.source: PostgreSQL not configured: SCALE_REVIEW_DATABASE_URL is not set',
    ],
    [
      'metrics:\n  source: cloudwatch\n',
      'metrics.source: CloudWatch not configured: no AWS region — set AWS_REGION or metrics.cloudwatch.region in scale-review.yml (or remove the source from metrics: to start without it)',
    ],
    [
      'metrics:\n  sources:\n    postgres: [conversationsPerMonth]\n    file: rest\n  file: ./week.json\n',
      'metrics.sources.postgres: PostgreSQL not configured: SCALE_REVIEW_DATABASE_URL is not set',
    ],
  ])('%j', async (configYaml, problem) => {
    // Act
    const failure = await startBotHarness({ metrics: null, configYaml }).then(
      async (h) => {
        await h.close();
        return null;
      },
      (error: unknown) => describeStartupError(error),
    );

    // Assert: one line naming the file and the key, exit 2.
    expect(failure?.exitCode).toBe(2);
    expect(failure?.lines).toEqual([expect.stringMatching(/scale-review\.yml: /)]);
    expect(failure?.lines[0]).toContain(problem);
  });
});
