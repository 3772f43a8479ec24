import {
  type CanvasesEditArguments,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  type WebClient,
} from '@slack/web-api';
import { z } from 'zod';
import {
  CANVAS_GONE,
  CANVAS_REFUSALS,
  type CanvasApi,
  type CanvasChange,
  CanvasGoneError,
  CanvasRefusedError,
  CanvasUnavailableError,
} from './port.js';

/**
 * The canvas port over Slack's Web API. Each answer the plan relies on is checked with zod (an
 * answer without what we need is a failure to try again, never a guess), and every failure
 * becomes a CanvasRefusedError, CanvasGoneError or CanvasUnavailableError. No retries here: the
 * client's policy decides (the digest's has none; a click's has two quick ones), and the plan is
 * written again at the next click or digest.
 */

const created = z.object({ ok: z.literal(true), canvas_id: z.string().min(1) });
const found = z.object({
  ok: z.literal(true),
  sections: z.array(z.object({ id: z.string().min(1) })),
});
const edited = z.object({ ok: z.literal(true) });
/** `missing_scope` answers name the scope the call needs. */
const neededScope = z.object({ needed: z.string().min(1) });

const REFUSED = new Set<string>(CANVAS_REFUSALS);
const GONE = new Set<string>(CANVAS_GONE);

function failure(error: unknown): Error {
  if (error instanceof WebAPIPlatformError) {
    const code = String(error.data.error ?? 'unknown_error');
    if (GONE.has(code)) return new CanvasGoneError(code, { cause: error });
    if (REFUSED.has(code)) {
      const scope = neededScope.safeParse(error.data);
      const needed = scope.success ? scope.data.needed : null;
      return new CanvasRefusedError(code, needed, { cause: error });
    }
    return new CanvasUnavailableError(code, { cause: error });
  }
  if (error instanceof WebAPIRateLimitedError)
    return new CanvasUnavailableError('ratelimited', { cause: error });
  if (error instanceof WebAPIHTTPError) {
    return new CanvasUnavailableError(`http_${error.statusCode}`, { cause: error });
  }
  if (error instanceof WebAPIRequestError)
    return new CanvasUnavailableError('request_error', { cause: error });
  return new CanvasUnavailableError(error instanceof Error ? error.name : 'unknown_error', {
    cause: error,
  });
}

async function call<S extends z.ZodType>(
  schema: S,
  run: () => Promise<unknown>,
): Promise<z.output<S>> {
  let answer: unknown;
  try {
    answer = await run();
  } catch (error) {
    throw failure(error);
  }
  const parsed = schema.safeParse(answer);
  if (!parsed.success)
    throw new CanvasUnavailableError('unexpected_answer', { cause: parsed.error });
  return parsed.data;
}

type SlackChange = CanvasesEditArguments['changes'][number];

function changeArgs(change: CanvasChange): SlackChange {
  switch (change.operation) {
    case 'delete':
      return { operation: 'delete', section_id: change.sectionId };
    case 'insert_at_start':
    case 'insert_at_end':
      return { operation: change.operation, document_content: markdown(change.markdown) };
    default:
      return {
        operation: change.operation,
        section_id: change.sectionId,
        document_content: markdown(change.markdown),
      };
  }
}

function markdown(text: string) {
  return { type: 'markdown' as const, markdown: text };
}

export function createSlackCanvas(client: WebClient): CanvasApi {
  return {
    async createChannelCanvas(channelId, title, text) {
      const answer = await call(created, () =>
        client.conversations.canvases.create({
          channel_id: channelId,
          title,
          document_content: markdown(text),
        }),
      );
      return answer.canvas_id;
    },
    async findSections(canvasId, criteria) {
      const types = criteria.sectionTypes;
      const answer = await call(found, () =>
        client.canvases.sections.lookup({
          canvas_id: canvasId,
          criteria: {
            contains_text: criteria.containsText,
            ...(types && types.length > 0
              ? { section_types: [types[0] as (typeof types)[number], ...types.slice(1)] }
              : {}),
          },
        }),
      );
      return answer.sections.map((s) => s.id);
    },
    async edit(canvasId, change) {
      await call(edited, () =>
        // One change per call: Slack applies one operation per canvases.edit.
        client.canvases.edit({ canvas_id: canvasId, changes: [changeArgs(change)] }),
      );
    },
  };
}
