import { describe, expect, it } from 'vitest';
import {
  DECISION_FEATURES,
  decide,
  type DecisionFeatures,
  decisionFeatures,
  type DecisionParams,
  type LogisticModel,
  probability,
  relatedScore,
  sigmoid,
} from '../../src/search/decision.ts';

const zero = Object.fromEntries(DECISION_FEATURES.map((f) => [f, 0])) as Record<
  keyof DecisionFeatures,
  number
>;

/** A model that looks at one feature only: P = sigmoid(scale × (x − centre)). */
function on(feature: keyof DecisionFeatures, centre: number, threshold = 0.5, scale = 10): LogisticModel {
  return { weights: { ...zero, [feature]: scale }, bias: -scale * centre, threshold };
}

const features = (over: Partial<DecisionFeatures>): DecisionFeatures => ({
  ...(zero as DecisionFeatures),
  ...over,
});

describe('probability', () => {
  it('is the logistic of bias plus weighted features', () => {
    expect(sigmoid(0)).toBe(0.5);
    const m: LogisticModel = {
      weights: { ...zero, denseMax: 2, coverageMax: -1 },
      bias: 0.5,
      threshold: 0.5,
    };
    expect(probability(m, features({ denseMax: 0.75, coverageMax: 0.5 }))).toBeCloseTo(
      sigmoid(0.5 + 1.5 - 0.5),
      12,
    );
  });
});

describe('decide', () => {
  const params: DecisionParams = { answer: on('denseMax', 0.7), related: on('denseMax', 0.5) };

  it('answers at the answer threshold, relates between the two, and says none below both', () => {
    expect(decide(features({ denseMax: 0.7 }), params)).toBe('answer'); // P = 0.5 exactly
    expect(decide(features({ denseMax: 0.69 }), params)).toBe('related');
    expect(decide(features({ denseMax: 0.5 }), params)).toBe('related');
    expect(decide(features({ denseMax: 0.49 }), params)).toBe('none');
  });

  it('a question the answer model nearly accepts is at least related, whatever the related model says', () => {
    const strict: DecisionParams = { answer: on('denseMax', 0.7, 0.9), related: on('denseMax', 0.9) };
    // P(answer) = sigmoid(1) ≈ 0.73: below its 0.9, above related's 0.5; P(related) alone ≈ 0.27.
    expect(relatedScore(strict, features({ denseMax: 0.8 }))).toBeCloseTo(sigmoid(1), 12);
    expect(decide(features({ denseMax: 0.8 }), strict)).toBe('related');
    expect(decide(features({ denseMax: 0.6 }), strict)).toBe('none');
  });
});

describe('decisionFeatures', () => {
  const c = (dense: number, coverage = 0, focus = 0, lexicalShare = 0, hasRarest = false) => ({
    dense,
    coverage,
    focus,
    lexicalShare,
    hasRarest,
  });

  it('takes the top passages, the best of each signal, the spread of their cosines and the lift over all', () => {
    const ranked = [
      c(0.6, 0.2, 0.1, 0.3),
      c(0.8, 0.5, 0.25, 0.1, true),
      c(0.4, 0.9, 0.5, 0.6),
      c(0.3),
      c(0.9, 1, 1, 1, true),
    ];
    const f = decisionFeatures(ranked, 3, 0.25);
    expect(f).toEqual({
      denseTop: 0.6,
      denseMax: 0.8,
      denseSpread: expect.closeTo(0.8 - 0.6, 12),
      denseLift: expect.closeTo(0.8 - 0.6, 12), // the median of all five cosines is 0.6
      coverageMax: 0.9,
      focusMax: 0.5,
      lexicalShare: 0.6,
      rarest: 1,
      unknownShare: 0.25,
      readerTop: 0,
      readerMax: 0,
      readerGap: 0,
    });
  });

  it('carries what the reader said of the re-ordered candidates', () => {
    const f = decisionFeatures([c(0.6)], 3, 0, { readerTop: 0.9, readerMax: 0.95, readerGap: 0.3 });
    expect([f.readerTop, f.readerMax, f.readerGap]).toEqual([0.9, 0.95, 0.3]);
  });

  it('is all zero (but the unknown share) without candidates', () => {
    expect(decisionFeatures([], 10, 1)).toEqual(features({ unknownShare: 1 }));
  });
});
