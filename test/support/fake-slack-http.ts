import type { ServerResponse } from 'node:http';
import type { Fault } from './fake-slack-faults.js';

/** One request the fake answered, as `calls()` reports it. */
export interface RecordedCall {
  method: string;
  /** Decoded arguments (JSON-encoded form fields such as `blocks` and `metadata` are parsed). */
  args: Record<string, unknown>;
  at: number;
  /** The bearer token or `token` argument, so tests can tell bot and app tokens apart. */
  token: string | null;
  /**
   * The workspace the token acted in, for a token the fake knows (a workspace's `botToken`,
   * `validTokens`, an OAuth install); absent for any other token and for calls without one.
   */
  team?: string;
  /** The Enterprise Grid org of that workspace, if any. */
  enterprise?: string;
  /** HTTP status answered, and the Slack `error` when `ok` was false. */
  status: number;
  error?: string;
  /** The fault that answered this call, if any (rate-limit refusals show as `rateLimited`). */
  fault?: Fault['kind'];
}

export function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const type = typeof body === 'string' ? 'text/plain' : 'application/json; charset=utf-8';
  res.writeHead(status, { 'content-type': type, ...headers });
  res.end(text);
}

export interface FaultRuntime {
  sleep: (ms: number) => Promise<void>;
  /** Where a `hang` parks its release function. */
  hold: (release: () => void) => void;
}

/** Applies a fault to a call; true when the fault answered the request itself. */
export async function applyFault(
  fault: Fault | null,
  res: ServerResponse,
  call: RecordedCall,
  runtime: FaultRuntime,
): Promise<boolean> {
  if (!fault) return false;
  call.fault = fault.kind;
  switch (fault.kind) {
    case 'rateLimited':
      call.status = 429;
      send(
        res,
        429,
        { ok: false, error: 'ratelimited' },
        { 'retry-after': String(fault.retryAfterSeconds) },
      );
      return true;
    case 'httpError':
      call.status = fault.status;
      send(res, fault.status, `fake HTTP ${fault.status}`);
      return true;
    case 'slackError':
      call.error = fault.error;
      send(res, 200, { ok: false, error: fault.error });
      return true;
    case 'delay':
      await runtime.sleep(fault.ms);
      return false;
    case 'hang':
      await new Promise<void>((resolve) => runtime.hold(resolve));
      return false;
    case 'lostResponse':
      // Handled after the method ran: see FakeSlack.api.
      return false;
  }
}
