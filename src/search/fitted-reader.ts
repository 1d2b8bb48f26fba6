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

export const fittedReader: Readonly<Record<string, ReaderFit>> = Object.freeze({
  "bge-small-en-v1.5+ms-marco-MiniLM-L-12-v2": {
    "blend": {
      "depth": 5,
      "weight": 1
    },
    "decision": {
      "answer": {
        "weights": {
          "denseTop": 6.0703,
          "denseMax": 1.9135,
          "denseSpread": 12.9622,
          "denseLift": 4.0658,
          "coverageMax": 1.7097,
          "focusMax": -0.1062,
          "lexicalShare": 0.553,
          "rarest": 0.817,
          "unknownShare": 1.6291,
          "readerTop": 1.2473,
          "readerMax": 1.2473,
          "readerGap": 1.0507
        },
        "bias": -11.4518,
        "threshold": 0.42
      },
      "related": {
        "weights": {
          "denseTop": 9.6644,
          "denseMax": 10.3516,
          "denseSpread": -2.4696,
          "denseLift": 1.5618,
          "coverageMax": -0.2515,
          "focusMax": -0.3747,
          "lexicalShare": -1.482,
          "rarest": -0.5527,
          "unknownShare": 0.2231,
          "readerTop": 1.7835,
          "readerMax": 1.7835,
          "readerGap": 1.3523
        },
        "bias": -12.7425,
        "threshold": 0.47
      }
    },
    "highlight": 0
  }
});

/** `cross-encoder:<id>:<dtype>:<tokens>` → the reader's short name (the id's last part). */
export function readerKey(readerId: string): string {
  const id = readerId.split(':')[1] ?? readerId;
  return id.split(/[/\\]/).filter(Boolean).at(-1) ?? id;
}

/** What was fit for this embedder with this reader, or null. */
export function readerFitFor(embedderId: string, readerId: string): ReaderFit | null {
  return fittedReader[`${modelKey(embedderId)}+${readerKey(readerId)}`] ?? null;
}
