/**
 * What `SearchEngine.documents()` and `stats()` say about the loaded generation: its articles as citations, and
 * its size, outlets, dates and provenance. Pure reads of the view; the engine only forwards them.
 */
import { corpusOf } from '../index/corpus.ts';
import type { CorpusStats, DocumentInfo } from '../types.ts';
import type { IndexView } from './index-view.ts';
import { citationOf } from './passages.ts';

/** Every article, in row order, as a citation with its size. */
export async function documentsOf(view: Pick<IndexView, 'documents'>): Promise<DocumentInfo[]> {
  return (await view.documents()).map((d) => ({
    ...citationOf(d),
    chunks: d.chunkCount,
    characters: d.characters,
  }));
}

/** The generation's counts, its outlets most articles first (those without a name pooled as "unknown outlet"), dates and origin. */
export function corpusStats(view: Pick<IndexView, 'manifest' | 'outlets' | 'span'>): CorpusStats {
  const { manifest } = view;
  const outlets = new Map<string, number>();
  for (const o of view.outlets())
    outlets.set(o.source ?? 'unknown outlet', (outlets.get(o.source ?? 'unknown outlet') ?? 0) + o.articles);
  const span = view.span();
  return {
    articles: manifest.counts.documents,
    chunks: manifest.counts.chunks,
    outlets: [...outlets]
      .map(([source, articles]) => ({ source, articles }))
      .sort((a, b) => b.articles - a.articles || a.source.localeCompare(b.source)),
    firstDate: span?.first ?? null,
    lastDate: span?.last ?? null,
    indexedAt: manifest.createdAt,
    corpus: corpusOf(manifest),
    embedder: manifest.embedder.id,
  };
}
