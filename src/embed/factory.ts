/** Picks the embedding backend that the settings name (or the fake). The only place that knows every backend. */
import { ConfigError, describeSettingValue, type EngineConfig } from '../config.ts';
import path from 'node:path';
import { DEFAULT_MODEL_NAME, findModel, MODELS } from '../models/catalog.ts';
import type { Embedder } from './embedder.ts';
import { FakeEmbedder } from './fake.ts';
import type { TransformersEmbedderOptions } from './transformers.ts';
import { createUseLiteEmbedder } from './use-lite/embedder.ts';
import { createUseLitePool } from './use-lite/pool.ts';

/** `query` embeds one short question at a time in-process; `index` embeds many texts on every core. */
export type EmbedPurpose = 'query' | 'index';

/** The bundled model, always available offline. */
export const USE_LITE = 'use-lite';

/** The model a new index is built with when EMBEDDING_MODEL is unset. */
export const DEFAULT_EMBEDDING_MODEL = DEFAULT_MODEL_NAME;

export type EmbedderSettings = Pick<
  EngineConfig,
  | 'embeddingModel'
  | 'transformersLocalModels'
  | 'transformersAllowRemote'
  | 'transformersDtype'
  | 'embedWorkers'
> &
  Partial<Pick<EngineConfig, 'embedThreads'>>;

/**
 * What an embedder is made from: settings, or `'fake'`, the deterministic hashing embedder (./fake.ts) for tests and
 * benchmarks that run without a model. The fake is chosen by code (the search service's test spec, `HostSpec.fake`),
 * never by a setting: EMBEDDING_MODEL cannot name it.
 */
export type EmbedderSource = EmbedderSettings | 'fake';

/** `embeddingModel` null means the default model. */
export async function createEmbedder(
  source: EmbedderSource,
  purpose: EmbedPurpose = 'query',
): Promise<Embedder> {
  if (source === 'fake') return new FakeEmbedder();
  const config = source;
  const model = config.embeddingModel ?? DEFAULT_EMBEDDING_MODEL;
  checkModelSetting(model);
  if (model === USE_LITE) {
    // Workers cost a model load each (~1 s); only worth it for bulk work on more than one core.
    if (purpose === 'index' && config.embedWorkers > 1)
      return createUseLitePool({ workers: config.embedWorkers });
    return createUseLiteEmbedder();
  }
  // Loaded only when asked for: transformers.js and its runtime cost ~160 MB of memory just by being imported.
  const { createTransformersEmbedder } = await import('./transformers.ts');
  return createTransformersEmbedder(transformersOptions(config, model));
}

/**
 * The embedder a long-running process re-indexes with while it keeps answering: a transformers.js model embeds
 * passages on a worker thread (./off-thread.ts), counting tokens and embedding questions with `local`, the
 * process's own embedder of the same model.
 */
export async function createBackgroundEmbedder(source: EmbedderSource, local: Embedder): Promise<Embedder> {
  // The fake has no work to move; USE-lite's index embedder already runs on workers.
  if (source === 'fake') return createEmbedder(source, 'index');
  const model = source.embeddingModel ?? DEFAULT_EMBEDDING_MODEL;
  if (model === USE_LITE) return createEmbedder(source, 'index');
  const { embedOffThread } = await import('./off-thread.ts');
  return embedOffThread(local, transformersOptions(source, model));
}

/** How a transformers.js model is loaded: a catalog model as its authors say (their pooling, instruction, weights). */
function transformersOptions(config: EmbedderSettings, model: string): TransformersEmbedderOptions {
  const common = {
    model,
    localModelPath: config.transformersLocalModels,
    allowRemoteModels: config.transformersAllowRemote,
    ...(config.embedThreads ? { threads: config.embedThreads } : {}),
  };
  const known = findModel(model);
  if (!known) return { ...common, dtype: config.transformersDtype };
  return {
    ...common,
    model: known.id,
    dtype: known.dtype,
    pooling: known.pooling,
    queryInstruction: known.queryInstruction,
    maxTokens: known.maxTokens,
  };
}

/**
 * EMBEDDING_MODEL names use-lite, a catalog model, an `org/name` model id or a model folder (a path with a
 * slash). Anything else is a setting error (exit 2) that names the key and never echoes a long value: a token
 * pasted into the wrong setting is the usual cause.
 */
export function checkModelSetting(model: string): void {
  if (model === USE_LITE || findModel(model) || model.includes('/') || model.includes(path.sep)) return;
  throw new ConfigError(
    'EMBEDDING_MODEL',
    `${USE_LITE}, a catalog model (${MODELS.map((m) => m.name).join(', ')}), an org/name model id or a model folder`,
    describeSettingValue(model),
  );
}
