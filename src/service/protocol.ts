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
  | 'unavailable'
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
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return value.length <= 40 ? JSON.stringify(value) : `a string of ${value.length} characters`;
  if (typeof value === 'object') return `an object with keys ${JSON.stringify(Object.keys(value).slice(0, 8))}`;
  return `${typeof value} ${String(value)}`;
}

type OptionType = 'number' | 'string' | 'string[]';

const ASK_OPTION_TYPES: Record<keyof AskOptions, OptionType> = {
  k: 'number',
  offset: 'number',
  source: 'string',
  after: 'string',
  before: 'string',
  ids: 'string[]',
  excludeSources: 'string[]',
};

const isType = (value: unknown, type: OptionType): boolean =>
  type === 'string[]' ? Array.isArray(value) && value.every((v) => typeof v === 'string') : typeof value === type;

/**
 * A verb's body: `{<text>: string, options?: {…}}` with only the option names of `types`, each of its type; the
 * engine then checks the values. Errors name the verb, what was expected and what arrived.
 */
function parseVerbBody<O>(verb: string, textKey: string, types: Record<string, OptionType>, body: unknown): { text: string; options: O } {
  const shape = `{"${textKey}": string, "options"?: {${Object.keys(types).map((k) => `"${k}"?`).join(', ')}}}`;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'bad_request', `${verb}: expected a JSON object ${shape}, got ${describeValue(body)}`);
  }
  const { [textKey]: text, options = {}, ...rest } = body as Record<string, unknown>;
  if (Object.keys(rest).length > 0) {
    throw new HttpError(400, 'bad_request', `${verb}: expected only "${textKey}" and "options", got also ${JSON.stringify(Object.keys(rest))}`);
  }
  if (typeof text !== 'string') {
    throw new HttpError(400, 'bad_request', `${verb}: expected "${textKey}" to be a string, got ${describeValue(text)}`);
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new HttpError(400, 'bad_request', `${verb}: expected "options" to be an object, got ${describeValue(options)}`);
  }
  for (const [key, value] of Object.entries(options)) {
    // Own keys only: "constructor" or "__proto__" must not find Object.prototype's members.
    const type = Object.hasOwn(types, key) ? types[key] : undefined;
    if (type === undefined) {
      throw new HttpError(400, 'bad_request', `${verb}: expected options among ${Object.keys(types).join(', ')}, got "${key}"`);
    }
    if (!isType(value, type)) {
      throw new HttpError(400, 'bad_request', `${verb}: expected options.${key} to be a ${type}, got ${describeValue(value)}`);
    }
  }
  return { text, options: options as O };
}

/** POST /v1/ask's body: `{question: string, options?: AskOptions}`. */
export function parseAskBody(body: unknown): { question: string; options: AskOptions } {
  const { text, options } = parseVerbBody<AskOptions>('ask', 'question', ASK_OPTION_TYPES, body);
  return { question: text, options };
}

const TIMELINE_OPTION_TYPES: Record<keyof TimelineOptions, OptionType> = {
  source: 'string',
  after: 'string',
  before: 'string',
  excludeSources: 'string[]',
  limit: 'number',
};

/** POST /v1/timeline's body: `{topic: string, options?: TimelineOptions}`. */
export function parseTimelineBody(body: unknown): { topic: string; options: TimelineOptions } {
  const { text, options } = parseVerbBody<TimelineOptions>('timeline', 'topic', TIMELINE_OPTION_TYPES, body);
  return { topic: text, options };
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
