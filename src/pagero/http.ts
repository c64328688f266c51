/*
 * The Pagero API's requests over node:http(s) with a keep-alive agent instead of the global
 * fetch (undici). Hand-written because it is faster: a sync downloads one small file per
 * invoice, and in the worker's profile fetch's WHATWG machinery (streams, Headers, an
 * AbortSignal per request) took about a quarter of its busy CPU (BENCHMARKS.md, "Invoice
 * sync"). The answer is read whole (a body that breaks off or stalls is an error, as the retry
 * loop wants) and handed back decompressed, as fetch would, in a PlainAnswer: the part of a
 * Response the client reads. Uploads (FormData bodies) still go through fetch.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
} as const;

/** Statuses whose answer has no body (a Response built with one throws). */
const NULL_BODY = new Set([101, 204, 205, 304]);

export class RequestTimeoutError extends Error {
  override name = 'TimeoutError';
}

export type PlainRequest = { method?: string; headers?: Record<string, string>; body?: string };

/**
 * The parts of a fetch Response the Pagero client reads. request() answers with a PlainAnswer (no undici Response:
 * building one copies the body into a stream and reading it copies it out again, ~0.1 ms per 21 KB download);
 * a fetch Response is an Answer too.
 */
export interface Answer {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  readonly body: { cancel(): Promise<void> } | null;
  arrayBuffer(): Promise<ArrayBuffer>;
  bytes(): Promise<Uint8Array>;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

/** An answer read whole: its headers as node:http gives them (decoded body, so no content-encoding). */
export class PlainAnswer implements Answer {
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  readonly body: { cancel(): Promise<void> } | null;

  constructor(readonly status: number, headers: IncomingHttpHeaders, private readonly content: Buffer | null) {
    this.ok = status >= 200 && status <= 299;
    this.headers = {
      get(name: string) {
        const key = name.toLowerCase();
        if (key === 'content-encoding' && content) return null;
        const value = headers[key];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : String(value);
      },
    };
    this.body = content ? { cancel: async () => {} } : null;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const b = this.content ?? Buffer.alloc(0);
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }

  /** The body itself, not a copy (a download is read once). */
  async bytes(): Promise<Uint8Array> {
    return this.content ?? new Uint8Array(0);
  }

  async text(): Promise<string> {
    return this.content ? this.content.toString('utf8') : '';
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
}

/** One HTTP request, its answer read whole within timeoutMs (TimeoutError otherwise). */
export function request(url: string, init: PlainRequest, timeoutMs: number): Promise<PlainAnswer> {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return Promise.reject(new TypeError(`unsupported protocol ${target.protocol}`));
  const secure = target.protocol === 'https:';
  const client = secure ? https : http;
  return new Promise<PlainAnswer>((resolve, reject) => {
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(error);
    };
    const headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate, br', ...init.headers };
    if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
    const req = client.request(target, { method: init.method ?? 'GET', headers, agent: secure ? agents['https:'] : agents['http:'] }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('error', fail);
      res.once('close', () => {
        if (!res.complete) fail(new Error('the answer broke off'));
      });
      res.once('end', () => {
        if (settled) return;
        try {
          const status = res.statusCode ?? 0;
          const body = NULL_BODY.has(status) ? null : decode(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), res.headers['content-encoding']);
          settled = true;
          clearTimeout(timer);
          resolve(new PlainAnswer(status, res.headers, body));
        } catch (error) {
          fail(error as Error);
        }
      });
    });
    const timer = setTimeout(() => fail(new RequestTimeoutError(`no complete answer within ${timeoutMs} ms`)), timeoutMs);
    req.once('error', fail);
    req.end(init.body);
  });
}

function decode(body: Buffer, encoding: string | undefined): Buffer {
  switch (encoding?.trim().toLowerCase()) {
    case undefined:
    case '':
    case 'identity':
      return body;
    case 'gzip':
    case 'x-gzip':
      return zlib.gunzipSync(body);
    case 'deflate':
      return zlib.inflateSync(body);
    case 'br':
      return zlib.brotliDecompressSync(body);
    default:
      throw new Error(`unsupported content-encoding ${encoding}`);
  }
}

