/**
 * "What happened on <date>?" with no topic: the main stories of the range the question names, one passage (the
 * lead) per article, wire copies merged, the most widely reported first (./question-kind.ts says when a question
 * is one). Nothing is ranked against the question's words: there are none but the date.
 */
import type { Answer } from '../types.ts';
import type { IndexView } from './index-view.ts';
import { docFilterFor } from './filters.ts';
import { QueryMatcher } from './match.ts';
import type { ResolvedAskOptions } from './options.ts';
import { type CopyGroup, passageOf } from './passages.ts';
import { rangeNote, timeScope } from './scope.ts';
import type { Stories } from './stories.ts';

/** What a digest reads of the engine (SearchEngine supplies it). */
export interface DigestSource {
  readonly view: Pick<
    IndexView,
    | 'span'
    | 'outlets'
    | 'leads'
    | 'load'
    | 'countDocuments'
    | 'chunk'
    | 'document'
    | 'windowStart'
    | 'windowEnd'
    | 'dot'
  >;
  readonly stories: Pick<Stories, 'notes'>;
  /** Folds wire copies among `ranked` into at most `limit` groups (as SearchEngine.mergeDuplicates). */
  merge<R extends { chunk: number }>(ranked: readonly R[], limit: number): { groups: CopyGroup<R>[] };
  /** Width of the question vector; a digest highlights with a zero one (it has no question text to embed). */
  readonly dimensions: number;
}

/**
 * The digest answer, or null when the question's range cannot be applied (the options set their own dates, or
 * nothing was published then): it is then asked as usual.
 */
export async function digest(
  source: DigestSource,
  question: string,
  opts: ResolvedAskOptions,
): Promise<Answer | null> {
  const { view, stories } = source;
  const span = view.span();
  if (!span) return null;
  const scope = timeScope(question, opts, span);
  const time = scope.time;
  if (!time || time.source !== 'question' || (time.after === null && time.before === null)) return null;
  const filter = docFilterFor(view, { ...opts, after: time.after, before: time.before });
  const rows = await view.leads(filter);
  if (rows.length === 0) return null;
  await view.load(rows);
  // Scoreless: a lead's score on the page is its story's share of the most outlets any story has.
  const leads = rows.map((chunk) => ({ chunk, score: 0 }));
  const { groups } = source.merge(leads, leads.length);
  const notes = stories.notes(groups, leads);
  const dateOf = (chunk: number) => view.document(view.chunk(chunk).doc).date;
  const order = groups
    .map((group, i) => ({ group, note: notes[i]!, date: dateOf(group.best.chunk) ?? '' }))
    .sort(
      (a, b) =>
        b.note.corroboration.outlets - a.note.corroboration.outlets ||
        b.group.copies.length - a.group.copies.length ||
        b.date.localeCompare(a.date) ||
        a.group.best.chunk - b.group.best.chunk,
    );
  const most = Math.max(1, ...order.map((o) => o.note.corroboration.outlets));
  const page = order.slice(opts.offset, opts.offset + opts.k);
  const matcher = new QueryMatcher([]);
  const q = new Float32Array(source.dimensions);
  const passages = page.map((o, i) => {
    const chunk = view.chunk(o.group.best.chunk);
    const best = { ...o.group.best, score: o.note.corroboration.outlets / most };
    return passageOf(
      view,
      { ...o.group, best },
      { start: 0, end: chunk.text.length },
      opts.offset + i + 1,
      matcher,
      q,
      o.note,
    );
  });
  return {
    question,
    answered: passages.length > 0,
    confidence: passages.length > 0 ? 'answer' : 'none',
    notes: [
      ...scope.notes,
      `Read as the news of ${rangeNote(scope.label!).replace(/^Articles from /, '')}: the main stories, the most widely reported first (one passage per story).`,
    ],
    time,
    passages,
    hasMore: order.length > opts.offset + opts.k,
    articlesConsidered: await view.countDocuments(filter),
  };
}
