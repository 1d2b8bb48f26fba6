/**
 * The search service's HTTP client: one method per route, keep-alive through Node's fetch (undici pools
 * connections), the bearer token, a timeout per request. A service that is down or silent is a
 * SearchUnavailableError (the bot tells the user to try again), a bad question is the engine's own
 * AskInputError, and anything else the service refuses is a SearchServiceError with its message. Every answer
 * is checked against its route's schema (./responses.ts) before it is used.
 */
import { AskInputError } from '../search/options.ts';
import type { CooldownVerdict } from '../session/cooldowns.ts';
import type { Answer, AskOptions, CorpusStats, DocumentInfo, Timeline, TimelineOptions } from '../types.ts';
import { CrisisDeskError, userLine, withoutPrefix } from '../errors.ts';
import { GENERATION_HEADER, type SharedAsk, type SharedTimeline } from './protocol.ts';
import { type Health, misfit, readRefusal, type RouteResponse, RESPONSES } from './responses.ts';

export class SearchUnavailableError extends CrisisDeskError {
  constructor(message: string) {
    super('SearchUnavailableError', message);
  }
}

export class SearchServiceError extends CrisisDeskError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super('SearchServiceError', message);
  }
}

export interface ServiceClientOptions {
  /** SEARCH_URL, e.g. http://127.0.0.1:8080 */
  url: string;
  /** SEARCH_TOKEN; null when the service runs without one. */
  token: string | null;
  /** SEARCH_TIMEOUT_MS: how long one request may take. Default 10 s. */
  timeoutMs?: number;
}

export interface Served<T> {
  value: T;
  /** The index generation that answered; null for routes that do not read the index. */
  generation: string | null;
}

export class ServiceClient {
  private readonly base: string;
  constructor(private readonly options: ServiceClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
  }

  ask(question: string, options: AskOptions = {}): Promise<Served<Answer>> {
    return this.request('POST', '/v1/ask', RESPONSES.ask, { question, options });
  }

  timeline(topic: string, options: TimelineOptions = {}): Promise<Served<Timeline>> {
    return this.request('POST', '/v1/timeline', RESPONSES.timeline, { topic, options });
  }

  documents(): Promise<Served<DocumentInfo[]>> {
    return this.request('GET', '/v1/documents', RESPONSES.documents);
  }

  stats(): Promise<Served<CorpusStats>> {
    return this.request('GET', '/v1/stats', RESPONSES.stats);
  }

  health(): Promise<Served<Health>> {
    return this.request('GET', '/v1/health', RESPONSES.health);
  }

  /**
   * The bot's view of readiness: null when the service says it can answer (GET /v1/ready), else why not: its
   * reason (no worker, the database, a broken index) or why it could not be asked.
   */
  async readiness(): Promise<string | null> {
    try {
      await this.request('GET', '/v1/ready', RESPONSES.ready);
      return null;
    } catch (error) {
      if (error instanceof SearchServiceError && error.code === 'unavailable')
        return error.message.replace(/^.*?\(\d{3}\): /, '');
      return userLine(error as Error);
    }
  }

  async saveAsk(ask: SharedAsk): Promise<string> {
    return (await this.request('POST', '/v1/asks', RESPONSES.saved, ask)).value.id;
  }

  /** The stored ask, or null when it expired or never existed. */
  async getAsk(id: string): Promise<SharedAsk | null> {
    return this.stored('asks', id, RESPONSES.sharedAsk);
  }

  async saveTimeline(timeline: SharedTimeline): Promise<string> {
    return (await this.request('POST', '/v1/timelines', RESPONSES.saved, timeline)).value.id;
  }

  /** The stored timeline's topic and filters, or null when it expired or never existed. */
  async getTimeline(id: string): Promise<SharedTimeline | null> {
    return this.stored('timelines', id, RESPONSES.sharedTimeline);
  }

  /** A record the service keeps for buttons; null when it answers 404 (expired or never stored). */
  private async stored<T>(
    kind: 'asks' | 'timelines',
    id: string,
    response: RouteResponse<T>,
  ): Promise<T | null> {
    try {
      return (await this.request('GET', `/v1/${kind}/${encodeURIComponent(id)}`, response)).value;
    } catch (error) {
      if (error instanceof SearchServiceError && error.status === 404) return null;
      throw error;
    }
  }

  async takeCooldown(user: string, seconds: number): Promise<CooldownVerdict> {
    return (await this.request('POST', '/v1/cooldowns', RESPONSES.cooldown, { user, seconds })).value;
  }

  private async request<T>(
    method: 'GET' | 'POST',
    path: string,
    response: RouteResponse<T>,
    body?: unknown,
  ): Promise<Served<T>> {
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(this.options.token === null ? {} : { authorization: `Bearer ${this.options.token}` }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw this.unavailable(error, timeoutMs);
    }
    let payload: unknown;
    try {
      payload = await res.json();
    } catch (error) {
      if ((error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError')
        throw this.unavailable(error, timeoutMs);
      throw new SearchServiceError(
        res.status,
        'bad_response',
        `the search service at ${this.base} answered ${res.status} with a body that is not JSON; expected JSON`,
      );
    }
    if (res.ok) {
      const got = misfit(response, payload);
      if (got !== null) {
        throw new SearchServiceError(
          res.status,
          'bad_response',
          `the search service at ${this.base} answered ${res.status} to ${method} ${path} with ${got}; expected ${response.expected}`,
        );
      }
      return { value: payload as T, generation: res.headers.get(GENERATION_HEADER) };
    }
    const e = readRefusal(payload);
    const message = e.message ?? `status ${res.status}`;
    if (e.code === 'bad_input') throw new AskInputError(withoutPrefix(message));
    throw new SearchServiceError(
      res.status,
      e.code ?? 'unknown',
      `the search service refused ${method} ${path} (${res.status}): ${message}`,
    );
  }

  private unavailable(error: unknown, timeoutMs: number): SearchUnavailableError {
    const e = error as Error & { cause?: { code?: string } };
    const why =
      e.name === 'TimeoutError' || e.name === 'AbortError'
        ? `did not answer within ${timeoutMs} ms`
        : `could not be reached (${e.cause?.code ?? e.message})`;
    return new SearchUnavailableError(
      `the search service at ${this.base} ${why}; expected it running (npm run serve)`,
    );
  }
}
