import { WebAPIPlatformError } from '@slack/web-api';

/**
 * Slack refusing a message's native blocks (the chart, the table), told apart from other refusals:
 * the message then goes again with the mrkdwn lines in their place, and the fallback is recorded
 * (docs/slack.md, "Native blocks and the fallback"). Shared by the digest and the Slack listeners.
 */

/** The error codes of a refused payload: Slack checks the blocks before it does anything. */
const REFUSAL_CODES: ReadonlySet<string> = new Set(['invalid_blocks', 'invalid_blocks_format']);

/** Any other refusal counts when its details name a native block type. */
const NAMES_NATIVE_BLOCK = /data_visualization|\btable\b/;

/**
 * An error that keeps the HTTP answer of a refused request: a response_url answers a refusal with
 * a non-2xx status and the error code as its body (src/slack/response-url.ts `ResponseUrlError`).
 */
export interface RefusalAnswer {
  readonly answer: { status: number; body: string } | null;
}

function answerOf(error: unknown): RefusalAnswer['answer'] {
  if (!(error instanceof Error) || !('answer' in error)) return null;
  const { answer } = error as { answer: unknown };
  if (typeof answer !== 'object' || answer === null) return null;
  const { status, body } = answer as { status?: unknown; body?: unknown };
  return typeof status === 'number' && typeof body === 'string' ? { status, body } : null;
}

function detailsOf(data: WebAPIPlatformError['data']): string {
  const { errors, response_metadata: meta } = data as {
    errors?: unknown;
    response_metadata?: { messages?: unknown };
  };
  return JSON.stringify([errors ?? null, meta?.messages ?? null]);
}

/**
 * The error code when `error` (or its cause) is Slack refusing the blocks, else null: a Web API
 * `invalid_blocks`, a refusal whose details name `data_visualization` or `table`, or a
 * response_url answering `invalid_blocks`.
 */
export function nativeBlocksRefusal(error: unknown): string | null {
  if (error instanceof WebAPIPlatformError) {
    const code = String(error.data.error ?? 'unknown_error');
    if (REFUSAL_CODES.has(code)) return code;
    return NAMES_NATIVE_BLOCK.test(detailsOf(error.data)) ? code : null;
  }
  const answer = answerOf(error);
  if (answer !== null) {
    const body = answer.body.trim();
    if (REFUSAL_CODES.has(body)) return body;
    return NAMES_NATIVE_BLOCK.test(body) ? `http_${answer.status}` : null;
  }
  if (error instanceof Error && error.cause !== undefined) return nativeBlocksRefusal(error.cause);
  return null;
}

/** Where a message was sent again without its native blocks. */
export const NATIVE_FALLBACK_SURFACES = ['digest', 'reply', 'update'] as const;
export type NativeFallbackSurface = (typeof NATIVE_FALLBACK_SURFACES)[number];

/** Where fallbacks are recorded: the bot's ops (/status, Prometheus); nothing in the CLI. */
export interface NativeFallbackLog {
  record(surface: NativeFallbackSurface, code: string): void;
  /**
   * Whether Slack refused native blocks in this process: an answer in an ack cannot learn of a
   * refusal, so it carries the mrkdwn lines once one was seen.
   */
  refused(): boolean;
}

export const NO_FALLBACK_LOG: NativeFallbackLog = {
  record: () => undefined,
  refused: () => false,
};
