/**
 * Which embedding model a command uses. An existing index is always opened with the model that built it; a new
 * index gets EMBEDDING_MODEL, or else the default model, fetched once with progress — and when no source can
 * deliver the default, the bundled USE-lite, said in one line.
 */
import type { EngineConfig } from '../config.ts';
import { checkModelSetting, USE_LITE } from '../embed/factory.ts';
import { IndexUnusableError, type Manifest } from '../index/manifest.ts';
import { readCurrentManifest } from '../index/store.ts';
import { DEFAULT_MODEL_NAME, findModel } from '../models/catalog.ts';
import { checkModel, fetchModel, ModelFetchError } from '../models/fetch.ts';
import { modelName, transformersModelOf } from '../search/tuning.ts';
import { fetchProgressPrinter } from './fetch-progress.ts';

export interface ModelChoiceOptions {
  /** `open`: the command reads the index; `build`: it writes one (a rebuild may change the model). */
  purpose: 'open' | 'build';
  rebuild?: boolean;
  /** Lines for the user (stderr). */
  log: (line: string) => void;
  /** Fetches a missing catalog model. Default: fetchModel (tests pass a stand-in: no network in tests). */
  fetch?: typeof fetchModel;
  /** Reads the index's current manifest when it is not in `dataDir` (STORE=postgres), and names where it is. */
  index?: { where: string; currentManifest: () => Promise<Manifest | null> };
}

/** The model name as settings spell it: catalog names, ids and folders named like them fold to the catalog name. */
function canonical(model: string): string {
  if (model === USE_LITE) return USE_LITE;
  return findModel(model)?.name ?? findModel(modelName(model))?.name ?? model;
}

/** The model an index was built with, as EMBEDDING_MODEL would name it. */
export function modelOfIndex(embedderId: string): string {
  if (embedderId.startsWith('use-lite')) return USE_LITE;
  const model = transformersModelOf(embedderId);
  if (model === null) return embedderId;
  return findModel(modelName(model))?.name ?? model;
}

/** `config` with `embeddingModel` set to the model this command must use. */
export async function chooseModel(
  config: EngineConfig,
  dataDir: string,
  options: ModelChoiceOptions,
): Promise<EngineConfig> {
  // Before any message quotes it: a token pasted into EMBEDDING_MODEL must not be printed back.
  if (config.embeddingModel !== null) checkModelSetting(config.embeddingModel);
  const asked = config.embeddingModel === null ? null : canonical(config.embeddingModel);
  const manifest = options.rebuild
    ? null
    : await (options.index?.currentManifest() ?? readCurrentManifest(dataDir));
  if (manifest) {
    const built = modelOfIndex(manifest.embedder.id);
    if (asked !== null && asked !== built && options.purpose === 'open') {
      throw new IndexUnusableError(
        `the index in ${options.index?.where ?? dataDir} was built with ${built}, but EMBEDDING_MODEL asks for ${asked}: ` +
          `run \`npm run index -- --rebuild\` to rebuild it with ${asked}, or unset EMBEDDING_MODEL`,
      );
    }
    const model = asked ?? built;
    await ensureFetched(config, model, options, true);
    return { ...config, embeddingModel: model };
  }
  const model = asked ?? DEFAULT_MODEL_NAME;
  const fetched = await ensureFetched(config, model, options, asked !== null);
  return { ...config, embeddingModel: fetched ? model : USE_LITE };
}

/**
 * Makes sure a catalog model's files are present, fetching them when missing. False (after one line) when the
 * default could not be fetched and USE-lite may stand in; an error when the model was asked for by name or an
 * index needs it.
 */
async function ensureFetched(
  config: EngineConfig,
  model: string,
  options: ModelChoiceOptions,
  required: boolean,
): Promise<boolean> {
  const { log, fetch = fetchModel } = options;
  const spec = findModel(model);
  if (!spec || (await checkModel(spec, config.transformersLocalModels)).present) return true;
  log(
    `Fetching the embedding model ${spec.name} (one time, ${(spec.files.reduce((s, f) => s + f.bytes, 0) / 1e6).toFixed(0)} MB)…`,
  );
  const progress = fetchProgressPrinter();
  try {
    const result = await fetch(spec, {
      modelsDir: config.transformersLocalModels,
      allowHub: config.transformersAllowRemote,
      onProgress: progress.update,
    });
    progress.end();
    log(`${spec.name}: fetched from ${result.origin} (size and sha256 verified).`);
    return true;
  } catch (error) {
    progress.end();
    if (!(error instanceof ModelFetchError) || required) throw error;
    const why = error.failures.map((f) => `${f.source}: ${f.reason}`).join('; ');
    log(`Could not fetch ${spec.name} (${why}); using the bundled USE-lite instead.`);
    return false;
  }
}
