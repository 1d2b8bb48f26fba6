/**
 * The search service's wire contract, shared by the server (./server.ts) and the client (./client.ts), so the
 * two cannot drift. Every answer carries the index generation it came from in GENERATION_HEADER, which is how
 * a client notices that the service swapped in a new index. Errors are `{error: {code, message}}`, the
 * message saying what was expected and what arrived.
 */
import { z } from 'zod';
import type { AskOptions, TimelineOptions } from '../types.ts';
import { CrisisDeskError } from '../errors.ts';

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
export class HttpError extends CrisisDeskError {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super('HttpError', message);
  }
}

/** A short, safe description of a value that did not fit, for error messages (never the whole value). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string')
    return value.length <= 40 ? JSON.stringify(value) : `a string of ${value.length} characters`;
  if (typeof value === 'object')
    return `an object with keys ${JSON.stringify(Object.keys(value).slice(0, 8))}`;
  return `${typeof value} ${String(value)}`;
}

type OptionType = 'number' | 'string' | 'string[]';

/** The schema of each option type; the message names the type as OptionType writes it. */
const OPTION_SCHEMAS = { number: z.number(), string: z.string(), 'string[]': z.array(z.string()) } as const;

/** Only the listed option names, each optional and of its type: the schema behind a verb's `options`. */
function optionsSchema<T extends Record<string, OptionType>>(types: T) {
  const shape = Object.fromEntries(
    Object.entries(types).map(([key, type]) => [key, OPTION_SCHEMAS[type].optional()]),
  );
  return z.strictObject(shape as { [K in keyof T]: z.ZodOptional<(typeof OPTION_SCHEMAS)[T[K]]> });
}

const ASK_OPTION_TYPES = {
  k: 'number',
  offset: 'number',
  source: 'string',
  after: 'string',
  before: 'string',
  ids: 'string[]',
  excludeSources: 'string[]',
} as const satisfies Record<keyof AskOptions, OptionType>;

const TIMELINE_OPTION_TYPES = {
  source: 'string',
  after: 'string',
  before: 'string',
  excludeSources: 'string[]',
  limit: 'number',
} as const satisfies Record<keyof TimelineOptions, OptionType>;

/** AskOptions as the wire carries them; the engine then checks the values. */
const askOptionsSchema = optionsSchema(ASK_OPTION_TYPES);
/** TimelineOptions as the wire carries them. */
const timelineOptionsSchema = optionsSchema(TIMELINE_OPTION_TYPES);

/** POST /v1/ask's body. */
const askBodySchema = z.strictObject({ question: z.string(), options: askOptionsSchema.optional() });
/** POST /v1/timeline's body. */
const timelineBodySchema = z.strictObject({ topic: z.string(), options: timelineOptionsSchema.optional() });

type Issue = z.core.$ZodIssue;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The message (after `<verb>: `) for the first problem of a verb's options, in the body's key order (as a person reads it): an unknown
 * option name, or an option of the wrong type. Null when no issue is about one option.
 */
function optionMessage(
  types: Record<string, OptionType>,
  options: unknown,
  issues: readonly Issue[],
  at: readonly PropertyKey[],
): string | null {
  if (!isRecord(options)) return null;
  const depth = at.length;
  const under = issues.filter((i) => i.path.length >= depth && at.every((p, n) => i.path[n] === p));
  const unknown = new Set(
    under.flatMap((i) => (i.code === 'unrecognized_keys' && i.path.length === depth ? i.keys : [])),
  );
  const mistyped = new Set(under.flatMap((i) => (i.path.length > depth ? [String(i.path[depth])] : [])));
  for (const key of Object.keys(options)) {
    if (unknown.has(key)) return `expected options among ${Object.keys(types).join(', ')}, got "${key}"`;
    if (mistyped.has(key))
      return `expected options.${key} to be a ${types[key]}, got ${describeValue(options[key])}`;
  }
  return null;
}

/**
 * A verb's body: `{<text>: string, options?: {…}}` with only the option names of `types`, each of its type; the
 * engine then checks the values. The schema decides; the message names the verb, what was expected and what
 * arrived, the first problem first: the body, extra keys, the text, the options, then each option in order.
 */
function parseVerbBody<O>(
  verb: string,
  textKey: string,
  types: Record<string, OptionType>,
  schema: z.ZodType,
  body: unknown,
): { text: string; options: O } {
  const parsed = schema.safeParse(body);
  if (parsed.success) {
    const value = parsed.data as Record<string, unknown>;
    return { text: value[textKey] as string, options: (value.options ?? {}) as O };
  }
  const issues = parsed.error.issues;
  const fail = (message: string): never => {
    throw new HttpError(400, 'bad_request', `${verb}: ${message}`);
  };
  const shape = `{"${textKey}": string, "options"?: {${Object.keys(types)
    .map((k) => `"${k}"?`)
    .join(', ')}}}`;
  if (!isRecord(body)) return fail(`expected a JSON object ${shape}, got ${describeValue(body)}`);
  const extra = issues.find((i) => i.code === 'unrecognized_keys' && i.path.length === 0);
  if (extra?.code === 'unrecognized_keys')
    return fail(`expected only "${textKey}" and "options", got also ${JSON.stringify(extra.keys)}`);
  if (issues.some((i) => i.path[0] === textKey))
    return fail(`expected "${textKey}" to be a string, got ${describeValue(body[textKey])}`);
  if (!isRecord(body.options))
    return fail(`expected "options" to be an object, got ${describeValue(body.options)}`);
  return fail(optionMessage(types, body.options, issues, ['options']) ?? z.prettifyError(parsed.error));
}

/** POST /v1/ask's body: `{question: string, options?: AskOptions}`. */
export function parseAskBody(body: unknown): { question: string; options: AskOptions } {
  const { text, options } = parseVerbBody<AskOptions>(
    'ask',
    'question',
    ASK_OPTION_TYPES,
    askBodySchema,
    body,
  );
  return { question: text, options };
}

/** POST /v1/timeline's body: `{topic: string, options?: TimelineOptions}`. */
export function parseTimelineBody(body: unknown): { topic: string; options: TimelineOptions } {
  const { text, options } = parseVerbBody<TimelineOptions>(
    'timeline',
    'topic',
    TIMELINE_OPTION_TYPES,
    timelineBodySchema,
    body,
  );
  return { topic: text, options };
}

/**
 * A stored record's body: `shape` decides what the record must hold (its message says so); its options then go
 * through the verb's own check, so they are refused in the verb's words.
 */
function parseStored<T>(
  what: string,
  expected: string,
  shape: z.ZodType<T>,
  body: unknown,
  verbBody: (value: T) => unknown,
): T {
  const parsed = shape.safeParse(body);
  if (!parsed.success)
    throw new HttpError(400, 'bad_request', `${what}: expected ${expected}, got ${describeValue(body)}`);
  verbBody(parsed.data);
  return parsed.data;
}

/** A stored /ask as the buttons need it, without the per-process cache of shown passages. */
export const sharedAskSchema = z.object({
  question: z.string(),
  options: z.looseObject({ k: z.number() }),
  private: z.boolean(),
  userId: z.string(),
});

export type SharedAsk = Omit<z.infer<typeof sharedAskSchema>, 'options'> & {
  options: Omit<AskOptions, 'offset'> & { k: number };
};

export function parseSharedAsk(body: unknown): SharedAsk {
  const expected = '{"question": string, "options": {"k": number, …}, "private": boolean, "userId": string}';
  return parseStored('asks', expected, sharedAskSchema, body, (b) =>
    parseAskBody({ question: b.question, options: b.options }),
  ) as SharedAsk;
}

/** A stored /timeline as its page buttons need it; a shard that lacks the events runs the timeline again. */
export const sharedTimelineSchema = z.object({
  topic: z.string(),
  // Any object, arrays too, as before: the timeline's own check then refuses an array in its words.
  filters: z.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null),
  private: z.boolean(),
  userId: z.string(),
});

export type SharedTimeline = Omit<z.infer<typeof sharedTimelineSchema>, 'filters'> & {
  filters: Omit<TimelineOptions, 'limit'>;
};

export function parseSharedTimeline(body: unknown): SharedTimeline {
  const expected = '{"topic": string, "filters": {…}, "private": boolean, "userId": string}';
  return parseStored('timelines', expected, sharedTimelineSchema, body, (b) =>
    parseTimelineBody({ topic: b.topic, options: b.filters }),
  ) as SharedTimeline;
}

/** POST /v1/cooldowns's body. */
export const cooldownBodySchema = z.object({ user: z.string(), seconds: z.number().min(0).max(3600) });

export type CooldownBody = z.infer<typeof cooldownBodySchema>;

export function parseCooldownBody(body: unknown): CooldownBody {
  return parseStored(
    'cooldowns',
    '{"user": string, "seconds": 0 to 3600}',
    cooldownBodySchema,
    body,
    () => undefined,
  );
}
