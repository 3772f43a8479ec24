import type { WebClient } from '@slack/web-api';
import { SlackTransientError } from './poster.js';
import { type RetryPolicy, withRetries } from './retry.js';

/** The chart's file name in the digest's thread: how a rerun recognises a chart already there. */
const CHART_FILENAME = 'scaling-indicators.png';

/** Replies read when looking for the chart in a digest's thread (the chart is the first one). */
const THREAD_PAGE = 200;

export interface ChartUploadOptions {
  client: WebClient;
  policy: RetryPolicy;
  /** Posts the bytes to the upload URL (the WebClient's fetch). */
  fetch: typeof globalThis.fetch;
  /** Per upload POST, like the WebClient's own timeout. */
  timeoutMs: number;
}

interface ThreadFile {
  id?: string;
  name?: string;
}

/** An upload URL that did not take the bytes (a non-200 answer): safe to post them again. */
export class ChartUploadError extends Error {
  override readonly name = 'ChartUploadError';
}

/** Whether the digest's thread holds the chart (file `fileId`, or any chart when not given). */
export async function chartInThread(
  options: ChartUploadOptions,
  channelId: string,
  threadTs: string,
  fileId?: string,
): Promise<boolean> {
  const result = await withRetries(options.policy, () =>
    options.client.conversations.replies({ channel: channelId, ts: threadTs, limit: THREAD_PAGE }),
  );
  return (result.messages ?? []).some((message) =>
    ((message.files ?? []) as ThreadFile[]).some((file) =>
      fileId === undefined ? file.name === CHART_FILENAME : file.id === fileId,
    ),
  );
}

async function postBytes(options: ChartUploadOptions, url: string, png: Buffer): Promise<void> {
  const response = await options.fetch(url, {
    method: 'POST',
    // Step 2 of web-api's files.uploadV2, done here; the bot's Slack metrics label it file_upload.
    headers: {
      'content-type': 'application/octet-stream',
      'user-agent': 'scale-review (web-api files.uploadV2 step 2)',
    },
    body: new Uint8Array(png),
    redirect: 'error',
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  await response.arrayBuffer();
  if (response.status !== 200) {
    throw new ChartUploadError(`the upload URL answered ${response.status}`);
  }
}

/**
 * files.uploadV2's three steps, each retried as far as it is safe:
 * 1. files.getUploadURLExternal: retried on any failure (an unused upload URL is discarded).
 * 2. The bytes POSTed to the upload URL: retried on any failure (the same file is written again).
 * 3. files.completeUploadExternal, which shares the file into the thread: after an ambiguous
 *    failure the thread is looked at first, and the call is retried only when the file is not there.
 */
export async function uploadChartToThread(
  options: ChartUploadOptions,
  target: { channelId: string; threadTs: string },
  png: Buffer,
  title: string,
): Promise<void> {
  const { client, policy } = options;
  const slot = await withRetries(policy, () =>
    client.files.getUploadURLExternal({ filename: CHART_FILENAME, length: png.length }),
  );
  const { upload_url: url, file_id: fileId } = slot;
  if (!url || !fileId) throw new SlackTransientError('no_upload_url');
  await withRetries(policy, () => postBytes(options, url, png));
  await withRetries(
    policy,
    async () => {
      await client.files.completeUploadExternal({
        files: [{ id: fileId, title }],
        channel_id: target.channelId,
        thread_ts: target.threadTs,
      });
      return true;
    },
    async () =>
      (await chartInThread(options, target.channelId, target.threadTs, fileId)) ? true : null,
  );
}
