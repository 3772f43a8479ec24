import { performance } from 'node:perf_hooks';
import type { App, ReceiverEvent } from '@slack/bolt';
import { ACTION_IDS, EVENT_NAMES } from '../../blocks/ids.js';
import type { OpsMetrics, RequestType } from './ops-metrics.js';
import { requestName, withOutcomeScope } from './request-outcome.js';

/**
 * Slack instruments, attached at the composition root so that no listener knows about metrics:
 * - a fetch for the WebClients (Bolt's and the digest's) that counts Web API calls, errors and 429s;
 * - a Bolt global middleware that counts each command, click and event by outcome;
 * - a wrapper of App.processEvent that times ack() for every request type, in both modes.
 */

const KNOWN_ACTIONS: ReadonlySet<string> = new Set(Object.values(ACTION_IDS));
const KNOWN_EVENTS: ReadonlySet<string> = new Set(Object.values(EVENT_NAMES));
const SLACK_API_BASE = 'https://slack.com/api/';
/** Slack error codes are snake_case words; anything else is not used as a label value. */
const ERROR_CODE = /^[a-z][a-z0-9_]{0,63}$/;

type Fetch = typeof globalThis.fetch;

function urlOf(input: Parameters<Fetch>[0]): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}

/** `chat.postMessage` for a call under the API base; null for anything else. */
function apiMethodOf(url: string, base: string): string | null {
  if (!url.startsWith(base)) return null;
  const method = url.slice(base.length).split('?')[0] ?? '';
  return /^[a-zA-Z]+(\.[a-zA-Z]+)+$/.test(method) ? method : null;
}

/** WebClient sends its User-Agent (`@slack:web-api/...`) on every request; Bolt's respond() does not. */
function fromWebClient(init: Parameters<Fetch>[1]): boolean {
  const headers = new Headers(init?.headers);
  return headers.get('user-agent')?.includes('web-api') === true;
}

/** The label of a call: its API method, else `file_upload` (WebClient) or `response_url` (respond). */
function callName(input: Parameters<Fetch>[0], init: Parameters<Fetch>[1], base: string): string {
  const method = apiMethodOf(urlOf(input), base);
  if (method !== null) return method;
  return fromWebClient(init) ? 'file_upload' : 'response_url';
}

async function platformError(response: Response): Promise<string | null> {
  try {
    const body = (await response.clone().json()) as { ok?: unknown; error?: unknown };
    if (body.ok !== false) return null;
    return typeof body.error === 'string' && ERROR_CODE.test(body.error) ? body.error : 'other';
  } catch {
    return 'unreadable_response';
  }
}

function transportError(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  return name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'transport';
}

/**
 * A fetch for @slack/web-api's `fetch` option. Calls under the API base (SLACK_API_URL, else
 * Slack's) are counted by method; a 429, an HTTP error, an `ok: false` answer (by its error code)
 * or a transport failure is counted as an error. Other URLs are the replies to a response_url
 * (Bolt's respond() uses this fetch too) and file uploads. The answer passes through untouched.
 */
export function instrumentedSlackFetch(
  metrics: OpsMetrics,
  slackApiUrl: string | undefined,
  inner: Fetch = globalThis.fetch,
): Fetch {
  const base = slackApiUrl ?? SLACK_API_BASE;
  return async (input, init) => {
    const method = callName(input, init, base);
    metrics.slackCalls.inc({ method });
    let response: Response;
    try {
      response = await inner(input, init);
    } catch (error) {
      metrics.slackErrors.inc({ method, error: transportError(error) });
      throw error;
    }
    if (response.status === 429) {
      metrics.slackRateLimited.inc({ method });
      metrics.slackErrors.inc({ method, error: 'ratelimited' });
    } else if (!response.ok) {
      metrics.slackErrors.inc({ method, error: `http_${response.status}` });
    } else if (method !== 'response_url' && method !== 'file_upload') {
      const code = await platformError(response);
      if (code !== null) metrics.slackErrors.inc({ method, error: code });
    }
    return response;
  };
}

interface Classified {
  type: RequestType;
  /** Bounded: a known action id, an event type; a command is named by its listener (nameRequest). */
  name: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * What a request is, with bounded names: a known action id, an event type. A command is not parsed
 * here: its listener parses it once and names it by its kind (`invalid` until it does).
 */
function classifyRequest(body: unknown): Classified | null {
  if (!isRecord(body)) return null;
  // Any slash command: the app answers its command whatever the workspace named it.
  if (typeof body.command === 'string') return { type: 'command', name: 'invalid' };
  if (body.type === 'block_actions') {
    const [first] = Array.isArray(body.actions) ? body.actions : [];
    const id = isRecord(first) && typeof first.action_id === 'string' ? first.action_id : '';
    return { type: 'action', name: KNOWN_ACTIONS.has(id) ? id : 'unknown' };
  }
  if (body.type === 'event_callback' && isRecord(body.event)) {
    const type = typeof body.event.type === 'string' ? body.event.type : '';
    return { type: 'event', name: KNOWN_EVENTS.has(type) ? type : 'other' };
  }
  return null;
}

/**
 * Counts every command, click and event by outcome (a global middleware: it wraps the listeners
 * and the reply work they await), and times ack() (a wrapper of processEvent, which receives the
 * ack function from either receiver).
 */
export function instrumentSlackApp(app: App, metrics: OpsMetrics): void {
  app.use(async ({ body, next }) => {
    const request = classifyRequest(body);
    if (request === null) {
      await next();
      return;
    }
    // A command is named by its listener, which parsed it (requestName), even when it threw.
    let name = request.name;
    try {
      const { outcome } = await withOutcomeScope(async () => {
        try {
          await next();
        } finally {
          name = requestName() ?? name;
        }
      });
      // Counted once the answer that followed the ack is done, without holding the request.
      void outcome.then((o) => metrics.request(request.type, name, o));
    } catch (error) {
      metrics.request(request.type, name, 'error');
      throw error;
    }
  });
  const processEvent = app.processEvent.bind(app);
  app.processEvent = (event: ReceiverEvent) => {
    const started = performance.now();
    const type = classifyRequest(event.body)?.type ?? 'event';
    const ack = event.ack;
    let timed = false;
    event.ack = (response) => {
      if (!timed) {
        timed = true;
        metrics.ackSeconds.observe({ type }, (performance.now() - started) / 1000);
      }
      return ack(response);
    };
    return processEvent(event);
  };
}
