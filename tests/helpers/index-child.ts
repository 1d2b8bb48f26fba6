/**
 * Child process for the crash test: indexes the articles in a JSON file into DATA_DIR with a FakeEmbedder that
 * waits a little per batch, and reports each step on stdout so the parent can kill it at a chosen moment.
 *
 *   node --import tsx tests/helpers/index-child.ts <dataDir> <articles.json> <msPerBatch>
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { buildIndex } from '../../src/index/indexer.ts';
import type { Article } from '../../src/types.ts';

class SlowFakeEmbedder extends FakeEmbedder {
  constructor(private readonly delayMs: number) {
    super();
  }

  override async embed(texts: readonly string[]): Promise<Float32Array[]> {
    await sleep(this.delayMs);
    return super.embed(texts);
  }
}

const [dataDir, articlesFile, delay] = process.argv.slice(2);
if (!dataDir || !articlesFile || !delay)
  throw new Error('usage: index-child.ts <dataDir> <articles.json> <msPerBatch>');
const articles = JSON.parse(readFileSync(articlesFile, 'utf8')) as Article[];
process.stdout.write('ready\n');
await buildIndex({
  dataDir,
  articles,
  embedder: new SlowFakeEmbedder(Number(delay)),
  batchSize: 2,
  onProgress: (p) => process.stdout.write(`progress ${p.stage} ${p.done}/${p.total}\n`),
});
process.stdout.write('finished\n');
