/** Opens the search engine for a one-shot CLI command, building the index from seeds/ first if there is none. */
import type { EngineConfig } from '../config.ts';
import type { Embedder } from '../embed/embedder.ts';
import { createEmbedder } from '../embed/factory.ts';
import { indexPaths } from '../index/index-paths.ts';
import { needsFirstIndex } from '../index/store.ts';
import { SearchEngine } from '../search/engine.ts';
import { chooseModel } from './model-choice.ts';
import { progressPrinter } from './progress.ts';
import { printSummary } from './summary.ts';

export const DEFAULT_CORPUS = 'seeds';

export async function openEngine(settings: EngineConfig, dataDir: string): Promise<{ engine: SearchEngine; embedder: Embedder }> {
  // A damaged or foreign data dir is an error before any model is fetched.
  const first = await needsFirstIndex(dataDir);
  const config = await chooseModel(settings, dataDir, { purpose: 'open', log: (line) => console.error(line) });
  if (first) {
    console.error(`No index in ${dataDir} yet: building one there from ${DEFAULT_CORPUS}/ first.`);
    const summary = await indexPaths({
      inputs: [DEFAULT_CORPUS],
      dataDir,
      embedder: () => createEmbedder(config, 'index'),
      onProgress: progressPrinter(),
    });
    printSummary(summary, dataDir, (line) => console.error(line));
  }
  const embedder = await createEmbedder(config, 'query');
  try {
    return { engine: await SearchEngine.open(dataDir, embedder), embedder };
  } catch (error) {
    await embedder.close();
    throw error;
  }
}
