/*
 * One signed POST to a checked, pinned address (src/net/targets.ts): no redirects followed,
 * 10 s for the whole exchange, at most 1 KB of the answer kept for the delivery log.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pinnedLookup, type Target } from '../net/targets';

export const TIMEOUT_MS = 10_000;
const SNIPPET_BYTES = 1024;

export type SendResult = { ok: true; status: number; snippet: string } | { ok: false; error: string };

export function postJson(url: URL, target: Target, headers: Record<string, string>, body: string, timeoutMs = TIMEOUT_MS): Promise<SendResult> {
  return new Promise((resolve) => {
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    const done = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = request(
      url,
      {
        method: 'POST',
        lookup: pinnedLookup(target),
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'apdesk-webhooks/1' },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < SNIPPET_BYTES) chunks.push(chunk);
          size += chunk.length;
          if (size >= SNIPPET_BYTES) res.destroy();
        });
        const finish = () => done({ ok: true, status: res.statusCode ?? 0, snippet: Buffer.concat(chunks).subarray(0, SNIPPET_BYTES).toString('utf8').replace(/\uFFFD+$/, '') });
        res.on('end', finish);
        res.on('close', finish);
        res.on('error', finish);
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      done({ ok: false, error: `No answer within ${timeoutMs / 1000} s.` });
    }, timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => done({ ok: false, error: describe(error) }));
    req.end(body);
  });
}

function describe(error: NodeJS.ErrnoException): string {
  if (error.code === 'ECONNREFUSED') return 'Connection refused.';
  if (error.code === 'ECONNRESET') return 'The connection was reset.';
  if (error.code === 'EHOSTUNREACH' || error.code === 'ENETUNREACH') return 'The host cannot be reached.';
  if (error.code?.startsWith('ERR_TLS') || error.code?.includes('CERT')) return `TLS failed: ${error.message}`;
  return error.message || 'The request failed.';
}
