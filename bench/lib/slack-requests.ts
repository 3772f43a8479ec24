import {
  type BlockActionsOptions,
  blockActionsPayload,
  encodeForm,
  signedHeaders,
  slashCommandBody,
} from '../../test/support/slack-request.js';

/**
 * Requests signed exactly as Slack signs them (test/support/slack-request.ts), each with its own
 * response_url and trigger_id, as Slack sends them.
 */

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

const FORM = 'application/x-www-form-urlencoded';

/** A generator of signed `/scale <text>` requests whose response URLs are `<responseBase>/<prefix>-<n>`. */
export function slashCommands(
  responseBase: string,
  prefix: string,
  text = 'status',
): { next: () => SignedRequest; count: () => number } {
  let n = 0;
  return {
    next: () => {
      n += 1;
      const body = slashCommandBody({
        text,
        response_url: `${responseBase}/${prefix}-${n}`,
        trigger_id: `${n}.738474920.${prefix}`,
      });
      return { body, headers: { 'content-type': FORM, ...signedHeaders(body) } };
    },
    count: () => n,
  };
}

/**
 * A signed block_actions request from a button on an ephemeral message (as `/scale status`
 * replies are), so the bot answers through its response_url.
 */
export function signedClick(options: BlockActionsOptions): SignedRequest {
  const payload = blockActionsPayload(options);
  const container = payload.container as Record<string, unknown>;
  container.is_ephemeral = true;
  const body = encodeForm({ payload: JSON.stringify(payload) });
  return { body, headers: { 'content-type': FORM, ...signedHeaders(body) } };
}
