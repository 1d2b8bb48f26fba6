/**
 * The shown passages, assembled: candidates that repeat each other (wire copy) folded into one group, each group's
 * passage with its highlight, citation, copies and corroboration, the reader's say in the highlight, and the note
 * when every passage comes from one outlet. Functions of the index view; the engine decides what to show.
 */
import { splitSentences } from '../chunk/sentences.ts';
import type { DocumentRecord } from '../index/manifest.ts';
import type { Reader } from '../read/reader.ts';
import type { Citation, Passage } from '../types.ts';
import { type ChunkFeatures, keyContainment } from './chunk-features.ts';
import { bestSentence } from './highlight.ts';
import type { IndexView } from './index-view.ts';
import type { QueryMatcher } from './match.ts';
import type { PageSpan } from './page.ts';
import { readerProbability } from './reading.ts';
import type { StoryNote } from './story.ts';

/** A shown candidate and the copies of it from other articles (scores as ranked). */
export interface CopyGroup<R extends { chunk: number }> {
  best: R;
  copies: R[];
}

/** What a passage reads of the generation: its chunk, article and window vectors (all loaded). */
type PassageView = Pick<IndexView, 'chunk' | 'document' | 'windowStart' | 'windowEnd' | 'dot'>;

export function citationOf(d: DocumentRecord): Citation {
  return { id: d.id, title: d.title, source: d.source, date: d.date, url: d.url, path: d.path };
}

/**
 * Folds passages that repeat a better-ranked one from another article (wire copy) into it, keeping at most
 * `limit` groups; every later candidate is still checked as a copy of those. `more` tells whether a
 * distinct passage was left out. `threshold`: the shingle containment above which two passages are one.
 */
export function mergeCopies<R extends { chunk: number }>(
  view: Pick<IndexView, 'chunk'>,
  features: ChunkFeatures,
  threshold: number,
  ranked: readonly R[],
  limit: number,
): { groups: CopyGroup<R>[]; more: boolean } {
  const groups: (CopyGroup<R> & { sh: Float64Array })[] = [];
  let more = false;
  for (const r of ranked) {
    const chunk = view.chunk(r.chunk);
    const sh = features.get(r.chunk).shingles;
    const home = groups.find((g) => {
      if (view.chunk(g.best.chunk).doc === chunk.doc) return false;
      return keyContainment(sh, g.sh) >= threshold || keyContainment(g.sh, sh) >= threshold;
    });
    if (home) {
      if (!home.copies.some((c) => view.chunk(c.chunk).doc === chunk.doc)) home.copies.push(r);
    } else if (groups.length < limit) groups.push({ best: r, copies: [], sh });
    else more = true;
  }
  return { groups, more };
}

/**
 * One shown passage: the `span` of the group's best chunk, its highlight (the idf rule, the window's vector and
 * `sentenceBonus` by sentence offset), its citation and those of its copies, and what the stories say of it.
 */
export function passageOf(
  view: PassageView,
  group: CopyGroup<{ chunk: number; score: number }>,
  span: PageSpan,
  rank: number,
  matcher: QueryMatcher,
  q: Float32Array,
  story: StoryNote,
  sentenceBonus: (offset: number) => number = () => 0,
): Passage {
  const chunk = view.chunk(group.best.chunk);
  const doc = view.document(chunk.doc);
  const text = chunk.text.slice(span.start, span.end);
  // What the model thinks of the window around a sentence breaks ties and rescues paraphrases; with one
  // vector per chunk (bge) it is the same for every sentence and changes nothing.
  const windowSim = (offset: number): number => {
    const at = chunk.start + span.start + offset;
    const row = chunk.windows.find((w) => view.windowStart(w) <= at && at < view.windowEnd(w));
    return row === undefined ? 0 : 0.3 * view.dot(q, row);
  };
  const h = bestSentence(text, matcher, (offset) => windowSim(offset) + sentenceBonus(offset));
  return {
    rank,
    score: Math.round(group.best.score * 1000) / 1000,
    text,
    highlight: h.text,
    highlightStart: h.start,
    highlightEnd: h.end,
    start: chunk.start + span.start,
    end: chunk.start + span.end,
    chunkId: `${doc.id}#${chunk.ordinal}`,
    citation: citationOf(doc),
    alsoReportedBy: group.copies.map((c) => citationOf(view.document(view.chunk(c.chunk).doc))),
    corroboration: story.corroboration,
    newer: story.newer,
  };
}

/**
 * The reader's say in each shown passage's highlight: `weight` times its probability that the sentence answers,
 * by the sentence's offset in the passage. One reader call for every sentence on the page; none (empty bonuses)
 * without a reader or a weight.
 */
export async function sentenceBonuses(
  reader: Reader | null,
  weight: number,
  question: string,
  texts: readonly string[],
): Promise<((offset: number) => number)[]> {
  if (!reader || weight <= 0 || texts.length === 0) return texts.map(() => () => 0);
  const spans = texts.map((t) => splitSentences(t));
  const sentences = spans.flatMap((ss, i) => ss.map((s) => texts[i]!.slice(s.start, s.end)));
  const logits = await reader.score(question, sentences);
  let at = 0;
  return spans.map((ss) => {
    const byOffset = new Map(ss.map((s) => [s.start, weight * readerProbability(logits[at++]!)]));
    return (offset: number) => byOffset.get(offset) ?? 0;
  });
}

/**
 * The note that the passages all come from one outlet, said only when it informs: other outlets report on the
 * topic (a candidate in `shown` holding at least half the question's words that the best one holds), and the
 * user did not pick one outlet (`source`). Empty, or the one note.
 */
export function oneOutletNote(
  view: Pick<IndexView, 'chunk' | 'document'>,
  shown: readonly { chunk: number; coverage: number }[],
  passages: readonly Passage[],
  source: string | null,
): string[] {
  const outlets = new Set(passages.map((p) => p.citation.source ?? p.citation.path));
  const bar = 0.5 * Math.max(0, ...shown.map((r) => r.coverage));
  const onTopic = new Set(
    shown
      .filter((r) => r.coverage > 0 && r.coverage >= bar)
      .map((r) => {
        const d = view.document(view.chunk(r.chunk).doc);
        return d.source ?? d.path;
      }),
  );
  return source === null &&
    onTopic.size > 1 &&
    passages.length > 1 &&
    outlets.size === 1 &&
    passages.every((p) => p.corroboration.outlets === 1)
    ? [
        `The best passages all come from one outlet (${passages[0]!.citation.source ?? 'unknown'}); no other outlet among them reports the same.`,
      ]
    : [];
}
