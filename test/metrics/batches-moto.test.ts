import { CloudWatchClient, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { describe, expect, inject, it } from 'vitest';
import { planBatches } from '../../src/metrics/cloudwatch/batching.js';
import { cloudWatchClientConfig } from '../../src/metrics/cloudwatch/cloudwatch-source.js';
import { fetchMetricData } from '../../src/metrics/cloudwatch/fetch-metric-data.js';
import { parseMetricsConfig } from '../../src/metrics/config.js';
import {
  FAKE_CREDENTIALS,
  hourly,
  instrument,
  newCallLog,
  newMotoAccount,
  seed,
} from './support/moto.js';

const endpoint = inject('cloudwatchEndpoint');
const REGION = 'eu-central-1';
const START = new Date('2026-03-02T06:00:00Z');
const END = new Date('2026-03-02T09:00:00Z');

function query(i: number): MetricDataQuery {
  return {
    Id: `q${i}`,
    MetricStat: {
      Metric: {
        Namespace: 'SupportInbox',
        MetricName: 'QueueDepth',
        Dimensions: [{ Name: 'Queue', Value: 'main' }],
      },
      Period: 3600,
      Stat: 'Maximum',
    },
    ReturnData: true,
  };
}

describe('GetMetricData batching against moto', () => {
  it('sends 501 queries in two calls and gets an answer for every one', async () => {
    const account = newMotoAccount();
    const metric = { MetricName: 'QueueDepth', Dimensions: [{ Name: 'Queue', Value: 'main' }] };
    await seed(
      endpoint,
      account,
      REGION,
      'SupportInbox',
      hourly(START, 3, metric, (h) => ({ average: h, maximum: 10 + h })),
    );
    const calls = newCallLog();
    const config = parseMetricsConfig({}).cloudwatch;
    const client = instrument(
      new CloudWatchClient({
        ...cloudWatchClientConfig(config, REGION),
        endpoint,
        credentials: FAKE_CREDENTIALS,
      }),
      { account, calls },
    );
    const batches = planBatches(
      Array.from({ length: 501 }, (_, i) => ({ queries: [query(i)], datapoints: 3 })),
    );

    const response = await fetchMetricData(client, batches, { start: START, end: END });

    expect(calls.getMetricData).toBe(2);
    expect(response.apiCalls).toBe(2);
    expect(response.results.size).toBe(501);
    expect(response.results.get('q500')?.values).toEqual([10, 11, 12]);
    expect(response.results.get('q0')?.timestamps.map((t) => t.toISOString())).toEqual([
      '2026-03-02T06:00:00.000Z',
      '2026-03-02T07:00:00.000Z',
      '2026-03-02T08:00:00.000Z',
    ]);
    client.destroy();
  });
});
