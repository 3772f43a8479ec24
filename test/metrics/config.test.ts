import { describe, expect, it } from 'vitest';
import { composeAppConfig } from '../../src/config/app-config.js';
import { parseConfigText } from '../../src/config/config-file.js';
import { metricsConfigSchema, parseMetricsConfig } from '../../src/metrics/config.js';

describe('metrics config', () => {
  it('defaults to CloudWatch with the documented settings', () => {
    const config = parseMetricsConfig(undefined);

    expect(config).toMatchObject({
      source: 'cloudwatch',
      timeoutMs: 15_000,
      maxBodyBytes: 65_536,
      cacheTtlSeconds: 60,
      cloudwatch: {
        maxAttempts: 3,
        requestTimeoutMs: 3000,
        connectionTimeoutMs: 2000,
        windowDays: 7,
        periodSeconds: 3600,
        staleAfterMinutes: 180,
        minCoverage: 0.9,
        dimensions: { dbEngine: 'postgres' },
        conversations: {
          namespace: 'SupportInbox',
          metricName: 'ConversationsCreated',
          dimensions: {},
        },
        queries: {},
      },
    });
  });

  it('needs a path for source: file and a URL for source: url', () => {
    expect(() => parseMetricsConfig({ source: 'file' })).toThrow('source: file needs file: PATH');
    expect(() => parseMetricsConfig({ source: 'url' })).toThrow('source: url needs url: URL');
    expect(() => parseMetricsConfig({ source: 'url', url: 'ftp://example.com/m.json' })).toThrow(
      'http(s) URL',
    );
  });

  it('rejects unknown keys, so a typo is an error and not a silent default', () => {
    expect(() => parseMetricsConfig({ cloudwatch: { windowdays: 14 } })).toThrow();
    expect(() => parseMetricsConfig({ cloudwatch: { queries: { cpu: {} } } })).toThrow();
  });

  it('accepts percentiles and named window statistics, and nothing else', () => {
    const ok = parseMetricsConfig({
      cloudwatch: { queries: { cpuPercent: { windowStatistic: 'p99.5' } } },
    });

    expect(ok.cloudwatch.queries.cpuPercent?.windowStatistic).toBe('p99.5');
    expect(() =>
      parseMetricsConfig({
        cloudwatch: { queries: { cpuPercent: { windowStatistic: 'median' } } },
      }),
    ).toThrow('window statistic must be one of');
    expect(() =>
      parseMetricsConfig({ cloudwatch: { queries: { cpuPercent: { windowStatistic: 'p100' } } } }),
    ).toThrow();
  });

  it("refuses 'window' for the 30-day conversations sum", () => {
    expect(() =>
      parseMetricsConfig({
        cloudwatch: { queries: { conversationsPerMonth: { windowStatistic: 'window' } } },
      }),
    ).toThrow('conversationsPerMonth cannot use');
  });

  it('accepts CloudWatch statistics and periods that divide a day', () => {
    expect(() =>
      parseMetricsConfig({ cloudwatch: { queries: { cpuPercent: { stat: 'p99.9' } } } }),
    ).not.toThrow();
    expect(() =>
      parseMetricsConfig({ cloudwatch: { queries: { cpuPercent: { stat: 'avg' } } } }),
    ).toThrow('stat must be');
    expect(() => parseMetricsConfig({ cloudwatch: { periodSeconds: 90 } })).toThrow(
      'periodSeconds must be',
    );
    expect(() => parseMetricsConfig({ cloudwatch: { windowDays: 91 } })).toThrow();
  });

  it('defaults the PostgreSQL source to the seed schema and SCALE_REVIEW_DATABASE_URL', () => {
    const config = parseMetricsConfig({ source: 'postgres' });

    expect(config.plan).toEqual([{ name: 'postgres', metrics: 'rest' }]);
    expect(config.postgres).toEqual({
      urlEnv: 'SCALE_REVIEW_DATABASE_URL',
      windowDays: 7,
      statementTimeoutMs: 5000,
      connectionTimeoutMs: 5000,
      poolSize: 1,
      queries: {
        conversationsPerMonth:
          'SELECT count(*) FROM conversations WHERE created_at >= $1 AND created_at < $2',
        conversationsDaily:
          "SELECT date_trunc('day', created_at, 'UTC') AS day, count(*) AS value FROM conversations WHERE created_at >= $1 AND created_at < $2 GROUP BY 1 ORDER BY 1",
      },
    });
    expect(config.maxStaleSeconds).toBe(300);
  });

  it('takes each metric from the source that lists it, the rest from one source', () => {
    const config = parseMetricsConfig({
      sources: { postgres: ['conversationsPerMonth', 'dbSizeMb'], cloudwatch: 'rest' },
    });

    expect(config.source).toBe('cloudwatch');
    expect(config.plan).toEqual([
      { name: 'cloudwatch', metrics: 'rest' },
      { name: 'postgres', metrics: ['conversationsPerMonth', 'dbSizeMb'] },
    ]);
  });

  it.each([
    [{ source: 'postgres', sources: { cloudwatch: 'rest' } }, 'use either source'],
    [
      { sources: { postgres: ['dbSizeMb'], cloudwatch: ['dbSizeMb'] } },
      'dbSizeMb is already taken from',
    ],
    [{ sources: { postgres: 'rest', cloudwatch: 'rest' } }, 'only one source may take `rest`'],
    [{ sources: { file: 'rest' } }, 'source: file needs file: PATH'],
    [{ postgres: { queries: { conversationsPerMonth: 'SELECT $3' } } }, 'only use $1'],
    [{ postgres: { urlEnv: 'not a name' } }, 'environment variable name'],
  ])('rejects %j', (section, message) => {
    expect(() => parseMetricsConfig(section)).toThrow(message);
  });

  it('rejects an unknown metric key in sources, pointing at it', () => {
    const parsed = metricsConfigSchema.safeParse({ sources: { postgres: ['cpu_percent'] } });

    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path.slice(0, 2)).toEqual(['sources', 'postgres']);
  });

  it.each([
    [
      'metrics:\n  sources:\n    postgres: [cpu_percent]\n',
      'scale-review.yml: metrics.sources.postgres: expected `rest` or a list of metric keys (cpuPercent,',
    ],
    [
      'metrics:\n  source: postgres\n  postgres:\n    statementTimeoutMs: 10\n',
      'scale-review.yml: metrics.postgres.statementTimeoutMs:',
    ],
  ])('names the field of a bad metrics setting in the config file: %j', (yaml, message) => {
    expect(() => composeAppConfig(parseConfigText(yaml, 'scale-review.yml'))).toThrow(message);
  });
});
