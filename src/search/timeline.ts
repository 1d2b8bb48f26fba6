/**
 * A topic's story in date order. The articles considered are those with a passage among the candidates /ask would
 * rank (same filters, same relevance decision) and every article with a passage that names the whole topic in
 * some spelling, however low it ranks ("Mariupol", "Dmytro Kuleba": a place's or a person's every report). An
 * article that names the topic only as a landmark (./landmark.ts) is left out. One event per distinct report
 * (wire copies and near-duplicates merged by ./story.ts), each with its earliest date, every outlet that carried
 * it and the key sentence of the earliest report. docs/time.md has the numbers.
 */
import { splitSentences } from '../chunk/sentences.ts';
import { words } from '../index/tokenize.ts';
import type { AppliedTime, Timeline, TimelineEvent, TimelineOptions } from '../types.ts';
import type { Confidence } from './decision.ts';
import { bestSentence } from './highlight.ts';
import { defaultLandmarkRule, isLandmarkMention, type LandmarkRule } from './landmark.ts';
import type { QueryMatcher } from './match.ts';
import { resolveAskOptions, AskInputError, type ResolvedAskOptions } from './options.ts';
import type { Stories } from './stories.ts';
import { corroboration, relation, type StoryItem } from './story.ts';

/**
 * What a timeline reads from the engine (SearchEngine fits it): the topic ranked and decided under the filters (with
 * the candidates for passages naming it), the stories, the chunks' text and article, the headlines, an article's
 * chunks, and whether a passage names all of the topic.
 * Declared here, not imported from ./engine.ts, which builds its timelines here.
 */
export interface TimelineEngine {
  scoped(
    topic: string,
    opts: ResolvedAskOptions,
    extra: { naming?: boolean },
  ): Promise<{
    confidence: Confidence;
    ranked: readonly { chunk: number; score: number; coverage: number }[];
    notes: string[];
    time: AppliedTime | null;
    considered: number;
    matcher: QueryMatcher;
    naming: number[];
  }>;
  readonly stories: Stories;
  /** Where chunks and headlines are read: the rows `scoped` ranked or named, and every chunk of their articles, are loaded. */
  readonly view: {
    chunk(row: number): { readonly text: string; readonly doc: number };
    document(row: number): { readonly title: string };
  };
  chunksOf(doc: number): readonly number[];
  /** Does the passage itself hold all of the matcher's words? */
  namesAll(chunk: number, matcher: QueryMatcher): boolean;
}

/** Events shown at most by default, and the most a caller may ask for. */
const DEFAULT_TIMELINE_LIMIT = 40;
const MAX_TIMELINE_LIMIT = 100;

/**
 * Candidates a timeline draws from, best first, and the share of the best fused score one must reach: below
 * it, passages are about something else that shares a word with the topic (docs/time.md). Passages that name
 * the whole topic are considered however they rank.
 */
const TIMELINE_CANDIDATES = 120;
export const TIMELINE_SCORE_SHARE = 0.7;

/** What scripts/eval-timeline.ts varies; callers leave both at their defaults. */
export interface TimelineTuning {
  /** Default TIMELINE_SCORE_SHARE. */
  scoreShare: number;
  /** Which mentions are landmarks. Default `defaultLandmarkRule`. */
  landmarks: LandmarkRule;
  /** Consider every passage naming the whole topic, not only the ranked candidates. Default true. */
  naming: boolean;
}

export const defaultTimelineTuning: Readonly<TimelineTuning> = Object.freeze({
  scoreShare: TIMELINE_SCORE_SHARE,
  landmarks: defaultLandmarkRule,
  naming: true,
});

interface Event {
  members: StoryItem[];
}

/**
 * Groups ranked items into events: an item joins the first event whose first member it repeats. One article, one
 * event. At most `limit` events: it stops reading `items` at the first one that would open another (so a lazy
 * iterable is read only as far as the events shown need).
 */
export function groupEvents(
  items: Iterable<StoryItem>,
  cosine: (a: number, b: number) => number,
  sameThing: (a: StoryItem, b: StoryItem, cos: number) => boolean,
  limit = Infinity,
): StoryItem[][] {
  const events: Event[] = [];
  const seenDocs = new Set<number>();
  for (const item of items) {
    if (seenDocs.has(item.doc)) continue;
    seenDocs.add(item.doc);
    const home = events.find((e) => sameThing(e.members[0]!, item, cosine(e.members[0]!.chunk, item.chunk)));
    if (home) home.members.push(item);
    else if (events.length < limit) events.push({ members: [item] });
    else break;
  }
  return events.map((e) => e.members);
}

/** Oldest first, undated last; ties keep the given (rank) order. */
export function byDate<T extends { date: string | null }>(events: readonly T[]): T[] {
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) =>
      (a.e.date ?? '9999') < (b.e.date ?? '9999')
        ? -1
        : (a.e.date ?? '9999') > (b.e.date ?? '9999')
          ? 1
          : a.i - b.i,
    )
    .map((x) => x.e);
}

/** The sentences of a text that name the topic (hold one of its rarest words), with whether each is a landmark. */
function mentions(
  text: string,
  matcher: QueryMatcher,
  rule: LandmarkRule,
): { start: number; landmark: boolean }[] {
  const out: { start: number; landmark: boolean }[] = [];
  for (const span of splitSentences(text)) {
    const sentence = text.slice(span.start, span.end);
    const names = [...new Set(words(sentence).filter((w) => matcher.isRarest(w)))];
    if (names.length > 0)
      out.push({ start: span.start, landmark: names.every((n) => isLandmarkMention(sentence, n, rule)) });
  }
  return out;
}

/**
 * How an article names the topic, over its headline and every passage: how many sentences name it, and which of
 * its chunks do so other than as a landmark (-1: the headline). An article with mentions, all landmarks, is left out.
 */
function articleMentions(
  engine: TimelineEngine,
  doc: number,
  matcher: QueryMatcher,
  rule: LandmarkRule,
): { count: number; reporting: number[] } {
  const title = mentions(engine.view.document(doc).title, matcher, rule);
  let count = title.length;
  const reporting = title.some((m) => !m.landmark) ? [-1] : [];
  for (const chunk of engine.chunksOf(doc)) {
    const found = mentions(engine.view.chunk(chunk).text, matcher, rule);
    count += found.length;
    if (found.some((m) => !m.landmark)) reporting.push(chunk);
  }
  return { count, reporting };
}

/** Said when more reporting on the topic exists than the events shown. */
export function fullNote(limit: number): string {
  return `More articles report on this than the ${limit} events shown (the most relevant): narrow it with a date range or an outlet${limit < MAX_TIMELINE_LIMIT ? `, or ask for up to ${MAX_TIMELINE_LIMIT} events` : ''}.`;
}

/** Does the article name the topic, and only ever as a landmark (headline and every passage)? For measuring the rule. */
export function landmarkOnly(
  engine: TimelineEngine,
  doc: number,
  matcher: QueryMatcher,
  rule: LandmarkRule = defaultLandmarkRule,
): boolean {
  const m = articleMentions(engine, doc, matcher, rule);
  return m.count > 0 && m.reporting.length === 0;
}

/** `tuning` is for scripts/eval-timeline.ts, which measures other values; callers leave it out. */
export async function buildTimeline(
  engine: TimelineEngine,
  topic: string,
  options: TimelineOptions = {},
  tuning: Partial<TimelineTuning> = {},
): Promise<Timeline> {
  const { scoreShare, landmarks, naming: byName } = { ...defaultTimelineTuning, ...tuning };
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
  const scoped = await engine.scoped(topic, opts, { naming: byName });
  const base = { topic, notes: scoped.notes, time: scoped.time, articlesConsidered: scoped.considered };
  const none = { ...base, confidence: 'none' as const, events: [] };
  const ranked = scoped.confidence === 'none' ? [] : scoped.ranked;
  if (ranked.length === 0 && scoped.naming.length === 0) return none;

  // Candidates best first, then the passages naming the topic that ranking left out (those whose passage itself
  // names all of it); each article once, by the first of its chunks here that names the topic other than as a
  // landmark (else its first such chunk anywhere, else the chunk that brought it here). Read lazily: only as far
  // as the events shown need.
  const floor = (ranked[0]?.score ?? 0) * scoreShare;
  const candidates = ranked.slice(0, TIMELINE_CANDIDATES).filter((r) => r.score >= floor);
  const pool = candidates.map((r) => r.chunk);
  const order = [...pool, ...scoped.naming];
  const position = new Map<number, number>();
  order.forEach((c, i) => {
    if (!position.has(c)) position.set(c, i);
  });
  const { stories } = engine;
  let named = false;
  let exhausted = false;
  function* articles(): Generator<StoryItem> {
    const seen = new Set<number>();
    for (let i = 0; i < order.length; i++) {
      const chunk = order[i]!;
      const doc = engine.view.chunk(chunk).doc;
      if (seen.has(doc)) continue;
      const byName = i >= pool.length;
      if (byName && !engine.namesAll(chunk, scoped.matcher)) continue;
      seen.add(doc);
      const m = articleMentions(engine, doc, scoped.matcher, landmarks);
      if (m.count > 0 && m.reporting.length === 0) continue;
      const reporting = m.reporting
        .filter((c) => position.has(c))
        .sort((a, b) => position.get(a)! - position.get(b)!);
      // Passages that name the whole topic are the reporting on it, as a bare topic's are in /ask.
      named ||= byName || candidates[i]!.coverage >= 1 - 1e-9;
      yield stories.item(
        m.count === 0 || m.reporting.includes(chunk)
          ? chunk
          : (reporting[0] ?? m.reporting.find((c) => c >= 0) ?? chunk),
      );
    }
    exhausted = true;
  }
  const rule = stories.rule;
  const groups = groupEvents(
    articles(),
    (a, b) => stories.similarity(a, b),
    (a, b, cos) => relation(a, b, cos, rule) === 'same-thing',
    limit,
  );
  if (groups.length === 0) return none;
  const events: TimelineEvent[] = groups.map((members) => {
    const dated = byDate(members.map((m) => ({ m, date: m.citation.date })));
    const first = dated[0]!.m;
    const text = engine.view.chunk(first.chunk).text;
    // A sentence that names the topic only as a landmark is quoted only when nothing else in the passage will do.
    const landmarkAt = new Set(
      mentions(text, scoped.matcher, landmarks)
        .filter((m) => m.landmark)
        .map((m) => m.start),
    );
    const others = dated.slice(1).map((d) => d.m.citation);
    return {
      date: first.citation.date,
      sentence: bestSentence(text, scoped.matcher, (offset) => (landmarkAt.has(offset) ? -1 : 0)).text.trim(),
      citation: first.citation,
      alsoReportedBy: others,
      corroboration: corroboration(first.citation, others),
    };
  });
  const confidence = named ? 'answer' : scoped.confidence;
  const notes = exhausted ? base.notes : [...base.notes, fullNote(limit)];
  return { ...base, notes, confidence, events: byDate(events) };
}
