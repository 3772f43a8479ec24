import { type CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { z } from 'zod';
import { MetricsUnavailableError } from '../errors.js';
import { MAX_DATAPOINTS_PER_CALL, type QueryBatch } from './batching.js';

/** One query's answer, merged over pages: timestamps are period starts. */
export interface RawSeries {
  timestamps: Date[];
  values: number[];
  /** Complete | PartialData | InternalError | Forbidden (as CloudWatch said on the last page). */
  statusCode: string;
  messages: string[];
}

export interface MetricDataResponse {
  results: Map<string, RawSeries>;
  /** GetMetricData requests sent (one per batch and page; SDK retries are not counted). */
  apiCalls: number;
  messages: string[];
}

/** A paging loop that never ends would be a CloudWatch bug; stop well before it costs money. */
const MAX_PAGES_PER_BATCH = 50;

const messageSchema = z.object({ Code: z.string().optional(), Value: z.string().optional() });

const resultSchema = z
  .object({
    Id: z.string(),
    Timestamps: z.array(z.date()).default([]),
    Values: z.array(z.number().finite()).default([]),
    StatusCode: z.string().default('Complete'),
    Messages: z.array(messageSchema).default([]),
  })
  .refine((r) => r.Timestamps.length === r.Values.length, {
    error: 'Timestamps and Values differ in length',
  });

const outputSchema = z.object({
  MetricDataResults: z.array(resultSchema).default([]),
  NextToken: z.string().min(1).optional(),
  Messages: z.array(messageSchema).default([]),
});

function messageText(m: z.infer<typeof messageSchema>): string {
  return [m.Code, m.Value].filter((part) => part !== undefined && part !== '').join(': ');
}

function parseOutput(output: unknown): z.infer<typeof outputSchema> {
  const parsed = outputSchema.safeParse(output);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new MetricsUnavailableError(
    `CloudWatch returned an unexpected GetMetricData response (${detail})`,
    {
      cause: parsed.error,
    },
  );
}

function merge(results: Map<string, RawSeries>, page: z.infer<typeof outputSchema>): void {
  for (const r of page.MetricDataResults) {
    const existing = results.get(r.Id) ?? {
      timestamps: [],
      values: [],
      statusCode: 'Complete',
      messages: [],
    };
    existing.timestamps.push(...r.Timestamps);
    existing.values.push(...r.Values);
    existing.statusCode = r.StatusCode;
    existing.messages.push(...r.Messages.map(messageText));
    results.set(r.Id, existing);
  }
}

/**
 * Send the batches, following NextToken, and merge every page by query Id. Results are validated
 * (finite numbers, matching lengths); SDK errors propagate unchanged for the caller to map.
 */
export async function fetchMetricData(
  client: CloudWatchClient,
  batches: readonly QueryBatch[],
  window: { start: Date; end: Date },
  options: { abortSignal?: AbortSignal } = {},
): Promise<MetricDataResponse> {
  const results = new Map<string, RawSeries>();
  const messages: string[] = [];
  let apiCalls = 0;
  for (const batch of batches) {
    let nextToken: string | undefined;
    let pages = 0;
    do {
      if (pages >= MAX_PAGES_PER_BATCH) {
        throw new MetricsUnavailableError(
          `CloudWatch kept paginating after ${MAX_PAGES_PER_BATCH} pages`,
        );
      }
      const command = new GetMetricDataCommand({
        StartTime: window.start,
        EndTime: window.end,
        MetricDataQueries: batch.queries,
        ScanBy: 'TimestampAscending',
        MaxDatapoints: MAX_DATAPOINTS_PER_CALL,
        NextToken: nextToken,
      });
      apiCalls += 1;
      pages += 1;
      const page = parseOutput(await client.send(command, { abortSignal: options.abortSignal }));
      merge(results, page);
      messages.push(...page.Messages.map(messageText));
      nextToken = page.NextToken;
    } while (nextToken !== undefined);
  }
  return { results, apiCalls, messages };
}
