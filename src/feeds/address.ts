/**
 * Which addresses the feed reader may connect to. A feed names its item pages, so whoever writes a feed could
 * otherwise make the indexer fetch (and index, and quote back) what only the bot's host can reach: an admin page
 * on 127.0.0.1, a cloud metadata service on 169.254.169.254, a database on the private network. Every address a
 * fetch would connect to is classified here; loopback, private, link-local, multicast, unspecified and reserved
 * ranges are refused unless the operator allowed the host or range (FEED_ALLOW_HOSTS).
 *
 * Node's BlockList does the range arithmetic. IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::/96) and 6to4
 * (2002::/16) addresses are judged by the IPv4 address they carry, since that is where the packets end up.
 */
import { BlockList, isIP, isIPv4 } from 'node:net';

/** Why an address is refused: the name of its range. */
export type RangeName = 'unspecified' | 'loopback' | 'private' | 'link-local' | 'multicast' | 'reserved';

function ranges(entries: readonly [string, number][], type: 'ipv4' | 'ipv6'): BlockList {
  const list = new BlockList();
  for (const [net, prefix] of entries) list.addSubnet(net, prefix, type);
  return list;
}

const V4: readonly [RangeName, BlockList][] = [
  ['unspecified', ranges([['0.0.0.0', 8]], 'ipv4')],
  ['loopback', ranges([['127.0.0.0', 8]], 'ipv4')],
  [
    'private',
    ranges(
      [
        ['10.0.0.0', 8],
        ['172.16.0.0', 12],
        ['192.168.0.0', 16],
        ['100.64.0.0', 10],
      ],
      'ipv4',
    ),
  ],
  ['link-local', ranges([['169.254.0.0', 16]], 'ipv4')],
  ['multicast', ranges([['224.0.0.0', 4]], 'ipv4')],
  // IETF assignments, documentation, benchmarking, the old 6to4 relay, 240/4 and broadcast (RFC 6890).
  [
    'reserved',
    ranges(
      [
        ['192.0.0.0', 24],
        ['192.0.2.0', 24],
        ['192.88.99.0', 24],
        ['198.18.0.0', 15],
        ['198.51.100.0', 24],
        ['203.0.113.0', 24],
        ['240.0.0.0', 4],
      ],
      'ipv4',
    ),
  ],
];

const V6: readonly [RangeName, BlockList][] = [
  ['unspecified', ranges([['::', 128]], 'ipv6')],
  ['loopback', ranges([['::1', 128]], 'ipv6')],
  ['private', ranges([['fc00::', 7]], 'ipv6')],
  ['link-local', ranges([['fe80::', 10]], 'ipv6')],
  ['multicast', ranges([['ff00::', 8]], 'ipv6')],
  // Inside global unicast (2000::/3) but not reachable hosts: IETF assignments (Teredo among them), documentation.
  [
    'reserved',
    ranges(
      [
        ['2001::', 23],
        ['2001:db8::', 32],
        ['3fff::', 20],
      ],
      'ipv6',
    ),
  ],
];
const GLOBAL_UNICAST = ranges([['2000::', 3]], 'ipv6');

/** The 16 bytes of an IPv6 address (valid per `isIP`), with a trailing dotted quad read as its last 4. */
function ipv6Bytes(address: string): number[] {
  let text = address.replace(/%.*$/, '');
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? (text.split('::') as [string, string]) : [text, null];
  const part = (s: string): number[] => (s === '' ? [] : s.split(':').map((h) => parseInt(h, 16)));
  const left = part(head);
  const right = tail === null ? [] : part(tail);
  const groups = [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

/** The IPv4 address an IPv6 one stands for (mapped, NAT64, 6to4), or null when it stands for none. */
export function embeddedIPv4(address: string): string | null {
  const b = ipv6Bytes(address);
  const v4 = (i: number): string => b.slice(i, i + 4).join('.');
  const zero = (from: number, to: number): boolean => b.slice(from, to).every((x) => x === 0);
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return v4(12);
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12)) return v4(12);
  if (b[0] === 0x20 && b[1] === 0x02) return v4(2);
  return null;
}

/** The refused range `address` (an IP address) lies in; null for a public address. */
export function refusedRange(address: string): RangeName | null {
  const ip = address.replace(/^\[|\]$/g, '');
  if (isIPv4(ip)) return V4.find(([, list]) => list.check(ip, 'ipv4'))?.[0] ?? null;
  if (isIP(ip) !== 6) return 'reserved';
  const inner = embeddedIPv4(ip);
  if (inner !== null) return refusedRange(inner);
  const named = V6.find(([, list]) => list.check(ip, 'ipv6'))?.[0];
  if (named) return named;
  return GLOBAL_UNICAST.check(ip, 'ipv6') ? null : 'reserved';
}

/** One FEED_ALLOW_HOSTS entry: a host name (exact, any letter case) or an address range. */
export type AllowEntry =
  { kind: 'host'; host: string } | { kind: 'range'; address: string; prefix: number; type: 'ipv4' | 'ipv6' };

const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i;

/** Parses `127.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8` or `feeds.intranet.example`; null when it is none of them. */
export function parseAllowEntry(raw: string): AllowEntry | null {
  const entry = raw.trim().replace(/^\[|\]$/g, '');
  const slash = entry.indexOf('/');
  const address = slash >= 0 ? entry.slice(0, slash) : entry;
  const family = isIP(address);
  if (family !== 0) {
    const max = family === 4 ? 32 : 128;
    const prefixText = slash >= 0 ? entry.slice(slash + 1) : String(max);
    const prefix = Number(prefixText);
    if (!/^\d{1,3}$/.test(prefixText) || prefix > max) return null;
    return { kind: 'range', address, prefix, type: family === 4 ? 'ipv4' : 'ipv6' };
  }
  if (slash >= 0 || !HOST_NAME.test(entry) || /^[\d.]+$/.test(entry)) return null;
  return { kind: 'host', host: entry.toLowerCase().replace(/\.$/, '') };
}

/** The operator's exceptions (FEED_ALLOW_HOSTS) over the refused ranges. */
export class AddressPolicy {
  private readonly hosts = new Set<string>();
  private readonly allowed = new BlockList();

  /** `entries` as `parseAllowEntry` reads them; a bad one throws (config.ts has already named the setting). */
  constructor(entries: readonly string[] = []) {
    for (const raw of entries) {
      const entry = parseAllowEntry(raw);
      if (entry === null)
        throw new RangeError(
          `crisis-desk: allowed host: expected a host name, an IP address or a CIDR range, got ${JSON.stringify(raw)}`,
        );
      if (entry.kind === 'host') this.hosts.add(entry.host);
      else this.allowed.addSubnet(entry.address, entry.prefix, entry.type);
    }
  }

  /** The operator allowed this host name, whatever it resolves to. */
  allowsHost(host: string): boolean {
    return this.hosts.has(
      host
        .toLowerCase()
        .replace(/^\[|\]$/g, '')
        .replace(/\.$/, ''),
    );
  }

  /**
   * Why connecting to `address` for `host` is refused, or null when it may go ahead. The message says what was
   * expected and what arrived, and how an operator allows it.
   */
  refusal(host: string, address: string): string | null {
    if (this.allowsHost(host)) return null;
    const ip = address.replace(/^\[|\]$/g, '');
    const range = refusedRange(ip);
    if (range === null) return null;
    const family = isIPv4(ip) ? 'ipv4' : 'ipv6';
    const inner = family === 'ipv6' ? embeddedIPv4(ip) : null;
    if (this.allowed.check(ip, family) || (inner !== null && this.allowed.check(inner, 'ipv4'))) return null;
    const where = host === ip ? ip : `${host} (${ip})`;
    return `refused: expected a public address, got ${where}, a ${range} address; FEED_ALLOW_HOSTS can allow a host or range`;
  }
}

/** Host names that mean this machine without any lookup (RFC 6761): judged as loopback at once. */
export function isLocalhostName(host: string): boolean {
  return /(^|\.)localhost\.?$/i.test(host);
}
