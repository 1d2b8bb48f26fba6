/**
 * What each route of the search service answers, as schemas shared by the routes (./routes.ts, which answer
 * with the inferred types) and the client (./client.ts, which checks every answer before using it), so a
 * service of another version or a proxy's page is a clear error instead of a crash further on. The engine's
 * answers (Answer, Timeline, …) keep their types in src/types.ts; their schemas check the fields a reader of
 * them relies on first, and let the rest through as sent.
 */
import { z } from 'zod';
import type { CooldownVerdict } from '../session/cooldowns.ts';
import type { Answer, CorpusStats, DocumentInfo, Timeline } from '../types.ts';
import {
  describeValue,
  type SharedAsk,
  sharedAskSchema,
  type SharedTimeline,
  sharedTimelineSchema,
} from './protocol.ts';

const confidence = z.enum(['answer', 'related', 'none']);

const answerSchema = z.looseObject({
  question: z.string(),
  answered: z.boolean(),
  confidence,
  notes: z.array(z.string()),
  passages: z.array(z.looseObject({ citation: z.looseObject({}) })),
  hasMore: z.boolean(),
});

const timelineSchema = z.looseObject({
  topic: z.string(),
  confidence,
  notes: z.array(z.string()),
  events: z.array(z.looseObject({ citation: z.looseObject({}) })),
});

const documentsSchema = z.array(z.looseObject({ id: z.string(), title: z.string() }));

const statsSchema = z.looseObject({
  articles: z.number(),
  chunks: z.number(),
  outlets: z.array(z.looseObject({ source: z.string(), articles: z.number() })),
});

/** GET /v1/health: liveness, without the token. */
const healthSchema = z.object({ ok: z.boolean(), generation: z.string(), engines: z.number() });
export type Health = z.infer<typeof healthSchema>;

/** GET /v1/ready when ready (else a 503 with the reason). */
const readySchema = z.object({ ready: z.literal(true), generation: z.string(), engines: z.number() });
export type Ready = z.infer<typeof readySchema>;

/** POST /v1/asks and /v1/timelines: the id the record is kept under. */
const savedSchema = z.object({ id: z.string() });
export type Saved = z.infer<typeof savedSchema>;

/** POST /v1/cooldowns. */
const cooldownVerdictSchema = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), retryAt: z.number(), retryInSeconds: z.number() }),
]) satisfies z.ZodType<CooldownVerdict>;

/** A route's answer: its schema, how a message names what was expected, and the type the client returns. */
export interface RouteResponse<T> {
  schema: z.ZodType;
  expected: string;
  /** Only for the type: what a checked answer is. */
  type?: T;
}

const response = <T>(schema: z.ZodType, expected: string): RouteResponse<T> => ({ schema, expected });

export const RESPONSES = {
  ask: response<Answer>(answerSchema, 'an answer {"question", "answered", "confidence", "passages", …}'),
  timeline: response<Timeline>(timelineSchema, 'a timeline {"topic", "confidence", "events", …}'),
  documents: response<DocumentInfo[]>(documentsSchema, 'an array of documents [{"id", "title", …}]'),
  stats: response<CorpusStats>(statsSchema, 'corpus stats {"articles", "chunks", "outlets", …}'),
  health: response<Health>(healthSchema, '{"ok": boolean, "generation": string, "engines": number}'),
  ready: response<Ready>(readySchema, '{"ready": true, "generation": string, "engines": number}'),
  saved: response<Saved>(savedSchema, '{"id": string}'),
  sharedAsk: response<SharedAsk>(sharedAskSchema, 'a stored ask'),
  sharedTimeline: response<SharedTimeline>(sharedTimelineSchema, 'a stored timeline'),
  cooldown: response<CooldownVerdict>(
    cooldownVerdictSchema,
    '{"ok": true} or {"ok": false, "retryAt": number, "retryInSeconds": number}',
  ),
} as const;

/**
 * What arrived instead of `response`, for a message: the first field that does not fit and a short, safe
 * description of its value (never the whole body). Null when it fits.
 */
export function misfit(response: RouteResponse<unknown>, body: unknown): string | null {
  const parsed = response.schema.safeParse(body);
  if (parsed.success) return null;
  const path = parsed.error.issues[0]?.path ?? [];
  let at: unknown = body;
  for (const key of path) at = (at as Record<PropertyKey, unknown> | undefined)?.[key];
  return path.length === 0 ? describeValue(body) : `${path.map(String).join('.')}: ${describeValue(at)}`;
}

/** A refusal's body as a client reads it: each field optional, so a refusal from a proxy still says its status. */
const refusalSchema = z.object({
  error: z.object({
    code: z.string().optional().catch(undefined),
    message: z.string().optional().catch(undefined),
  }),
});

export function readRefusal(body: unknown): { code?: string | undefined; message?: string | undefined } {
  const parsed = refusalSchema.safeParse(body);
  return parsed.success ? parsed.data.error : {};
}
