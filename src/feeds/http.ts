/**
 * A polite HTTP client for feeds and article pages: a User-Agent naming the bot, conditional requests, at most
 * `perHost` requests at a time to one host with a pause between them, robots.txt, a timeout and a size limit
 * per response, redirects followed by hand (each hop checked, loops reported), and retries with backoff for
 * what may pass (network errors, 429, 5xx).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { AddressPolicy } from './address.ts';
import { decodeBody } from './charset.ts';
import { allowAll, denyAll, parseRobots, type RobotsRules } from './robots.ts';
import {
  checkedAddresses,
  type RawResponse,
  RefusedAddressError,
  type Resolver,
  send,
  systemResolver,
} from './transport.ts';
import { CrisisDeskError } from '../errors.ts';
import { metrics } from '../metrics/metrics.ts';

export interface PoliteOptions {
  /** Default `CrisisDeskBot/0.1 (+https://github.com/crisis-desk; news feed reader)`. */
  userAgent: string;
  /** Requests in flight to one host. Default 2 (1–2 is polite). */
  perHost: number;
  /** Pause after each request before the next one to the same host, in ms. Default 500. */
  hostDelayMs: number;
  /** Per attempt, in ms. Default 15000. */
  timeoutMs: number;
  /** Largest body read, in bytes. Default 5 MB. */
  maxBytes: number;
  /** Attempts after the first. Default 2. */
  retries: number;
  /** First backoff, doubled per retry, in ms. Default 1000. */
  backoffMs: number;
  /** Redirect hops followed. Default 5. */
  maxRedirects: number;
  /** Check robots.txt before fetching. Default true. */
  robots: boolean;
  /**
   * Hosts (exact names) and address ranges (`127.0.0.1`, `10.0.0.0/8`, `fd00::/8`) that may be fetched although
   * they are loopback, private, link-local or otherwise not public (FEED_ALLOW_HOSTS). Default none.
   */
  allow: readonly string[];
  /** Resolves host names before connecting. Default the system resolver (dns.lookup); tests inject their own. */
  resolve: Resolver;
  /**
   * Longest wait a 429 or 503's Retry-After is honoured for, in ms. Default 60,000. A server asking for more is
   * not retried in this run (retrying sooner than asked would be rude; waiting longer would stall the poll).
   */
  maxRetryAfterMs: number;
  /** Waits `ms` (backoff, Retry-After). Default a timer; tests pass one that records and returns at once. */
  sleep: (ms: number) => Promise<void>;
}

const defaultPoliteOptions: Readonly<PoliteOptions> = Object.freeze({
  userAgent: 'CrisisDeskBot/0.1 (+https://github.com/crisis-desk; news feed reader)',
  perHost: 2,
  hostDelayMs: 500,
  timeoutMs: 15_000,
  maxBytes: 5_000_000,
  retries: 2,
  backoffMs: 1000,
  maxRedirects: 5,
  robots: true,
  allow: [],
  resolve: systemResolver,
  maxRetryAfterMs: 60_000,
  sleep: (ms: number) => sleep(ms),
});

export interface FetchRequest {
  url: string;
  /** Conditional request validators from the last response. */
  etag?: string | null;
  lastModified?: string | null;
  /** Accept header. */
  accept?: string;
}

export type FetchResult =
  | {
      kind: 'ok';
      url: string;
      status: number;
      body: string;
      contentType: string;
      etag: string | null;
      lastModified: string | null;
      /** The body's charset could not be honoured (unknown, or none and not UTF-8): see ./charset.ts. */
      warning: string | null;
    }
  | { kind: 'not-modified'; url: string }
  | FetchFailure;

/**
 * A URL that could not be fetched. `cause` marks those never requested: `robots` (robots.txt disallows it) and
 * `refused` (its address is not public and not allowed); reports count them apart from pages fetched.
 */
export interface FetchFailure {
  kind: 'failed';
  url: string;
  reason: string;
  cause?: 'robots' | 'refused';
}

/** One failed attempt: `retry` says whether another may succeed. */
class AttemptError extends CrisisDeskError {
  constructor(
    message: string,
    readonly retry: boolean,
    readonly refused = false,
    /** The wait a 429 or 503 asked for (Retry-After), in ms. */
    readonly retryAfterMs: number | null = null,
  ) {
    super('AttemptError', message);
  }
}

/** Retry-After as ms from `now`: delta-seconds or an HTTP date (RFC 9110 10.2.3); null when it is neither. */
export function retryAfterMs(value: string | null, now: number = Date.now()): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const when = Date.parse(text);
  return Number.isNaN(when) ? null : Math.max(0, when - now);
}

/** Per-host slots: at most `perHost` at once, each held `delay` ms past its request. */
class HostGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(
    private readonly limit: number,
    private readonly delay: () => number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      setTimeout(() => {
        const next = this.waiting.shift();
        if (next) next();
        else this.active--;
      }, this.delay());
    }
  }
}

export class PoliteFetcher {
  readonly options: PoliteOptions;
  private readonly gates = new Map<string, HostGate>();
  private readonly robots = new Map<string, Promise<RobotsRules | FetchFailure>>();
  private readonly policy: AddressPolicy;
  /** Requests actually sent (robots.txt included), for reports and tests. */
  readonly sent: string[] = [];
  /** Each wait before a retry, in ms (backoff or Retry-After), for tests. */
  readonly waits: number[] = [];

  constructor(options: Partial<PoliteOptions> = {}) {
    this.options = { ...defaultPoliteOptions, ...options };
    if (!(this.options.perHost >= 1 && this.options.perHost <= 4)) {
      throw new RangeError(`crisis-desk: perHost: expected 1 to 4, got ${this.options.perHost}`);
    }
    this.policy = new AddressPolicy(this.options.allow);
  }

  /** GETs `request.url`, following redirects, obeying robots.txt; never throws. */
  async get(request: FetchRequest): Promise<FetchResult> {
    let url = request.url;
    const seen = new Set<string>();
    for (let hop = 0; hop <= this.options.maxRedirects; hop++) {
      if (seen.has(url)) return { kind: 'failed', url: request.url, reason: `redirect loop at ${url}` };
      seen.add(url);
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return {
          kind: 'failed',
          url: request.url,
          reason: `expected an http(s) URL, got ${JSON.stringify(url)}`,
        };
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        return {
          kind: 'failed',
          url: request.url,
          reason: `expected an http(s) URL, got ${parsed.protocol}`,
        };
      }
      // Refused before robots.txt is asked for: a host that is not allowed gets no request at all. A lookup that
      // fails here is left to the request, whose network errors are retried.
      try {
        await checkedAddresses(parsed.hostname, this.policy, this.options.resolve);
      } catch (error) {
        if (error instanceof RefusedAddressError)
          return { kind: 'failed', url: request.url, reason: `${url}: ${error.message}`, cause: 'refused' };
      }
      if (this.options.robots) {
        const rules = await this.rulesFor(parsed);
        if ('kind' in rules) return { ...rules, url: request.url };
        if (!rules.allows(url, this.options.userAgent)) {
          return {
            kind: 'failed',
            url: request.url,
            reason: `robots.txt of ${parsed.host} disallows ${parsed.pathname}`,
            cause: 'robots',
          };
        }
      }
      // Validators belong to the address they came from, not to wherever it redirects.
      const outcome = await this.withRetries(
        parsed,
        hop === 0 ? request : { url, ...(request.accept ? { accept: request.accept } : {}) },
      );
      if (outcome.kind === 'redirect') {
        url = outcome.location;
        continue;
      }
      return outcome.kind === 'failed' ? { ...outcome, url: request.url } : outcome;
    }
    return { kind: 'failed', url: request.url, reason: `more than ${this.options.maxRedirects} redirects` };
  }

  private gate(host: string): HostGate {
    let gate = this.gates.get(host);
    if (!gate) {
      // A Crawl-delay in robots.txt lengthens the pause (capped: a huge one must not stall the poll).
      const delay = (): number =>
        Math.max(this.options.hostDelayMs, Math.min(30_000, 1000 * (this.crawlDelays.get(host) ?? 0)));
      gate = new HostGate(this.options.perHost, delay);
      this.gates.set(host, gate);
    }
    return gate;
  }

  private readonly crawlDelays = new Map<string, number>();

  /** robots.txt per origin, once per fetcher: 4xx → no rules; 5xx or unreachable → nothing allowed (RFC 9309). */
  private rulesFor(url: URL): Promise<RobotsRules | FetchFailure> {
    let rules = this.robots.get(url.origin);
    if (!rules) {
      const robotsUrl = `${url.origin}/robots.txt`;
      rules = this.withRetries(url, { url: robotsUrl, accept: 'text/plain' }, 'robots').then((r) => {
        if (r.kind === 'ok') {
          const parsedRules = parseRobots(robotsUrl, r.body);
          const delay = parsedRules.crawlDelay(this.options.userAgent);
          if (delay !== undefined) this.crawlDelays.set(url.host, delay);
          return parsedRules;
        }
        if (r.kind === 'failed' && r.cause === 'refused') return r;
        if (r.kind === 'failed' && /^HTTP 4\d\d/.test(r.reason)) return allowAll;
        if (r.kind === 'redirect') return allowAll;
        return denyAll;
      });
      this.robots.set(url.origin, rules);
    }
    return rules;
  }

  private async withRetries(
    target: URL,
    request: FetchRequest,
    purpose: 'robots' | 'page' = 'page',
  ): Promise<FetchResult | { kind: 'redirect'; location: string }> {
    const o = this.options;
    let last = '';
    let wait = 0;
    for (let attempt = 0; attempt <= o.retries; attempt++) {
      if (attempt > 0) {
        this.waits.push(wait);
        await o.sleep(wait);
      }
      try {
        return counted(await this.gate(target.host).run(() => this.once(request)));
      } catch (error) {
        last = (error as Error).message;
        if (error instanceof AttemptError && error.refused)
          return counted({
            kind: 'failed' as const,
            url: request.url,
            reason: last,
            cause: 'refused' as const,
          });
        if (!(error instanceof AttemptError && error.retry) || purpose === 'robots') break;
        wait = o.backoffMs * 2 ** attempt;
        if (error.retryAfterMs !== null) {
          if (error.retryAfterMs > o.maxRetryAfterMs) {
            last += `; the server asks to wait ${Math.ceil(error.retryAfterMs / 1000)} s (Retry-After), more than the ${o.maxRetryAfterMs / 1000} s this reader waits, so it was not retried`;
            break;
          }
          // Never sooner than the server asked; the backoff still grows when it asks for less.
          wait = Math.max(wait, error.retryAfterMs);
        }
      }
    }
    return counted({ kind: 'failed' as const, url: request.url, reason: last });
  }

  private async once(request: FetchRequest): Promise<FetchResult | { kind: 'redirect'; location: string }> {
    const o = this.options;
    const headers: Record<string, string> = { 'user-agent': o.userAgent, accept: request.accept ?? '*/*' };
    if (request.etag) headers['if-none-match'] = request.etag;
    if (request.lastModified) headers['if-modified-since'] = request.lastModified;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), o.timeoutMs);
    this.sent.push(request.url);
    try {
      let response: RawResponse;
      try {
        response = await send(new URL(request.url), {
          headers,
          signal: controller.signal,
          policy: this.policy,
          resolve: o.resolve,
        });
      } catch (error) {
        if (error instanceof RefusedAddressError) {
          // Never connected: not a request sent.
          this.sent.splice(this.sent.lastIndexOf(request.url), 1);
          throw new AttemptError(`${request.url}: ${error.message}`, false, true);
        }
        const code = (error as { code?: string }).code;
        const why = controller.signal.aborted
          ? `no response within ${o.timeoutMs} ms`
          : `network error${code ? ` (${code})` : ''}`;
        throw new AttemptError(why, true);
      }
      if (response.status === 304) {
        response.cancel();
        return { kind: 'not-modified', url: request.url };
      }
      if (response.status >= 300 && response.status < 400) {
        response.cancel();
        const location = response.header('location');
        if (!location) throw new AttemptError(`HTTP ${response.status} without a Location`, false);
        return { kind: 'redirect', location: new URL(location, request.url).href };
      }
      if (response.status < 200 || response.status > 299) {
        response.cancel();
        const asked =
          response.status === 429 || response.status === 503
            ? retryAfterMs(response.header('retry-after'))
            : null;
        throw new AttemptError(
          `HTTP ${response.status}`,
          response.status === 429 || response.status >= 500,
          false,
          asked,
        );
      }
      const declared = Number(response.header('content-length') ?? NaN);
      if (declared > o.maxBytes) {
        response.cancel();
        throw new AttemptError(
          `expected at most ${o.maxBytes} bytes, got a Content-Length of ${declared}`,
          false,
        );
      }
      const contentType = response.header('content-type') ?? '';
      const decoded = decodeBody(
        await readLimited(response, o.maxBytes, controller, o.timeoutMs),
        contentType,
      );
      return {
        kind: 'ok',
        url: request.url,
        status: response.status,
        body: decoded.text,
        warning: decoded.warning,
        contentType,
        etag: response.header('etag'),
        lastModified: response.header('last-modified'),
      };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The body's bytes, stopping (and failing) past `max`. */
async function readLimited(
  response: RawResponse,
  max: number,
  controller: AbortController,
  timeoutMs: number,
): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > max) {
        response.cancel();
        throw new AttemptError(`expected at most ${max} bytes, got more`, false);
      }
      parts.push(chunk);
    }
  } catch (error) {
    if (error instanceof AttemptError) throw error;
    throw new AttemptError(
      controller.signal.aborted
        ? `body not complete within ${timeoutMs} ms`
        : `body cut off: ${(error as Error).message}`,
      true,
    );
  }
  return Buffer.concat(parts);
}

/** Counts a fetch's outcome for Prometheus (src/metrics/); a redirect is counted where it ends. */
function counted<T extends { kind: string }>(result: T): T {
  if (result.kind === 'ok') metrics.feedFetch('ok');
  else if (result.kind === 'not-modified') metrics.feedFetch('not_modified');
  else if (result.kind === 'failed') metrics.feedFetch('failed');
  return result;
}
