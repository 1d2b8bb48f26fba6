/**
 * One HTTP(S) GET on node:http / node:https whose connection goes only where the address policy allows. The
 * check sits in the socket's `lookup`, so the address judged is the address connected to: a name that resolves
 * to a public address when first asked and to 127.0.0.1 when connecting (DNS rebinding) is refused at connect.
 * An IP literal is never looked up by Node, so it is judged before the request. Redirects are not followed here.
 *
 * node:http rather than fetch: fetch (undici) takes a connection-level lookup only through undici's own Agent,
 * which is not a dependency of this project; node:http documents `lookup` per request.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { type AddressPolicy, isLocalhostName } from './address.ts';
import { CrisisDeskError } from '../errors.ts';

/** One resolved address, as dns.lookup's `all` form gives them. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to its addresses. Default dns.lookup (the system resolver); tests inject their own. */
export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = (host) => dnsLookup(host, { all: true, verbatim: true });

/** The connection was refused by the address policy: never retried. */
export class RefusedAddressError extends CrisisDeskError {
  constructor(message: string) {
    super('RefusedAddressError', message);
  }
}

/** The addresses `host` stands for, each judged; throws RefusedAddressError for the first refused one. */
export async function checkedAddresses(
  host: string,
  policy: AddressPolicy,
  resolve: Resolver,
): Promise<ResolvedAddress[]> {
  const bare = host.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  const addresses: ResolvedAddress[] =
    family !== 0
      ? [{ address: bare, family }]
      : isLocalhostName(bare)
        ? [{ address: '127.0.0.1', family: 4 }]
        : await resolve(bare);
  // A resolver's answer, as dns.lookup gives one (not a coded error): the fetcher words it as a network error.
  if (addresses.length === 0) throw new Error(`no address found for ${bare}`);
  for (const a of addresses) {
    const why = policy.refusal(bare, a.address);
    if (why !== null) throw new RefusedAddressError(why);
  }
  return addresses;
}

/** A `lookup` for net.connect that resolves with `resolve` and lets only allowed addresses through. */
export function guardedLookup(policy: AddressPolicy, resolve: Resolver): LookupFunction {
  return ((
    hostname: string,
    options: { all?: boolean; family?: number | string },
    callback: (...args: unknown[]) => void,
  ) => {
    checkedAddresses(hostname, policy, resolve).then(
      (found) => {
        const wanted =
          options.family === 4 || options.family === 'IPv4'
            ? 4
            : options.family === 6 || options.family === 'IPv6'
              ? 6
              : 0;
        const usable = wanted === 0 ? found : found.filter((a) => a.family === wanted);
        if (usable.length === 0)
          return callback(
            Object.assign(new Error(`no IPv${wanted} address for ${hostname}`), { code: 'ENOTFOUND' }),
          );
        if (options.all) callback(null, usable);
        else callback(null, usable[0]!.address, usable[0]!.family);
      },
      (error: unknown) => callback(error),
    );
  }) as LookupFunction;
}

export interface RawResponse {
  status: number;
  header(name: string): string | null;
  body: AsyncIterable<Buffer>;
  /** Drops the rest of the body and the connection. */
  cancel(): void;
}

export interface SendOptions {
  headers: Record<string, string>;
  signal: AbortSignal;
  policy: AddressPolicy;
  resolve: Resolver;
}

/** GETs `url` (http or https) once; rejects with RefusedAddressError when the address is not allowed. */
export async function send(url: URL, options: SendOptions): Promise<RawResponse> {
  // Node does not look up an IP literal: judge it here (the WHATWG parser has already turned 0x7f.1 or
  // 2130706433 into 127.0.0.1).
  if (isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0)
    await checkedAddresses(url.hostname, options.policy, options.resolve);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(url, {
      headers: options.headers,
      signal: options.signal,
      lookup: guardedLookup(options.policy, options.resolve),
      // No pooled sockets: each request makes (and judges) its own connection.
      agent: false,
    });
    // on, not once: a second error (an abort while the body is read) must not be an unhandled 'error' event.
    req.on('error', (error) => reject(error));
    req.once('response', (res) => {
      resolve({
        status: res.statusCode ?? 0,
        header: (name) => {
          const v = res.headers[name.toLowerCase()];
          return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
        },
        body: res,
        cancel: () => res.destroy(),
      });
    });
  });
}
