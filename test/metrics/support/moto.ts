import { randomInt } from 'node:crypto';
import {
  CloudWatchClient,
  type CloudWatchClientConfig,
  type MetricDatum,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import type { CloudWatchClientFactory } from '../../../src/metrics/cloudwatch/cloudwatch-source.js';

/** Fake credentials for the emulator, passed in the client config (the developer's env is untouched). */
export const FAKE_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;

/**
 * A fresh moto account per test: moto keys its CloudWatch state by account and region, and reads
 * the account from the `x-moto-account-id` header, so tests running in parallel never see each
 * other's datapoints.
 */
export function newMotoAccount(): string {
  return String(randomInt(100_000_000_000, 999_999_999_999));
}

export interface CallLog {
  /** GetMetricData requests that reached the handler (counted once per send, not per retry). */
  getMetricData: number;
  inputs: unknown[];
}

export function newCallLog(): CallLog {
  return { getMetricData: 0, inputs: [] };
}

export interface TestClientOptions {
  endpoint?: string;
  account: string;
  calls?: CallLog;
}

/** Adds the moto account header and counts GetMetricData sends (SDK middleware). */
export function instrument(client: CloudWatchClient, options: TestClientOptions): CloudWatchClient {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'GetMetricDataCommand' && options.calls !== undefined) {
        options.calls.getMetricData += 1;
        options.calls.inputs.push(args.input);
      }
      return next(args);
    },
    { step: 'initialize', name: 'testCallCounter' },
  );
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string> };
      if (request.headers !== undefined) request.headers['x-moto-account-id'] = options.account;
      return next(args);
    },
    { step: 'build', name: 'motoAccountHeader' },
  );
  return client;
}

/** What the adapter builds, plus the emulator endpoint, fake credentials and instrumentation. */
export function testClientFactory(options: TestClientOptions): CloudWatchClientFactory {
  return (config: CloudWatchClientConfig) => {
    const endpoint = options.endpoint === undefined ? {} : { endpoint: options.endpoint };
    return instrument(
      new CloudWatchClient({ ...config, ...endpoint, credentials: FAKE_CREDENTIALS }),
      options,
    );
  };
}

/** PutMetricData in chunks of 1,000 datums (the API limit). */
export async function seed(
  endpoint: string,
  account: string,
  region: string,
  namespace: string,
  data: MetricDatum[],
): Promise<void> {
  const client = instrument(
    new CloudWatchClient({ region, endpoint, credentials: FAKE_CREDENTIALS }),
    {
      account,
    },
  );
  for (let i = 0; i < data.length; i += 1000) {
    await client.send(
      new PutMetricDataCommand({ Namespace: namespace, MetricData: data.slice(i, i + 1000) }),
    );
  }
  client.destroy();
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** One StatisticValues datum per hour, 10 minutes into the hour, for `hours` hours from `from`. */
export function hourly(
  from: Date,
  hours: number,
  metric: Pick<MetricDatum, 'MetricName' | 'Dimensions'>,
  stats: (hour: number) => {
    average: number;
    maximum?: number;
    minimum?: number;
    samples?: number;
  },
): MetricDatum[] {
  return Array.from({ length: hours }, (_, hour) => {
    const s = stats(hour);
    const samples = s.samples ?? 12;
    return {
      ...metric,
      Timestamp: new Date(from.getTime() + hour * HOUR_MS + 10 * 60_000),
      StatisticValues: {
        SampleCount: samples,
        Sum: s.average * samples,
        Minimum: s.minimum ?? s.average,
        Maximum: s.maximum ?? s.average,
      },
    };
  });
}
