import { describe, expect, it } from 'vitest';
import { composeAppConfig } from '../../src/config/app-config.js';
import { ConfigError, parseConfigText } from '../../src/config/config-file.js';

function problemOf(yaml: string): string {
  try {
    composeAppConfig(parseConfigText(yaml, 'scale-review.yml'));
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('a bad value of the config file: one line with the file, the key, what was expected and an example', () => {
  it.each([
    [
      'digest:\n  tickCron: every minute\n',
      'scale-review.yml: digest.tickCron: expected a cron expression (5 fields: minute hour day month weekday, in UTC; or 6, seconds first), got "every minute" (expected 5 or 6 fields but got 2); e.g. tickCron: "* * * * *" (the default)',
    ],
    [
      "digest:\n  tickCron: '61 * * * *'\n",
      'scale-review.yml: digest.tickCron: expected a cron expression (5 fields: minute hour day month weekday, in UTC; or 6, seconds first), got "61 * * * *" (61 is a invalid expression for minute); e.g. tickCron: "* * * * *" (the default)',
    ],
    [
      'digest:\n  concurrency: 0\n',
      'scale-review.yml: digest.concurrency: expected >= 1, got 0; e.g. concurrency: 4 (the default)',
    ],
    [
      'metrics:\n  timeoutMs: 1.5\n',
      'scale-review.yml: metrics.timeoutMs: expected a whole number, got 1.5; e.g. timeoutMs: 15000 (the default)',
    ],
    [
      'metrics:\n  source: files\n',
      'scale-review.yml: metrics.source: expected one of "cloudwatch", "file", "url", "postgres", got "files"; e.g. source: "cloudwatch" (the default)',
    ],
    [
      'metrics:\n  url: ftp://example.com/x\n',
      'scale-review.yml: metrics.url: expected an http(s) URL, e.g. https://metrics.example.com/scale-review.json',
    ],
    [
      'store:\n  mongo:\n    maxPoolSize: 1000\n',
      'scale-review.yml: store.mongo.maxPoolSize: expected <= 200, got 1000; e.g. maxPoolSize: 10 (the default)',
    ],
    [
      'slack:\n  answers:\n    capacity: 0\n',
      'scale-review.yml: slack.answers.capacity: expected >= 1, got 0; e.g. capacity: 2000 (the default)',
    ],
    [
      'slack:\n  workspaces:\n    metricsSources: [cloudwatch, ftp]\n',
      'scale-review.yml: slack.workspaces.metricsSources.1: expected one of "cloudwatch", "file", "url", "postgres", got "ftp"',
    ],
    [
      'slack:\n  workspaces:\n    awsAccountId: 1234\n',
      'scale-review.yml: slack.workspaces.awsAccountId: expected string, got number; e.g. awsAccountId: null (the default)',
    ],
  ])('%j', (yaml, expected) => {
    // Act
    const message = problemOf(yaml);

    // Assert
    expect(message).toBe(expected);
  });

  it('lets workspaces choose CloudWatch and PostgreSQL by default, on public hosts, and names no AWS account', () => {
    // Act
    const config = composeAppConfig(parseConfigText('', 'scale-review.yml'));

    // Assert
    expect(config.slack.workspaces).toEqual({
      metricsSources: ['cloudwatch', 'postgres'],
      awsAccountId: null,
      privateDatabaseHosts: false,
    });
  });

  it('accepts the cron expressions node-cron schedules', () => {
    // Act
    const config = composeAppConfig(
      parseConfigText("digest:\n  tickCron: '*/2 * * * * *'\n", 'scale-review.yml'),
    );

    // Assert
    expect(config.digest.tickCron).toBe('*/2 * * * * *');
  });
});
