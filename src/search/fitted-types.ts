/**
 * The shapes of what the fits write: src/search/fitted.ts (`npm run fit`) and src/search/fitted-reader.ts
 * (`npm run fit:reader`). Apart from ./tuning.ts, which looks entries up, so the generated files and their reader
 * do not import each other.
 */
import type { DecisionParams } from './decision.ts';
import type { FusionWeights } from './ranking.ts';
import type { ReaderBlend } from './reading.ts';

/** What `npm run fit` fits for one embedding model. */
export interface FittedParams {
  fusion: FusionWeights;
  decision: DecisionParams;
}

/** What `npm run fit:reader` fits for one embedding model with one reader. */
export interface ReaderFit {
  blend: ReaderBlend;
  decision: DecisionParams;
  /** Weight of the reader's sentence probability in the highlight choice (0: the idf rule alone). */
  highlight?: number;
}
