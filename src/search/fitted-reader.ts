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
          "denseTop": 4.2905,
          "denseMax": 1.6604,
          "denseSpread": 9.9672,
          "denseLift": 3.6479,
          "coverageMax": 0.9153,
          "focusMax": -0.0287,
          "lexicalShare": -0.0244,
          "rarest": 0.7098,
          "unknownShare": 1.571,
          "readerTop": 1.3632,
          "readerMax": 1.3632,
          "readerGap": 2.4882
        },
        "bias": -8.3258,
        "threshold": 0.34
      },
      "related": {
        "weights": {
          "denseTop": 6.0673,
          "denseMax": 8.838,
          "denseSpread": -2.3325,
          "denseLift": 4.047,
          "coverageMax": -0.576,
          "focusMax": 0.0515,
          "lexicalShare": -2.4606,
          "rarest": -0.7295,
          "unknownShare": 0.7157,
          "readerTop": 1.6179,
          "readerMax": 1.6179,
          "readerGap": 1.3837
        },
        "bias": -7.9162,
        "threshold": 0.34
      }
    },
    "highlight": 0
  }
});
