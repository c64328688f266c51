/*
 * Who the client is behind our own reverse proxies. Each proxy appends the address it saw to
 * X-Forwarded-For, so only the right-most entries were written by proxies we run; anything to
 * their left came from the client and may be forged. With TRUST_PROXY=true and
 * TRUSTED_PROXIES=N the client is the N-th entry from the right (express's "trust proxy" hop
 * count). X-Forwarded-Proto is read the same way: the scheme our outermost proxy saw.
 */
import type { Context } from 'hono';

/** How many proxy hops to trust: 0 unless TRUST_PROXY is on. */
export const proxyHops = (config: { TRUST_PROXY: boolean; TRUSTED_PROXIES: number }) => (config.TRUST_PROXY ? config.TRUSTED_PROXIES : 0);

/** The entry our outermost trusted proxy wrote: N-th from the right, or the left-most when there are fewer. */
export function fromRight(header: string | undefined, hops: number): string | undefined {
  if (!header || hops < 1) return undefined;
  const entries = header.split(',').map((s) => s.trim()).filter(Boolean);
  if (entries.length === 0) return undefined;
  return entries[Math.max(0, entries.length - hops)];
}

export function socketAddress(c: Context): string | undefined {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress;
}

/** The request's client address: the socket's, or what the trusted proxies say it is. */
export function clientIp(c: Context, hops: number): string {
  const forwarded = fromRight(c.req.header('x-forwarded-for'), hops);
  return (forwarded ?? socketAddress(c) ?? 'unknown').slice(0, 100);
}

/** The scheme the browser used: the URL's own, or the outermost trusted proxy's. */
export function forwardedProto(c: Context, hops: number): string {
  const forwarded = fromRight(c.req.header('x-forwarded-proto'), hops)?.toLowerCase();
  return forwarded ?? new URL(c.req.url).protocol.replace(/:$/, '');
}
