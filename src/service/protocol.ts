/**
 * The search service's wire contract, shared by the server (./server.ts) and the client (./client.ts), so the
 * two cannot drift. Every answer carries the index generation it came from in GENERATION_HEADER, which is how
 * a client notices that the service swapped in a new index. Errors are `{error: {code, message}}`, the
 * message saying what was expected and what arrived.
 */
import type { AskOptions, TimelineOptions } from '../types.ts';

export const GENERATION_HEADER = 'x-index-generation';

/** The engine's verbs; the service runs them on whichever worker is free (see ./backend.ts). */
export type EngineVerb = 'ask' | 'documents' | 'stats' | 'timeline';

export type ErrorCode =
  | 'bad_request'
  | 'bad_input'
  | 'unauthorized'
  | 'not_found'
  | 'method_not_allowed'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'rate_limited'
  | 'shutting_down'
  | 'internal';

export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/** An error a route throws to answer with a 4xx (or 503) and this message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** A short, safe description of a value that did not fit, for error messages (never the whole value). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return value.length <= 40 ? JSON.stringify(value) : `a string of ${value.length} characters`;
  if (typeof value === 'object') return `an object with keys ${JSON.stringify(Object.keys(value).slice(0, 8))}`;
  return `${typeof value} ${String(value)}`;
}

const ASK_OPTION_TYPES: Record<keyof AskOptions, 'number' | 'string' | 'string[]'> = {
  k: 'number',
  offset: 'number',
  source: 'string',
  after: 'string',
  before: 'string',
  ids: 'string[]',
  excludeSources: 'string[]',
};

const isType = (value: unknown, type: 'number' | 'string' | 'string[]'): boolean =>
  type === 'string[]' ? Array.isArray(value) && value.every((v) => typeof v === 'string') : typeof value === type;

/** POST /v1/ask's body: `{question: string, options?: AskOptions}`; the engine then checks the values. */
export function parseAskBody(body: unknown): { question: string; options: AskOptions } {
  const shape = '{"question": string, "options"?: {"k"?, "offset"?, "source"?, "after"?, "before"?, "ids"?, "excludeSources"?}}';
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'bad_request', `ask: expected a JSON object ${shape}, got ${describeValue(body)}`);
  }
  const { question, options = {}, ...rest } = body as Record<string, unknown>;
  if (Object.keys(rest).length > 0) {
    throw new HttpError(400, 'bad_request', `ask: expected only "question" and "options", got also ${JSON.stringify(Object.keys(rest))}`);
  }
  if (typeof question !== 'string') {
    throw new HttpError(400, 'bad_request', `ask: expected "question" to be a string, got ${describeValue(question)}`);
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new HttpError(400, 'bad_request', `ask: expected "options" to be an object, got ${describeValue(options)}`);
  }
  for (const [key, value] of Object.entries(options)) {
    const type = ASK_OPTION_TYPES[key as keyof AskOptions];
    if (type === undefined) {
      throw new HttpError(400, 'bad_request', `ask: expected options among ${Object.keys(ASK_OPTION_TYPES).join(', ')}, got "${key}"`);
    }
    if (!isType(value, type)) {
      throw new HttpError(400, 'bad_request', `ask: expected options.${key} to be a ${type}, got ${describeValue(value)}`);
    }
  }
  return { question, options: options as AskOptions };
}

const TIMELINE_OPTION_TYPES: Record<keyof TimelineOptions, 'number' | 'string' | 'string[]'> = {
  source: 'string',
  after: 'string',
  before: 'string',
  excludeSources: 'string[]',
  limit: 'number',
};

/** POST /v1/timeline's body: `{topic: string, options?: TimelineOptions}`; the engine then checks the values. */
export function parseTimelineBody(body: unknown): { topic: string; options: TimelineOptions } {
  const shape = '{"topic": string, "options"?: {"source"?, "after"?, "before"?, "limit"?}}';
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'bad_request', `timeline: expected a JSON object ${shape}, got ${describeValue(body)}`);
  }
  const { topic, options = {}, ...rest } = body as Record<string, unknown>;
  if (Object.keys(rest).length > 0) {
    throw new HttpError(400, 'bad_request', `timeline: expected only "topic" and "options", got also ${JSON.stringify(Object.keys(rest))}`);
  }
  if (typeof topic !== 'string') {
    throw new HttpError(400, 'bad_request', `timeline: expected "topic" to be a string, got ${describeValue(topic)}`);
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new HttpError(400, 'bad_request', `timeline: expected "options" to be an object, got ${describeValue(options)}`);
  }
  for (const [key, value] of Object.entries(options)) {
    const type = TIMELINE_OPTION_TYPES[key as keyof TimelineOptions];
    if (type === undefined) {
      throw new HttpError(400, 'bad_request', `timeline: expected options among ${Object.keys(TIMELINE_OPTION_TYPES).join(', ')}, got "${key}"`);
    }
    if (!isType(value, type)) {
      throw new HttpError(400, 'bad_request', `timeline: expected options.${key} to be a ${type}, got ${describeValue(value)}`);
    }
  }
  return { topic, options: options as TimelineOptions };
}

/** A stored /ask as the buttons need it, without the per-process cache of shown passages. */
export interface SharedAsk {
  question: string;
  options: Omit<AskOptions, 'offset'> & { k: number };
  private: boolean;
  userId: string;
}

export function parseSharedAsk(body: unknown): SharedAsk {
  const b = body as Partial<SharedAsk> | null;
  if (
    typeof b !== 'object' || b === null || typeof b.question !== 'string' || typeof b.private !== 'boolean' ||
    typeof b.userId !== 'string' || typeof b.options !== 'object' || b.options === null || typeof b.options.k !== 'number'
  ) {
    throw new HttpError(400, 'bad_request', `asks: expected {"question": string, "options": {"k": number, …}, "private": boolean, "userId": string}, got ${describeValue(body)}`);
  }
  parseAskBody({ question: b.question, options: b.options });
  return { question: b.question, options: b.options, private: b.private, userId: b.userId };
}

/** A stored /timeline as its page buttons need it; a shard that lacks the events runs the timeline again. */
export interface SharedTimeline {
  topic: string;
  filters: Omit<TimelineOptions, 'limit'>;
  private: boolean;
  userId: string;
}

export function parseSharedTimeline(body: unknown): SharedTimeline {
  const b = body as Partial<SharedTimeline> | null;
  if (
    typeof b !== 'object' || b === null || typeof b.topic !== 'string' || typeof b.private !== 'boolean' ||
    typeof b.userId !== 'string' || typeof b.filters !== 'object' || b.filters === null
  ) {
    throw new HttpError(400, 'bad_request', `timelines: expected {"topic": string, "filters": {…}, "private": boolean, "userId": string}, got ${describeValue(body)}`);
  }
  parseTimelineBody({ topic: b.topic, options: b.filters });
  return { topic: b.topic, filters: b.filters, private: b.private, userId: b.userId };
}

export function parseCooldownBody(body: unknown): { user: string; seconds: number } {
  const b = body as { user?: unknown; seconds?: unknown } | null;
  if (typeof b !== 'object' || b === null || typeof b.user !== 'string' || typeof b.seconds !== 'number' || !(b.seconds >= 0 && b.seconds <= 3600)) {
    throw new HttpError(400, 'bad_request', `cooldowns: expected {"user": string, "seconds": 0 to 3600}, got ${describeValue(body)}`);
  }
  return { user: b.user, seconds: b.seconds };
}
