/*
 * Calls to Pagero's resource API survive a bad moment: 429 (honouring Retry-After),
 * 5xx, timeouts and dropped connections are retried with capped exponential backoff and
 * full jitter. Only idempotent calls come through here (GETs and the fetch mark).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { request, type Answer } from './http';
import { PageroUnavailableError } from './oauth';

export type RetryPolicy = {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for here; the job is retried later instead. */
  maxRetryAfterMs: number;
  timeoutMs: number;
  wait?: (ms: number) => Promise<unknown>;
};

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 250, maxDelayMs: 10_000, maxRetryAfterMs: 120_000, timeoutMs: 15_000 };

const RETRYABLE = new Set([429, 500, 502, 503, 504]);
/** Statuses whose answer has no body (a Response built with one throws). */
const NULL_BODY = new Set([204, 205]);

export function backoffDelay(attempt: number, policy: RetryPolicy, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(random() * ceiling);
}

/** Retry-After as seconds or an HTTP date, in milliseconds from now; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export async function fetchWithRetry(url: string, init: RequestInit, policy: RetryPolicy = DEFAULT_RETRY): Promise<Answer> {
  const wait = policy.wait ?? sleep;
  let lastProblem = '';
  for (let attempt = 0; attempt < policy.attempts; attempt++) {
    let delay = backoffDelay(attempt, policy);
    try {
      // Plain requests go through node:http (http.ts: much cheaper per call); uploads through fetch.
      const plain = init.body === undefined || typeof init.body === 'string';
      const response: Answer = plain
        ? await request(url, { method: init.method, headers: init.headers as Record<string, string> | undefined, body: init.body as string | undefined }, policy.timeoutMs)
        : await fetch(url, { ...init, signal: AbortSignal.timeout(policy.timeoutMs) });
      // A successful answer is read here, so one that breaks off or stalls halfway is retried like any other fault (request() reads it whole).
      if (response.ok) return plain || NULL_BODY.has(response.status) ? response : new Response(await response.arrayBuffer(), response as Response); // not plain: fetch's Response
      if (!RETRYABLE.has(response.status)) return response;
      lastProblem = `it answered ${response.status}`;
      const after = retryAfterMs(response.headers.get('retry-after'));
      await response.body?.cancel().catch(() => {});
      if (after !== null) {
        if (after > policy.maxRetryAfterMs) throw new PageroUnavailableError(`Pagero asked to wait ${Math.round(after / 1000)} s`, response.status);
        delay = after;
      }
    } catch (error) {
      if (error instanceof PageroUnavailableError) throw error;
      lastProblem = (error as Error).name === 'TimeoutError' ? `no complete answer within ${policy.timeoutMs / 1000} s` : 'the connection failed';
    }
    if (attempt + 1 < policy.attempts) await wait(delay);
  }
  throw new PageroUnavailableError(`Pagero is unavailable: ${lastProblem} after ${policy.attempts} attempts`);
}
