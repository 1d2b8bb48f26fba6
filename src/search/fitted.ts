/**
 * Written by `npm run fit` (src/eval/fit/): do not edit by hand. One entry per embedding model, since each
 * model's similarities live on their own scale; the data and held-out numbers are in docs/decision/<model>.md.
 */
import type { FittedParams } from './fitted-types.ts';

export const fitted: Readonly<Record<string, FittedParams>> = Object.freeze({
  "bge-small-en-v1.5": {
    "fusion": {
      "lexical": 0.25,
      "dense": 0.5,
      "coverage": 0.25
    },
    "decision": {
      "answer": {
        "weights": {
          "denseTop": 8.4444,
          "denseMax": 3.8116,
          "denseSpread": 12.323,
          "denseLift": 6.4151,
          "coverageMax": 1.9415,
          "focusMax": 1.7756,
          "lexicalShare": 1.4435,
          "rarest": 0.8052,
          "unknownShare": 2.5112
        },
        "bias": -14.1224,
        "threshold": 0.33
      },
      "related": {
        "weights": {
          "denseTop": 10.7142,
          "denseMax": 12.2307,
          "denseSpread": -12.536,
          "denseLift": 12.0371,
          "coverageMax": 1.0389,
          "focusMax": 1.1673,
          "lexicalShare": -2.5303,
          "rarest": -0.405,
          "unknownShare": 0.5066
        },
        "bias": -14.6642,
        "threshold": 0.43
      }
    }
  },
  "use-lite": {
    "fusion": {
      "lexical": 0.3,
      "dense": 0.35,
      "coverage": 0.35
    },
    "decision": {
      "answer": {
        "weights": {
          "denseTop": 6.1367,
          "denseMax": 0.9456,
          "denseSpread": -1.0455,
          "denseLift": 3.1272,
          "coverageMax": 2.8394,
          "focusMax": 1.6988,
          "lexicalShare": 2.1539,
          "rarest": 0.8467,
          "unknownShare": 2.6849
        },
        "bias": -9.0242,
        "threshold": 0.32
      },
      "related": {
        "weights": {
          "denseTop": 5.1016,
          "denseMax": 7.0089,
          "denseSpread": -10.251,
          "denseLift": 1.0802,
          "coverageMax": 2.2597,
          "focusMax": 1.748,
          "lexicalShare": -1.9541,
          "rarest": -0.3102,
          "unknownShare": 1.2181
        },
        "bias": -5.8664,
        "threshold": 0.4
      }
    }
  }
});
