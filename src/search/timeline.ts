/**
 * A topic's story in date order: the candidates /ask would rank for it (same filters, same relevance
 * decision), one event per distinct report (wire copies and near-duplicates merged by ./story.ts), each with
 * its earliest date, every outlet that carried it and the key sentence of the earliest report.
 */
import type { AppliedTime, Timeline, TimelineEvent, TimelineOptions } from '../types.ts';
import type { Confidence } from './decision.ts';
import { bestSentence } from './highlight.ts';
import type { QueryMatcher } from './match.ts';
import { resolveAskOptions, AskInputError, type ResolvedAskOptions } from './options.ts';
import type { Stories } from './stories.ts';
import { corroboration, relation, type StoryItem } from './story.ts';

/**
 * What a timeline reads from the engine (SearchEngine fits it): the topic ranked and decided under the filters, the
 * stories, and the chunks' text. Declared here, not imported from ./engine.ts, which builds its timelines here.
 */
export interface TimelineEngine {
  scoped(
    topic: string,
    opts: ResolvedAskOptions,
  ): Promise<{
    confidence: Confidence;
    ranked: readonly { chunk: number; score: number }[];
    notes: string[];
    time: AppliedTime | null;
    considered: number;
    matcher: QueryMatcher;
  }>;
  readonly stories: Stories;
  readonly data: { readonly chunks: readonly { readonly text: string }[] };
}

/** Events shown at most by default, and the most a caller may ask for. */
export const DEFAULT_TIMELINE_LIMIT = 40;
export const MAX_TIMELINE_LIMIT = 100;

/**
 * Candidates a timeline draws from, best first, and the share of the best fused score one must reach: below
 * it, passages are about something else that shares a word with the topic (docs/time.md).
 */
export const TIMELINE_CANDIDATES = 120;
export const TIMELINE_SCORE_SHARE = 0.7;

interface Event {
  members: StoryItem[];
}

/** Groups ranked items into events: an item joins the first event whose first member it repeats. One article, one event. */
export function groupEvents(
  items: readonly StoryItem[],
  cosine: (a: number, b: number) => number,
  sameThing: (a: StoryItem, b: StoryItem, cos: number) => boolean,
): StoryItem[][] {
  const events: Event[] = [];
  const seenDocs = new Set<number>();
  for (const item of items) {
    if (seenDocs.has(item.doc)) continue;
    seenDocs.add(item.doc);
    const home = events.find((e) => sameThing(e.members[0]!, item, cosine(e.members[0]!.chunk, item.chunk)));
    if (home) home.members.push(item);
    else events.push({ members: [item] });
  }
  return events.map((e) => e.members);
}

/** Oldest first, undated last; ties keep the given (rank) order. */
export function byDate<T extends { date: string | null }>(events: readonly T[]): T[] {
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.date ?? '9999') < (b.e.date ?? '9999') ? -1 : (a.e.date ?? '9999') > (b.e.date ?? '9999') ? 1 : a.i - b.i)
    .map((x) => x.e);
}

/** `scoreShare` is TIMELINE_SCORE_SHARE except when scripts/eval-timeline.ts measures other values. */
export async function buildTimeline(
  engine: TimelineEngine,
  topic: string,
  options: TimelineOptions = {},
  scoreShare = TIMELINE_SCORE_SHARE,
): Promise<Timeline> {
  const limit = options.limit ?? DEFAULT_TIMELINE_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TIMELINE_LIMIT) {
    throw new AskInputError(`limit: expected an integer from 1 to ${MAX_TIMELINE_LIMIT}, got ${limit}`);
  }
  const { source, after, before, excludeSources } = options;
  const opts = resolveAskOptions(topic, {
    ...(source ? { source } : {}),
    ...(after ? { after } : {}),
    ...(before ? { before } : {}),
    ...(excludeSources ? { excludeSources } : {}),
  });
  const scoped = await engine.scoped(topic, opts);
  const base = { topic, notes: scoped.notes, time: scoped.time, articlesConsidered: scoped.considered };
  if (scoped.confidence === 'none' || scoped.ranked.length === 0) return { ...base, confidence: 'none', events: [] };
  const floor = scoped.ranked[0]!.score * scoreShare;
  const pool = scoped.ranked.slice(0, TIMELINE_CANDIDATES).filter((r) => r.score >= floor);
  const { stories } = engine;
  const rule = stories.rule;
  const groups = groupEvents(
    pool.map((r) => stories.item(r.chunk)),
    (a, b) => stories.similarity(a, b),
    (a, b, cos) => relation(a, b, cos, rule) === 'same-thing',
  ).slice(0, limit);
  const events: TimelineEvent[] = groups.map((members) => {
    const dated = byDate(members.map((m) => ({ m, date: m.citation.date })));
    const first = dated[0]!.m;
    const text = engine.data.chunks[first.chunk]!.text;
    const others = dated.slice(1).map((d) => d.m.citation);
    return {
      date: first.citation.date,
      sentence: bestSentence(text, scoped.matcher).text.trim(),
      citation: first.citation,
      alsoReportedBy: others,
      corroboration: corroboration(first.citation, others),
    };
  });
  return { ...base, confidence: scoped.confidence, events: byDate(events) };
}
