/**
 * Written by `npm run fit:reader` (src/eval/fit/reader-fit.ts) and, for `highlight`, by `npm run eval:highlight --
 * --write`: do not edit by hand. One entry per embedding model and reader (`<model>+<reader>`, see readerFitFor in
 * ./tuning.ts): how deep the reader reads, how its score blends with the engine's, the decision that sees it, and
 * its say in the highlighted sentence. The data and held-out numbers are in docs/reader.md and docs/benchmarks.md.
 */
import type { ReaderFit } from './fitted-types.ts';

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
    "highlight": 1
  }
});
