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
          "denseTop": 4.2935,
          "denseMax": 1.161,
          "denseSpread": 10.834,
          "denseLift": 4.5274,
          "coverageMax": 1.458,
          "focusMax": -0.2614,
          "lexicalShare": -0.0172,
          "rarest": 0.6157,
          "unknownShare": 1.5462,
          "readerTop": 1.294,
          "readerMax": 1.294,
          "readerGap": 2.3364
        },
        "bias": -8.1774,
        "threshold": 0.36
      },
      "related": {
        "weights": {
          "denseTop": 7.9506,
          "denseMax": 8.6523,
          "denseSpread": -2.4567,
          "denseLift": 2.3222,
          "coverageMax": -0.5002,
          "focusMax": -0.3571,
          "lexicalShare": -1.56,
          "rarest": -0.6088,
          "unknownShare": 0.544,
          "readerTop": 1.6381,
          "readerMax": 1.6381,
          "readerGap": 0.6996
        },
        "bias": -8.5504,
        "threshold": 0.41
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
