/** Picks the embedding backend that the settings name. The only place that knows every backend. */
import type { EngineConfig } from '../config.ts';
import type { Embedder } from './embedder.ts';
import { createUseLiteEmbedder } from './use-lite.ts';
import { createUseLitePool } from './use-lite-pool.ts';

/** `query` embeds one short question at a time in-process; `index` embeds many texts on every core. */
export type EmbedPurpose = 'query' | 'index';

export const DEFAULT_EMBEDDING_MODEL = 'use-lite';

export async function createEmbedder(
  config: Pick<EngineConfig, 'embeddingModel' | 'transformersLocalModels' | 'transformersAllowRemote' | 'transformersDtype' | 'embedWorkers'>,
  purpose: EmbedPurpose = 'query',
): Promise<Embedder> {
  if (config.embeddingModel === DEFAULT_EMBEDDING_MODEL) {
    // Workers cost a model load each (~1 s); only worth it for bulk work on more than one core.
    if (purpose === 'index' && config.embedWorkers > 1) return createUseLitePool({ workers: config.embedWorkers });
    return createUseLiteEmbedder();
  }
  // Loaded only when asked for: transformers.js and its runtime cost ~160 MB of memory just by being imported.
  const { createTransformersEmbedder } = await import('./transformers.ts');
  return createTransformersEmbedder({
    model: config.embeddingModel,
    localModelPath: config.transformersLocalModels,
    allowRemoteModels: config.transformersAllowRemote,
    dtype: config.transformersDtype,
  });
}
