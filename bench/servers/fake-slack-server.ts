import { FakeSlack } from '../../test/support/fake-slack.js';
import { isIndicators } from './indicators.js';
import { serveRpc } from './rpc-child.mjs';

/**
 * The loopback fake Slack (test/support/fake-slack.ts) in a process of its own, so the response_url
 * posts it receives cost neither the server under test nor the load generator's event loop.
 */

export interface ResponseSummary {
  /** Posts received on response URLs. */
  posts: number;
  /** Distinct response URLs posted to. */
  urls: number;
  /** Posts carrying the full Scaling Indicators (the /scale status answer). */
  indicators: number;
  /** Posts answered with a non-200 (a URL used more than 5 times). */
  refused: number;
}

const slack = new FakeSlack({ responseUrlMaxUses: 1_000_000 });
const { url, apiUrl } = await slack.start();

serveRpc(
  {
    summary: (): ResponseSummary => {
      const responses = slack.responses();
      return {
        posts: responses.length,
        urls: new Set(responses.map((r) => r.id)).size,
        indicators: responses.filter((r) => isIndicators(r.payload)).length,
        refused: responses.filter((r) => r.status !== 200).length,
      };
    },
    /** The payloads posted to one response URL. */
    replies: (id) => slack.responses(String(id)).map((r) => r.payload),
    /** API calls of one method (args only), e.g. chat.update. */
    callCount: (method) => slack.calls(String(method)).length,
    reset: () => slack.reset(),
    stop: async () => {
      await slack.close();
      process.exit(0);
    },
  },
  { url, apiUrl },
);
