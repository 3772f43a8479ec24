import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfigText } from '../../src/config/config-file.js';
import { CliEnvError, readCliEnv, requireSlackEnv } from '../../src/config/env.js';
import { DEFAULT_PLAN } from '../../src/domain/plan/default-plan.js';
import { tempDir } from './cli-harness.js';

function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

async function rejectedConfigError(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (error instanceof ConfigError) return error;
  throw new Error(`expected a ConfigError, got ${String(error)}`);
}

describe('parseConfigText', () => {
  it.each(['', '# only a comment\n', 'plan:\n'])('gives the default plan for %j', (text) => {
    // Act
    const config = parseConfigText(text, 'scale-review.yml');

    // Assert
    expect(config.plan.thresholds.cpu.over).toBe(DEFAULT_PLAN.thresholds.cpu.over);
    expect(config.metrics).toBeNull();
  });

  it('merges plan overrides and keeps the other sections as given', () => {
    // Arrange
    const text =
      'plan:\n  thresholds:\n    cpu:\n      over: 80\nmetrics:\n  source: file\n  file: m.json\n';

    // Act
    const config = parseConfigText(text, 'scale-review.yml');

    // Assert
    expect(config.plan.thresholds.cpu.over).toBe(80);
    expect(config.plan.thresholds.memory.over).toBe(80);
    expect(config.metrics).toEqual({ source: 'file', file: 'm.json' });
    expect(config.store).toBeNull();
  });

  it.each([
    [
      'plan:\n  thresholds:\n    cpu:\n      over: high\n',
      'plan.thresholds.cpu.over',
      'cfg.yml: plan.thresholds.cpu.over: expected number, got string',
    ],
    [
      'plna:\n  a: 1\n',
      'plna',
      'cfg.yml: plna: unknown section (expected plan, metrics, store, slack, digest, infrastructure)',
    ],
    ['metrics: 5\n', 'metrics', 'cfg.yml: metrics: expected a mapping, got number'],
    ['slack: [a, b]\n', 'slack', 'cfg.yml: slack: expected a mapping, got array'],
    ['plan: 3\n', 'plan', 'cfg.yml: plan: expected object, got number'],
  ])('refuses %j naming the field', (text, field, message) => {
    // Act
    const error = configErrorOf(() => parseConfigText(text, 'cfg.yml'));

    // Assert
    expect(error.field).toBe(field);
    expect(error.file).toBe('cfg.yml');
    expect(error.message).toBe(message);
  });

  it.each([
    [
      '- a\n- b\n',
      'cfg.yml: expected a mapping with the sections plan, metrics, store, slack, digest',
    ],
    ['plan: [1\n', /^cfg\.yml: invalid YAML: .+ at line \d+, column \d+$/],
    ['plan: 1\nplan: 2\n', /^cfg\.yml: invalid YAML: Map keys must be unique at line 2, column 1$/],
    ['plan: *nowhere\n', /^cfg\.yml: invalid YAML: /],
  ])('refuses %j in one line', (text, message) => {
    // Act
    const error = configErrorOf(() => parseConfigText(text, 'cfg.yml'));

    // Assert
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });
});

describe('loadConfigFile', () => {
  it('uses ./scale-review.yml when no explicit path is given', async () => {
    // Arrange
    const dir = tempDir({ 'scale-review.yml': 'plan:\n  review:\n    intervalDays: 14\n' });

    // Act
    const config = await loadConfigFile({ cwd: dir.dir });
    dir.cleanup();

    // Assert
    expect(config.path).toBe('scale-review.yml');
    expect(config.plan.review.intervalDays).toBe(14);
  });

  it('gives the defaults when there is no file', async () => {
    // Arrange
    const dir = tempDir();

    // Act
    const config = await loadConfigFile({ cwd: dir.dir, explicitPath: null });
    dir.cleanup();

    // Assert
    expect(config.path).toBeNull();
    expect(config.plan.review.intervalDays).toBe(DEFAULT_PLAN.review.intervalDays);
  });

  it('refuses an explicit path that does not exist, naming it', async () => {
    // Act
    const error = await rejectedConfigError(
      loadConfigFile({ cwd: '/', explicitPath: '/no/such.yml' }),
    );

    // Assert
    expect(error.message).toBe('config file not found: /no/such.yml (from SCALE_REVIEW_CONFIG)');
  });

  it('refuses a directory', async () => {
    // Arrange
    const dir = tempDir();

    // Act
    const error = await rejectedConfigError(loadConfigFile({ cwd: '/', explicitPath: dir.dir }));
    dir.cleanup();

    // Assert
    expect(error.message).toBe(`cannot read config file ${dir.dir}: it is a directory`);
  });
});

describe('readCliEnv', () => {
  it.each([
    [{}, null],
    [{ SCALE_REVIEW_CONFIG: '' }, null],
    [{ SCALE_REVIEW_CONFIG: '  ' }, null],
    [{ SCALE_REVIEW_CONFIG: ' ./conf/scale.yml ' }, './conf/scale.yml'],
  ])('reads %j', (env, configPath) => {
    // Act
    const result = readCliEnv(env);

    // Assert
    expect(result.configPath).toBe(configPath);
  });

  it('reads the store, AWS and Slack variables, an empty value counting as unset', () => {
    // Act
    const result = readCliEnv({
      MONGODB_URL: ' mongodb://db:27017/x ',
      DATA_DIR: '/var/lib/scale-review',
      AWS_REGION: '',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_API_URL: 'http://127.0.0.1:9/api',
    });

    // Assert
    expect(result).toEqual({
      configPath: null,
      mongodbUrl: 'mongodb://db:27017/x',
      dataDir: '/var/lib/scale-review',
      awsRegion: null,
      slackBotToken: 'xoxb-1',
      slackApiUrl: 'http://127.0.0.1:9/api',
    });
  });
});

describe('requireSlackEnv', () => {
  it('adds the trailing slash the Web API client expects', () => {
    // Act
    const slack = requireSlackEnv(
      readCliEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_API_URL: 'http://127.0.0.1:9/api' }),
    );

    // Assert
    expect(slack).toEqual({ botToken: 'xoxb-1', apiUrl: 'http://127.0.0.1:9/api/' });
  });

  it.each([
    [{}, /^SLACK_BOT_TOKEN is not set: set it to the Bot User OAuth Token \(xoxb-\.\.\.\)/],
    [{ SLACK_BOT_TOKEN: 'xoxp-secret-user-token' }, /^SLACK_BOT_TOKEN must be a bot token/],
    [
      { SLACK_BOT_TOKEN: 'xoxb-...' },
      /^SLACK_BOT_TOKEN is still the placeholder from \.env\.example \(xoxb-\.\.\.\): paste/,
    ],
    [
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_API_URL: 'not a url' },
      /^SLACK_API_URL is not a valid URL/,
    ],
    [
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_API_URL: 'ftp://x/api/' },
      /^SLACK_API_URL must start with/,
    ],
  ])('refuses %j with the fix, never the value', (env, message) => {
    // Act
    const act = () => requireSlackEnv(readCliEnv(env));

    // Assert
    expect(act).toThrow(CliEnvError);
    expect(act).toThrow(message);
    expect(act).not.toThrow(/secret-user-token/);
  });
});
