/**
 * The part of an index view that builds answer pages (src/search/answer-page.ts, digest.ts), over plain arrays:
 * chunk `row` is `texts[row]`, the one chunk of article `docs[row]`; no windows, no vectors.
 */
import type { DocumentRecord } from '../../src/index/manifest.ts';
import type { StoredChunk } from '../../src/index/store.ts';

export function pageView(texts: readonly string[], docs: readonly DocumentRecord[]) {
  return {
    chunk: (row: number) =>
      ({ text: texts[row]!, doc: row, start: 0, ordinal: 0, windows: [] }) as unknown as StoredChunk,
    document: (row: number) => docs[row]!,
    windowStart: () => 0,
    windowEnd: () => 0,
    dot: () => 0,
  };
}
