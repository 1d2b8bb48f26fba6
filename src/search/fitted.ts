/**
 * Written by `npm run fit` (src/eval/fit/): do not edit by hand. One entry per embedding model, since each
 * model's similarities live on their own scale; the data and held-out numbers are in docs/decision/<model>.md.
 * These starting values are placeholders until the first fit of each model is run.
 */
import type { FittedParams } from './tuning.ts';

export const fitted: Readonly<Record<string, FittedParams>> = Object.freeze({
  'bge-small-en-v1.5': {
    fusion: { lexical: 0.3, dense: 0.5, coverage: 0.2 },
    decision: {
      answer: {
        weights: { denseTop: 6, denseMax: 6, denseSpread: 2, coverageMax: 3, focusMax: 2, lexicalShare: 2, rarest: 1, unknownShare: -3 },
        bias: -13,
        threshold: 0.5,
      },
      related: {
        weights: { denseTop: 6, denseMax: 6, denseSpread: 1, coverageMax: 2, focusMax: 1, lexicalShare: 1, rarest: 1, unknownShare: -2 },
        bias: -11,
        threshold: 0.5,
      },
    },
  },
});
