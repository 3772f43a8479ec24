import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PROCESS_DEADLINE_MS } from '../support/wait.js';
import { BIN, SEED_GROWTH_ROWS, SEED_PANEL_LINES, SEED_WEEK, tempDir } from './cli-harness.js';

let dir: { dir: string; cleanup: () => void };

beforeAll(() => {
  if (!existsSync(BIN)) {
    throw new Error(
      `${BIN} is missing: run \`npm run build\` first (\`npm test\` does it for you)`,
    );
  }
  dir = tempDir({
    'unknown-key.json': '{"cpuPercent": 72, "cpu_percent": 72}',
    'bad-config.yml': 'plan:\n  growth:\n    defaultMonths: 0\n',
    'cloudwatch.yml':
      'metrics:\n  source: cloudwatch\n  cloudwatch:\n    region: eu-west-1\n    maxAttempts: 1\n',
  });
});

afterAll(() => {
  dir.cleanup();
});

/** Runs the built binary the way a user does, in a directory without a config file. */
function scaleReview(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  // The machine's own settings must not leak into the test (a real store, CloudWatch, Slack).
  for (const name of [
    'SCALE_REVIEW_CONFIG',
    'MONGODB_URL',
    'DATA_DIR',
    'AWS_REGION',
    'SLACK_BOT_TOKEN',
    'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
  ]) {
    if (options.env?.[name] === undefined) delete env[name];
  }
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir.dir,
    env,
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: PROCESS_DEADLINE_MS,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the built scale-review binary', () => {
  it('starts with a node shebang', () => {
    // Act
    const firstLine = readFileSync(BIN, 'utf8').split('\n')[0];

    // Assert
    expect(firstLine).toBe('#!/usr/bin/env node');
  });

  it('prints the seed panel for examples/seed-week.json', () => {
    // Act
    const { code, stdout, stderr } = scaleReview(['status', '--metrics', SEED_WEEK]);

    // Assert
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.startsWith('Scaling Indicators\n━━━━━━━━━━━━━━━━━━━━━━━━\n')).toBe(true);
    for (const line of SEED_PANEL_LINES) {
      expect(stdout.split('\n')).toContain(line);
    }
    expect(stdout).toMatch(/\nRecommendation: Monitor, no action needed yet/);
    expect(stdout).toMatch(
      /\nNext review: In 7 days \((Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} \w{3} \d{4}\)\n/,
    );
  });

  it('prints the seed review as JSON', () => {
    // Act
    const { code, stdout } = scaleReview(['status', '--metrics', SEED_WEEK, '--json']);

    // Assert
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.stage).toEqual({ number: 1, name: 'Small Team' });
    expect(
      json.indicators.map((i: { key: string; status: string }) => `${i.key}:${i.status}`),
    ).toEqual([
      'cpu:ok',
      'memory:ok',
      'dbConnections:ok',
      'responseTimeP95:ok',
      'errorRate:ok',
      'dbStorage:ok',
      'conversations:ok',
    ]);
    expect(json.headline).toBe('Monitor, no action needed yet');
  });

  it('reads the snapshot from stdin', () => {
    // Act
    const { code, stdout } = scaleReview(['status', '--metrics', '-'], {
      input: readFileSync(SEED_WEEK, 'utf8'),
    });

    // Assert
    expect(code).toBe(0);
    expect(stdout).toContain('Server CPU: 72% (consider scaling at >75%)');
  });

  it.each(SEED_GROWTH_ROWS)('gives the seed growth row for project $args', ({ args, line }) => {
    // Act
    const { code, stdout } = scaleReview(['project', ...args]);

    // Assert
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe(line);
  });

  it('prices the next stage and 50 helpdesk agents at $2,450', () => {
    // Act
    const { code, stdout } = scaleReview(['cost', 'next', '--agents', '50']);

    // Assert
    expect(code).toBe(0);
    expect(stdout).toContain('Change: +$40-65/month');
    expect(stdout).toContain('$49/agent × 50 agents = $2,450/month');
  });

  it('prints the cost as JSON', () => {
    // Act
    const { stdout } = scaleReview(['cost', 'next', '--agents', '50', '--json']);

    // Assert
    expect(JSON.parse(stdout).helpdesk.monthly).toBe(2450);
  });

  it.each([
    [['project', '2x'], 'scale-review: `2x` is not a volume; try 2000 or 2k'],
    [['frobnicate'], 'scale-review: `frobnicate` is not a command; try `help`'],
    [['status', '--metrics', './nope.json'], 'scale-review: metrics file not found: ./nope.json'],
    [
      ['status', '--metrics', 'unknown-key.json'],
      'scale-review: unknown-key.json: unknown key `cpu_percent` (did you mean `cpuPercent`?)',
    ],
    [
      ['status'],
      'scale-review: no metrics source: pass --metrics FILE or configure metrics in scale-review.yml',
    ],
    [
      ['cost', '--agents', '-1'],
      'scale-review: `-1` is not a number of agents; give a whole number from 1 to 100,000',
    ],
    [['cost', '--agents'], 'scale-review: --agents needs a value: a number of agents, e.g. 50'],
  ])('refuses %j with exit 2, one line and usage', (args, reason) => {
    // Act
    const { code, stdout, stderr } = scaleReview(args);

    // Assert
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const [first, second] = stderr.split('\n');
    expect(first).toBe(reason);
    expect(second).toMatch(/^Usage:/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a bad config file, naming the file and the field', () => {
    // Act
    const { code, stderr } = scaleReview(['plan'], {
      env: { SCALE_REVIEW_CONFIG: 'bad-config.yml' },
    });

    // Assert
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe(
      'scale-review: bad-config.yml: plan.growth.defaultMonths: expected >= 1, got 0',
    );
  });

  it('lists the history of an empty DATA_DIR, creating the embedded store there', () => {
    // Arrange
    const dataDir = join(dir.dir, 'empty-data');

    // Act
    const { code, stdout, stderr } = scaleReview(['history'], { env: { DATA_DIR: dataDir } });

    // Assert
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(
      `No reviews stored for team local yet (embedded SQLite store at ${dataDir}/scale-review.sqlite (one process only)).\n` +
        'Store one with: scale-review status --save\n' +
        'Reviews from Slack are stored under the Slack team id: add --team T0123ABCD.\n',
    );
    expect(existsSync(join(dataDir, 'scale-review.sqlite'))).toBe(true);
  });

  it('prints help with exit 0', () => {
    // Act
    const { code, stdout } = scaleReview(['help']);

    // Assert
    expect(code).toBe(0);
    expect(stdout).toContain('scale-review project <volume> [growth] [months] [--json]');
  });

  it('runs as `npx scale-review` from the repository, as the README says, downloading nothing', () => {
    // Arrange: a cache of its own, and --offline: npm may not reach the registry at all
    const cache = tempDir({});
    const repository = join(import.meta.dirname, '..', '..');
    // Act
    const result = spawnSync(
      'npx',
      ['--offline', '--yes', 'scale-review', 'status', '--metrics', SEED_WEEK],
      {
        cwd: repository,
        env: { ...process.env, npm_config_cache: cache.dir, DATA_DIR: join(cache.dir, 'data') },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    cache.cleanup();
    // Assert
    expect(result.status).toBe(0);
    expect(result.stdout.startsWith('Scaling Indicators\n')).toBe(true);
    expect(result.stdout).toMatch(/\nRecommendation: Monitor, no action needed yet/);
  });

  it("keeps the AWS SDK's NodeVersionSupportWarning off stderr while it uses CloudWatch", () => {
    // Arrange: a CloudWatch review against moto, the SDK's own switch unset.
    const env: NodeJS.ProcessEnv = {
      SCALE_REVIEW_CONFIG: join(dir.dir, 'cloudwatch.yml'),
      AWS_ENDPOINT_URL_CLOUDWATCH: inject('cloudwatchEndpoint'),
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
    };

    // Act
    const { code, stdout, stderr } = scaleReview(['status'], { env });

    // Assert
    expect(code).toBe(0);
    expect(stdout).toContain('Metrics: CloudWatch, eu-west-1, 7 days to');
    expect(stderr).not.toContain('NodeVersionSupportWarning');
    expect(stderr).toBe('');
  });
});
