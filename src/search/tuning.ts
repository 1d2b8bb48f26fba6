/** Which fitted ranking and decision parameters go with which embedding model. */
import { fitted } from './fitted.ts';
import { fittedReader } from './fitted-reader.ts';
import type { FittedParams, ReaderFit } from './fitted-types.ts';

/**
 * The transformers.js model id or folder a stored embedder id names (`transformers:<model>:<dtype>:…`), or null for
 * other embedders. Anchored on the dtype, since a folder path may hold colons.
 */
export function transformersModelOf(embedderId: string): string | null {
  return /^transformers:(.+?):(?:fp32|fp16|q8|int8|uint8|q4|q4f16|bnb4):/.exec(embedderId)?.[1] ?? null;
}

/** A model id's or folder's last part: `Xenova/bge-small-en-v1.5` → `bge-small-en-v1.5`. */
export function modelName(model: string): string {
  return model.split(/[/\\]/).filter(Boolean).at(-1) ?? model;
}

/** The model a stored embedder id belongs to: `use-lite`, or a transformers.js model's short name. */
export function modelKey(embedderId: string): string {
  if (embedderId.startsWith('use-lite')) return 'use-lite';
  const model = transformersModelOf(embedderId);
  return model === null ? embedderId : modelName(model);
}

/** The parameters fit for this embedder's model, or null when it was never fit. */
export function fittedFor(embedderId: string): FittedParams | null {
  return fitted[modelKey(embedderId)] ?? null;
}

/** `cross-encoder:<id>:<dtype>:<tokens>` → the reader's short name (the id's last part). */
function readerKey(readerId: string): string {
  return modelName(readerId.split(':')[1] ?? readerId);
}

/** The key of an embedder and reader's entry in ./fitted-reader.ts: `<model>+<reader>`. */
export function readerFitKey(embedderId: string, readerId: string): string {
  return `${modelKey(embedderId)}+${readerKey(readerId)}`;
}

/** What was fit for this embedder with this reader, or null. */
export function readerFitFor(embedderId: string, readerId: string): ReaderFit | null {
  return fittedReader[readerFitKey(embedderId, readerId)] ?? null;
}
