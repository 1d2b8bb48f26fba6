/**
 * Written by `npm run fit:reader` (src/eval/fit/reader-fit.ts): do not edit by hand. One entry per embedding
 * model and reader: how deep the reader reads, how its score blends with the engine's, and the decision that
 * sees it. The data and held-out numbers are in docs/reader.md.
 */
import type { DecisionParams } from './decision.ts';
import type { ReaderBlend } from './reading.ts';
import { modelKey } from './tuning.ts';

export interface ReaderFit {
  blend: ReaderBlend;
  decision: DecisionParams;
  /** Weight of the reader's sentence probability in the highlight choice (0: the idf rule alone). */
  highlight?: number;
}

export const fittedReader: Readonly<Record<string, ReaderFit>> = Object.freeze({});

/** `cross-encoder:<id>:<dtype>:<tokens>` → the reader's short name (the id's last part). */
export function readerKey(readerId: string): string {
  const id = readerId.split(':')[1] ?? readerId;
  return id.split(/[/\\]/).filter(Boolean).at(-1) ?? id;
}

/** What was fit for this embedder with this reader, or null. */
export function readerFitFor(embedderId: string, readerId: string): ReaderFit | null {
  return fittedReader[`${modelKey(embedderId)}+${readerKey(readerId)}`] ?? null;
}
