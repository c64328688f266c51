import type { MiddlewareHandler } from 'hono';
import { invalidTokenResponse } from './bearer';
import type { SandboxEnv } from './env';
import type { SandboxState } from './state';

export interface StatusFault {
  status: number;
  /** Seconds; sent as `Retry-After: <seconds>` or, with `retryAfterDate`, as an HTTP-date. */
  retryAfter?: number;
  retryAfterDate?: boolean;
  /** JSON body; without one the response body is empty. */
  body?: unknown;
  headers?: Record<string, string>;
}

export type FaultResponse =
  | ({ type: 'status' } & StatusFault)
  /** Destroys the TCP socket without answering. */
  | { type: 'drop' }
  /** Waits, then serves the request normally. */
  | { type: 'delay'; ms: number }
  /** Waits until the rule is deleted, then serves the request normally (a test holds requests until it has seen something). */
  | { type: 'hold' }
  /** 401 invalid_token although the token is valid. */
  | { type: 'invalid_token' }
  /**
   * Serves the request (its effects happen), then replaces the answer, e.g. a 502 after `/fetch` marked the documents;
   * with `delayMs` the answer comes that much later (longer than the client waits: an upload that times out after it was stored).
   */
  | ({ type: 'lost_response'; delayMs?: number } & StatusFault)
  /** Serves the request, sends the status, headers and the first half of the body, then breaks the connection. */
  | { type: 'break_body' };

export interface FaultMatch {
  method?: string;
  pathPrefix?: string;
  pathRegex?: string;
}

export interface FaultRule {
  id: string;
  match: FaultMatch;
  /** Matching requests let through before the fault starts. */
  after: number;
  /** How many matching requests get the fault; null = until the rule is deleted. */
  times: number | null;
  respond: FaultResponse;
  seen: number;
  triggered: number;
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  const { match } = rule;
  if (match.method && match.method.toUpperCase() !== method.toUpperCase()) return false;
  if (match.pathPrefix && !path.startsWith(match.pathPrefix)) return false;
  if (match.pathRegex && !new RegExp(match.pathRegex).test(path)) return false;
  return true;
}

/** The first rule that fires for this request; every matching rule counts the request as seen. */
function nextFault(state: SandboxState, method: string, path: string): FaultRule | undefined {
  let fired: FaultRule | undefined;
  for (const rule of state.faults) {
    if (!matches(rule, method, path)) continue;
    rule.seen++;
    const exhausted = rule.times !== null && rule.triggered >= rule.times;
    if (fired || rule.seen <= rule.after || exhausted) continue;
    rule.triggered++;
    fired = rule;
  }
  return fired;
}

function statusResponse(fault: StatusFault): Response {
  const headers = new Headers(fault.headers);
  if (fault.retryAfter !== undefined) {
    headers.set('Retry-After', fault.retryAfterDate ? new Date(Date.now() + fault.retryAfter * 1000).toUTCString() : String(fault.retryAfter));
  }
  if (fault.body === undefined) return new Response(null, { status: fault.status, headers });
  headers.set('Content-Type', 'application/json');
  return new Response(JSON.stringify(fault.body), { status: fault.status, headers });
}

function brokenBody(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const bytes = new Uint8Array(await response.arrayBuffer());
      controller.enqueue(bytes.subarray(0, Math.floor(bytes.length / 2)));
      setTimeout(() => controller.error(new Error('break_body fault')), 20);
    },
  });
  return new Response(body, { status: response.status, headers });
}

/** Applies `/_sim/faults` rules to every non-`/_sim` request before it reaches the real handlers. */
export function faultInjection(state: SandboxState): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    if (c.req.path.startsWith('/_sim')) return next();
    const rule = nextFault(state, c.req.method, c.req.path);
    if (!rule) return next();
    state.stats.faults.triggered++;
    c.set('fault', rule.respond.type);
    const fault = rule.respond;
    switch (fault.type) {
      case 'delay':
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        return next();
      case 'hold':
        while (state.faults.includes(rule)) await new Promise((resolve) => setTimeout(resolve, 20));
        return next();
      case 'drop': {
        const socket = c.env?.incoming?.socket;
        if (!socket) throw new Error('drop faults need the Node HTTP server (startSandbox), not app.request()');
        socket.destroy();
        return new Response(null, { status: 500 });
      }
      case 'invalid_token':
        return invalidTokenResponse(state, c);
      case 'lost_response':
        await next();
        // unref: a long wait must not keep a finished test process alive
        if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs).unref());
        c.res = statusResponse(fault);
        return;
      case 'status':
        return statusResponse(fault);
      case 'break_body':
        await next();
        c.res = brokenBody(c.res);
        return;
    }
  };
}
