/**
 * Decision parameters for engines running on the FakeEmbedder. Fitted parameters belong to real models (their
 * cosines live on their own scales), so tests over the fake embedder give the engine this simple, readable
 * line instead: answer when coverage + 0.8 × cosine reaches 0.65, related when a quarter of the question is covered.
 */
import type { DecisionFeatures, LogisticModel } from '../../src/search/decision.ts';
import type { SearchParams } from '../../src/search/engine.ts';

const none: Partial<Record<keyof DecisionFeatures, number>> = {
  denseTop: 0,
  denseMax: 0,
  denseSpread: 0,
  denseLift: 0,
  coverageMax: 0,
  focusMax: 0,
  lexicalShare: 0,
  rarest: 0,
  unknownShare: 0,
};

const answer: LogisticModel = {
  weights: { ...none, coverageMax: 40, denseMax: 32 },
  bias: -26,
  threshold: 0.5,
};
const related: LogisticModel = { weights: { ...none, coverageMax: 40 }, bias: -10, threshold: 0.5 };

export const FAKE_SEARCH_PARAMS: Partial<SearchParams> = Object.freeze({
  weights: { lexical: 0.5, dense: 0.25, coverage: 0.25 },
  decision: { answer, related },
});
