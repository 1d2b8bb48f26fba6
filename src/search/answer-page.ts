/**
 * One page of an answer from the ranked candidates the decision lets show: wire copies folded together, sentences
 * shown once (./page.ts), each passage cited with its story's corroboration and highlighted (by the reader too,
 * when one runs), and the note that they all come from one outlet when that informs.
 */
import type { Reader } from '../read/reader.ts';
import type { Passage } from '../types.ts';
import type { IndexView } from './index-view.ts';
import type { QueryMatcher } from './match.ts';
import { pageSpans } from './page.ts';
import { type CopyGroup, oneOutletNote, passageOf, sentenceBonuses } from './passages.ts';
import type { Stories } from './stories.ts';

/** Groups kept beyond the page for passages the page leaves out (see ./page.ts). */
const PAGE_SPARE = 5;

/** What a page reads of the engine (SearchEngine supplies it). */
export interface PageSource {
  readonly view: Pick<IndexView, 'chunk' | 'document' | 'windowStart' | 'windowEnd' | 'dot'>;
  readonly stories: Pick<Stories, 'notes'>;
  /** Folds wire copies among `ranked` into at most `limit` groups (as SearchEngine.mergeDuplicates). */
  merge<R extends { chunk: number }>(
    ranked: readonly R[],
    limit: number,
  ): { groups: CopyGroup<R>[]; more: boolean };
}

/**
 * The passages ranked `offset + 1` to `offset + k` among `shown` (best first), whether more follow, and the
 * one-outlet note (empty when it does not inform). `highlight`: the reader whose say in each highlight is `weight`.
 */
export async function answerPage(
  source: PageSource,
  shown: readonly { chunk: number; score: number; coverage: number }[],
  opts: { offset: number; k: number; source: string | null },
  query: { question: string; matcher: QueryMatcher; vector: Float32Array },
  highlight: { reader: Reader | null; weight: number },
): Promise<{ passages: Passage[]; hasMore: boolean; notes: string[] }> {
  const { view } = source;
  // A few spare groups, in case the page drops some whose sentences were all shown already.
  const wanted = opts.offset + opts.k;
  const { groups, more } = source.merge(shown, wanted + PAGE_SPARE);
  const spans = pageSpans(groups.map((g) => ({ text: view.chunk(g.best.chunk).text })));
  const kept = groups.flatMap((group, i) => (spans[i] ? [{ group, span: spans[i] }] : []));
  const page = kept.slice(opts.offset, wanted);
  const stories = source.stories.notes(
    page.map((m) => m.group),
    shown,
  );
  const sentenceBonus = await sentenceBonuses(
    highlight.reader,
    highlight.weight,
    query.question,
    page.map((m) => view.chunk(m.group.best.chunk).text.slice(m.span.start, m.span.end)),
  );
  const passages = page.map((m, i) =>
    passageOf(
      view,
      m.group,
      m.span,
      opts.offset + i + 1,
      query.matcher,
      query.vector,
      stories[i]!,
      sentenceBonus[i],
    ),
  );
  return {
    passages,
    hasMore: kept.length > wanted || more,
    notes: oneOutletNote(view, shown, passages, opts.source),
  };
}
