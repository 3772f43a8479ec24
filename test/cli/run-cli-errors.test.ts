import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { captureIo, SEED_WEEK, tempDir } from './cli-harness.js';

let files: { dir: string; cleanup: () => void };

beforeAll(() => {
  files = tempDir({
    'unknown-key.json': '{"cpu_percent": 72}',
    'negative.json': '{"cpuPercent": -1}',
    'not-json.json': '{"cpuPercent": 72,',
  });
});

afterAll(() => {
  files.cleanup();
});

async function failing(argv: string[], env: NodeJS.ProcessEnv = {}, cwd?: string) {
  const run = captureIo({ cwd: cwd ?? files.dir, env });
  const code = await runCli(argv, run.io);
  const [reason = '', ...rest] = run.stderr().trimEnd().split('\n');
  return { code, reason, usage: rest.join('\n'), stdout: run.stdout() };
}

describe('runCli bad input: exit 2, one line plus usage', () => {
  it.each([
    [['project', '2x'], 'scale-review: `2x` is not a volume; try 2000 or 2k'],
    [['foo'], 'scale-review: `foo` is not a command; try `help`'],
    [['project'], 'scale-review: project needs a volume, e.g. project 2k 30% 3'],
    [['cost', '9'], 'scale-review: stage 9 does not exist; valid stages: 1, 2, 3, 4'],
    [
      ['status'],
      'scale-review: no metrics source: pass --metrics FILE or configure metrics in scale-review.yml',
    ],
    [['status', '--metrics', './nope.json'], 'scale-review: metrics file not found: ./nope.json'],
    [
      ['status', '--metrics', 'unknown-key.json'],
      'scale-review: unknown-key.json: unknown key `cpu_percent` (did you mean `cpuPercent`?)',
    ],
    [
      ['status', '--metrics', 'negative.json'],
      'scale-review: negative.json: cpuPercent must not be negative',
    ],
    [
      ['status', '--team', 'T0123ABCD', '--metrics', SEED_WEEK],
      'scale-review: --team needs --save (it names the team the review is saved for)',
    ],
    [
      ['history', '--team', 'no/such'],
      'scale-review: `no/such` is not a team id; use the Slack team id, e.g. T0123ABCD',
    ],
  ])('refuses %j', async (argv, reason) => {
    // Act
    const result = await failing(argv);

    // Assert
    expect(result.code).toBe(2);
    expect(result.reason).toBe(reason);
    expect(result.usage).toMatch(/^Usage:/);
    expect(result.stdout).toBe('');
  });

  it('names the file and says the JSON is invalid', async () => {
    // Act
    const result = await failing(['status', '--metrics', 'not-json.json']);

    // Assert
    expect(result.code).toBe(2);
    expect(result.reason).toMatch(/^scale-review: not-json\.json: invalid JSON \(.+\)$/);
  });

  it('names the config file and the bad field', async () => {
    // Arrange
    const config = tempDir({
      'scale-review.yml': 'plan:\n  thresholds:\n    cpu:\n      over: high\n',
    });

    // Act
    const result = await failing(['project', '2k'], {}, config.dir);
    config.cleanup();

    // Assert
    expect(result.code).toBe(2);
    expect(result.reason).toBe(
      'scale-review: scale-review.yml: plan.thresholds.cpu.over: expected number, got string',
    );
  });

  it('names a missing SCALE_REVIEW_CONFIG file', async () => {
    // Act
    const result = await failing(['plan'], { SCALE_REVIEW_CONFIG: '/nowhere/scale-review.yml' });

    // Assert
    expect(result.code).toBe(2);
    expect(result.reason).toBe(
      'scale-review: config file not found: /nowhere/scale-review.yml (from SCALE_REVIEW_CONFIG)',
    );
  });

  it('says CloudWatch is not configured, with the fix, when it has no region', async () => {
    // Arrange
    const config = tempDir({ 'scale-review.yml': 'metrics:\n  source: cloudwatch\n' });

    // Act
    const result = await failing(['status'], {}, config.dir);
    config.cleanup();

    // Assert
    expect(result.code).toBe(2);
    expect(result.reason).toBe(
      'scale-review: CloudWatch not configured: no AWS region — set AWS_REGION or metrics.cloudwatch.region in scale-review.yml',
    );
    expect(result.usage).toBe('');
  });

  it('names the bad field of the metrics section', async () => {
    // Arrange
    const config = tempDir({ 'scale-review.yml': 'metrics:\n  source: file\n' });

    // Act
    const result = await failing(['status'], {}, config.dir);
    config.cleanup();

    // Assert
    expect(result.code).toBe(2);
    expect(result.reason).toBe(
      'scale-review: scale-review.yml: metrics.file: source: file needs file: PATH, e.g. file: ./metrics/week.json',
    );
  });
});

describe('runCli checks every value of the config file, as the bot does', () => {
  it.each([['project', '2k'], ['cost'], ['status', '--metrics', SEED_WEEK]])(
    'refuses a digest.tickCron node-cron cannot schedule, for %j too',
    async (...argv) => {
      // Arrange
      const config = tempDir({ 'scale-review.yml': 'digest:\n  tickCron: every minute\n' });

      // Act
      const result = await failing(argv, {}, config.dir);
      config.cleanup();

      // Assert
      expect(result.code).toBe(2);
      expect(result.reason).toBe(
        'scale-review: scale-review.yml: digest.tickCron: expected a cron expression (5 fields: minute hour day month weekday, in UTC; or 6, seconds first), got "every minute" (expected 5 or 6 fields but got 2); e.g. tickCron: "* * * * *" (the default)',
      );
    },
  );
});

describe('runCli internal errors', () => {
  it('exits 1 with one line, without a stack trace', async () => {
    // Arrange
    const run = captureIo({
      cwd: files.dir,
      metricsSource: {
        kind: 'url',
        describe: () => 'URL https://metrics.example.com',
        fetch: () => Promise.reject(new Error('socket hang up\n    at fake (x.js:1:1)')),
      },
    });

    // Act
    const code = await runCli(['status'], run.io);

    // Assert
    expect(code).toBe(1);
    expect(run.stderr()).toBe('scale-review: internal error: socket hang up at fake (x.js:1:1)\n');
  });
});
