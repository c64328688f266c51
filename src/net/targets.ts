/*
 * Outgoing connections to addresses a customer typed in (webhook URLs, SFTP hosts) must not
 * reach apdesk's own network: loopback, link-local (cloud metadata at 169.254.169.254),
 * private, shared (CGNAT), unique-local and the like are refused unless
 * ALLOW_PRIVATE_TARGETS=true (development and tests).
 *
 * A check alone is not enough: the name could resolve to a public address for the check and
 * to 127.0.0.1 a moment later for the connection (DNS rebinding). So checkTarget returns the
 * address it checked, and the caller connects to exactly that address: `pinnedLookup` for
 * node:http(s) (the URL's host name still goes into Host and TLS SNI), or the address itself
 * as ssh2's host.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { BlockList, isIP } from 'node:net';

const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network", 0.0.0.0 reaches localhost on Linux
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // shared address space (CGNAT)
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // old site-local
  ['ff00::', 8], // multicast
] as const) BLOCKED.addSubnet(net, prefix, 'ipv6');

/** True for addresses outgoing customer traffic must not reach. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, 'ipv4');
  if (family !== 6) return true; // not an address at all: refuse
  const lower = address.toLowerCase();
  // IPv4-mapped and IPv4-compatible (::ffff:10.0.0.1, ::ffff:a00:1): judge the embedded IPv4 address
  const mapped = /^::(?:ffff:)?(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return BLOCKED.check(mapped[1]!, 'ipv4');
  const hexMapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hexMapped) {
    const n = (parseInt(hexMapped[1]!, 16) << 16) | parseInt(hexMapped[2]!, 16);
    return BLOCKED.check([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.'), 'ipv4');
  }
  return BLOCKED.check(address, 'ipv6');
}

export type Target = { host: string; address: string; family: 4 | 6 };
export type TargetCheck = { ok: true; target: Target } | { ok: false; message: string };

export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;
const systemResolver: Resolver = (host) => dnsLookup(host, { all: true, verbatim: true });

/**
 * Resolves a host name (or takes an address) and refuses it when any of its addresses is
 * private, unless allowPrivate. Every address must pass, so a name with one public and one
 * private address is refused (the connection could pick either).
 */
export async function checkTarget(host: string, opts: { allowPrivate: boolean; resolve?: Resolver }): Promise<TargetCheck> {
  const name = host.replace(/^\[(.*)\]$/, '$1').trim();
  if (!name || /[\s\\/@]/.test(name)) return { ok: false, message: `“${host}” is not a host name.` };
  let addresses: { address: string; family: number }[];
  if (isIP(name)) addresses = [{ address: name, family: isIP(name) }];
  else {
    try {
      addresses = await (opts.resolve ?? systemResolver)(name);
    } catch (error) {
      const code = (error as { code?: string }).code;
      return { ok: false, message: code === 'ENOTFOUND' ? `${name} does not resolve to an address (DNS).` : `${name} could not be resolved (${code ?? 'DNS error'}).` };
    }
  }
  if (addresses.length === 0) return { ok: false, message: `${name} does not resolve to an address (DNS).` };
  if (!opts.allowPrivate) {
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) {
      return {
        ok: false,
        message: `${name} resolves to ${bad.address}, a loopback, link-local or private address; apdesk only connects to public addresses (ALLOW_PRIVATE_TARGETS=true lifts this for development).`,
      };
    }
  }
  const first = addresses[0]!;
  return { ok: true, target: { host: name, address: first.address, family: first.family === 6 ? 6 : 4 } };
}

/** A `lookup` for node:http(s) and node:net that always answers the checked address. */
export function pinnedLookup(target: Target): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as LookupFunction;
}
