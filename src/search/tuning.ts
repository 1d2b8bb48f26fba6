/** Which fitted ranking and decision parameters go with which embedding model. */
import type { DecisionParams } from './decision.ts';
import { fitted } from './fitted.ts';
import type { FusionWeights } from './ranking.ts';

/** What `npm run fit` fits for one embedding model. */
export interface FittedParams {
  fusion: FusionWeights;
  decision: DecisionParams;
}

/** The model a stored embedder id belongs to: `use-lite`, or a transformers.js model's short name. */
export function modelKey(embedderId: string): string {
  if (embedderId.startsWith('use-lite')) return 'use-lite';
  // transformers:<model id or folder>:<dtype>:<weights hash>:…  → the id's or folder's last part
  const m = /^transformers:(.+?):(?:fp32|fp16|q8|int8|uint8|q4|q4f16|bnb4):/.exec(embedderId);
  return m ? m[1]!.split(/[/\\]/).filter(Boolean).at(-1)! : embedderId;
}

/** The parameters fit for this embedder's model, or null when it was never fit. */
export function fittedFor(embedderId: string): FittedParams | null {
  return fitted[modelKey(embedderId)] ?? null;
}
