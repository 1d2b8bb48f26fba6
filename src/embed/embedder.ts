/**
 * The one interface every embedding backend implements. Vectors are unit-length Float32Arrays so that
 * a dot product is the cosine similarity.
 */
import { CrisisDeskError } from '../errors.ts';

export interface Embedder {
  /** Names the model and its version; stored in the index manifest so a model change forces a rebuild. */
  readonly id: string;
  readonly dimensions: number;
  /** How many tokens the model reads; anything past this is silently ignored by the model. */
  readonly maxTokens: number;
  /** Tokens the model would see for `text` (before truncation). Used to size what we embed. */
  countTokens(text: string): number;
  /**
   * What one vector stands for in the index. `window`: the article is cut into model-sized windows that cover
   * every word once and a chunk is scored by its best window (for short-window models like USE-lite).
   * `chunk`: one vector per chunk, cut into windows only when the chunk is longer than the model reads.
   */
  readonly unit: 'window' | 'chunk';
  /** One unit vector per passage text, in order. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  /** One unit vector per question, in order; models trained with a query instruction get it here. */
  embedQueries(questions: readonly string[]): Promise<Float32Array[]>;
  /** Frees workers and native memory. Safe to call twice. */
  close(): Promise<void>;
}

/** Scales `v` to unit length in place; a zero vector stays zero. */
export function normalizeInPlace(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] = v[i]! / norm;
  return v;
}

/** Dot product of two equal-length vectors (cosine for unit vectors). */
export function dot(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) {
    throw new CrisisDeskError(
      'InvariantError',
      `vectors differ in length: expected ${a.length}, got ${b.length}`,
    );
  }
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
