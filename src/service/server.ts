/**
 * The search service over node:http: JSON in and out, keep-alive, a bearer token compared in constant time,
 * a body size limit, a per-address rate limit, structured request logs, and a graceful close (stop accepting,
 * finish what is in flight, then close the engines). node:http rather than a framework: seven routes need no
 * router, and every limit here is a few lines we can test, with no extra dependency on the request path.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metrics, metricsText } from '../metrics/metrics.ts';
import type { SearchBackend } from './backend.ts';
import type { Logger } from '../log.ts';
import { GENERATION_HEADER, HttpError, type ErrorBody } from './protocol.ts';
import { RateLimiter } from './rate-limit.ts';
import { findRoute } from './routes.ts';
import { SharedState } from './state.ts';
import { isInputError, userLine } from '../errors.ts';

export interface SearchServiceOptions {
  backend: SearchBackend;
  /** SEARCH_TOKEN: required as `Authorization: Bearer …` on every route but health; null turns auth off. */
  token: string | null;
  logger: Logger;
  /** Largest request body. Default 64 KiB (a question is at most a few hundred characters). */
  maxBodyBytes?: number;
  /** Requests a second per client address, and the burst; perSecond 0 turns the limit off. Default 200/400. */
  rateLimit?: { perSecond: number; burst: number };
  state?: SharedState;
  now?: () => number;
  /** How long close() lets in-flight requests finish before cutting their connections. Default 10 s. */
  shutdownGraceMs?: number;
}

export interface SearchService {
  readonly server: Server;
  /** Listens and resolves with the base URL (port 0 picks a free port). */
  listen(port: number, host?: string): Promise<string>;
  /** Stops accepting, finishes in-flight requests, then closes the backend. Safe to call twice. */
  close(): Promise<void>;
  readonly inFlight: number;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

export function createSearchService(options: SearchServiceOptions): SearchService {
  const { backend, logger } = options;
  const maxBody = options.maxBodyBytes ?? 64 * 1024;
  const limiter = new RateLimiter(
    options.rateLimit?.perSecond ?? 200,
    options.rateLimit?.burst ?? 400,
    options.now,
  );
  const state = options.state ?? new SharedState(options.now ? { now: options.now } : {});
  // Hashing both sides gives equal lengths, so timingSafeEqual never leaks the token's length either.
  const expected = options.token === null ? null : digest(options.token);
  const pending = new Set<Promise<void>>();
  let draining = false;
  let closing: Promise<void> | null = null;
  let nextId = 1;

  const server = createServer((req, res) => {
    const work = handle(req, res).finally(() => pending.delete(work));
    pending.add(work);
  });
  // Longer than undici's 4 s client keep-alive, so the client, not the server, closes an idle connection.
  server.keepAliveTimeout = 5_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const id = nextId++;
    const started = performance.now();
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://service').pathname;
    let status = 500;
    let generation: string | undefined;
    let routeLabel = 'unmatched';
    let confidence: unknown;
    logger.debug('request started', { id, method, path });
    try {
      if (draining)
        throw new HttpError(
          503,
          'shutting_down',
          'the service is shutting down; expected a new request after it restarts',
        );
      // Prometheus' scrape: text, not JSON, behind the same token as the API.
      if (method === 'GET' && path === '/metrics') {
        routeLabel = 'GET /metrics';
        authorize(req.headers.authorization);
        const { contentType, body } = await metricsText();
        status = 200;
        res
          .writeHead(200, { 'content-type': contentType, ...(draining ? { connection: 'close' } : {}) })
          .end(body);
        return;
      }
      const { route, param } = findRoute(method, path);
      routeLabel = `${route.method} ${route.path}`;
      const wait = limiter.take(req.socket.remoteAddress ?? 'unknown');
      if (wait > 0)
        throw new HttpError(
          429,
          'rate_limited',
          `too many requests from this address; expected a pause of ${wait} s`,
          { 'retry-after': String(wait) },
        );
      if (!route.open) authorize(req.headers.authorization);
      const body = route.method === 'POST' ? await readJson(req) : undefined;
      const result = await route.handle(body, { backend, state, param });
      generation = result.generation;
      if (route.path === '/v1/ask')
        confidence = (result.value as { confidence?: unknown } | null)?.confidence;
      status = 200;
      send(res, 200, result.value, generation);
    } catch (error) {
      const e = toHttpError(error, id);
      status = e.status;
      if (status >= 500) logger.error('request failed', { id, method, path, error });
      send(
        res,
        e.status,
        { error: { code: e.code, message: e.message } } satisfies ErrorBody,
        undefined,
        e.headers,
      );
      // An over-long body is not read: close rather than leave its rest in the connection.
      if (e.code === 'payload_too_large') res.once('finish', () => req.destroy());
    } finally {
      const seconds = (performance.now() - started) / 1000;
      metrics.request(routeLabel, status, seconds);
      metrics.generation(generation);
      if (typeof confidence === 'string') metrics.question('service', confidence, seconds);
      if (status >= 500) metrics.error('service', status === 503 ? 'unavailable' : 'internal');
      logger.info('request', {
        id,
        method,
        path,
        status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        generation,
      });
    }
  }

  function authorize(header: string | undefined): void {
    if (expected === null) return;
    const challenge = { 'www-authenticate': 'Bearer' };
    if (header === undefined)
      throw new HttpError(
        401,
        'unauthorized',
        'expected an Authorization: Bearer <SEARCH_TOKEN> header, got none',
        challenge,
      );
    const [scheme, token = ''] = header.split(' ', 2);
    // Never echo what came instead: a header without a scheme is usually the token itself.
    if (scheme?.toLowerCase() !== 'bearer')
      throw new HttpError(
        401,
        'unauthorized',
        `expected the Bearer scheme, got ${describeScheme(scheme ?? '', token)}`,
        challenge,
      );
    if (!timingSafeEqual(digest(token), expected))
      throw new HttpError(
        401,
        'unauthorized',
        "expected the service's SEARCH_TOKEN, got another token",
        challenge,
      );
  }

  async function readJson(req: IncomingMessage): Promise<unknown> {
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(type)) {
      throw new HttpError(
        415,
        'unsupported_media_type',
        `expected Content-Type: application/json, got ${type ? JSON.stringify(type.slice(0, 60)) : 'none'}`,
      );
    }
    const declared = Number(req.headers['content-length'] ?? NaN);
    const tooLarge = (got: string): HttpError =>
      new HttpError(413, 'payload_too_large', `expected a body of at most ${maxBody} bytes, got ${got}`);
    if (declared > maxBody) throw tooLarge(`${declared}`);
    const parts: Buffer[] = [];
    let size = 0;
    for await (const part of req as AsyncIterable<Buffer>) {
      size += part.length;
      if (size > maxBody) throw tooLarge(`more (stopped reading at ${size})`);
      parts.push(part);
    }
    const text = Buffer.concat(parts).toString('utf8');
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new HttpError(
        400,
        'bad_request',
        `expected a JSON body, got ${text.length === 0 ? 'an empty body' : `invalid JSON (${(error as Error).message})`}`,
      );
    }
  }

  function send(
    res: ServerResponse,
    status: number,
    value: unknown,
    generation?: string,
    headers: Record<string, string> = {},
  ): void {
    const body = JSON.stringify(value);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      ...(generation ? { [GENERATION_HEADER]: generation } : {}),
      ...(draining ? { connection: 'close' } : {}),
      ...headers,
    });
    res.end(body);
  }

  return {
    server,
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const a = server.address() as AddressInfo;
          resolve(`http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`);
        });
      }),
    close() {
      closing ??= (async () => {
        draining = true;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        let timer: NodeJS.Timeout | undefined;
        const grace = new Promise<void>(
          (resolve) => (timer = setTimeout(resolve, options.shutdownGraceMs ?? 10_000)),
        );
        await Promise.race([Promise.allSettled([...pending]), grace]);
        clearTimeout(timer);
        server.closeAllConnections();
        await stopped;
        await backend.close();
        logger.info('service closed', { unfinished: pending.size });
      })();
      return closing;
    },
    get inFlight() {
      return pending.size;
    },
  };
}

function toHttpError(error: unknown, id: number): HttpError {
  if (error instanceof HttpError) return error;
  if (isInputError(error)) return new HttpError(400, 'bad_input', userLine(error));
  // The database is down or refused the question: this question fails, the service and its workers stay.
  if (error instanceof Error && error.name === 'PgStoreError')
    return new HttpError(
      503,
      'unavailable',
      `the database did not answer this question; expected it back shortly, try again (request ${id})`,
      { 'retry-after': '1' },
    );
  return new HttpError(500, 'internal', `the search failed; the service log has the details (request ${id})`);
}

const KNOWN_SCHEMES = new Set(['basic', 'digest', 'negotiate', 'ntlm', 'token']);

/** Names a wrong scheme only when it is a well-known one; anything else may be (part of) a secret. */
function describeScheme(scheme: string, rest: string): string {
  if (KNOWN_SCHEMES.has(scheme.toLowerCase())) return JSON.stringify(scheme);
  return rest === '' ? 'a value without a scheme (not shown)' : 'an unknown scheme (not shown)';
}
