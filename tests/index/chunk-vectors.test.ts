/** Indexing for models that read a whole chunk (bge, MiniLM): one vector per chunk, chunk text embedded as is. */
import { afterAll, describe, expect, it } from 'vitest';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { windowsFor, windowsInside } from '../../src/index/indexer.ts';
import { readGeneration } from '../../src/index/store.ts';
import { SearchEngine } from '../../src/search/engine.ts';
import { seedArticles } from '../helpers/articles.ts';
import { buildFake, RecordingEmbedder } from '../helpers/fake-index.ts';
import { TempDirs } from '../helpers/temp-dir.ts';
import { FAKE_SEARCH_PARAMS } from '../helpers/fake-params.ts';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

class ChunkEmbedder extends RecordingEmbedder {
  constructor() {
    super({ maxTokens: 512, unit: 'chunk' });
  }
}

describe('one vector per chunk', () => {
  it('embeds every distinct chunk text once and scores each chunk by its own vector', async () => {
    const dataDir = await temp.make();
    const articles = await seedArticles();
    const embedder = new ChunkEmbedder();
    await buildFake(dataDir, articles, { embedder });
    const index = await readGeneration(dataDir);
    const chunkTexts = new Set(index.chunks.map((c) => c.text));
    expect(new Set(embedder.texts)).toEqual(chunkTexts);
    expect(embedder.texts).toHaveLength(chunkTexts.size);
    for (const c of index.chunks) {
      expect(c.windows).toHaveLength(1);
      const w = c.windows[0]!;
      const doc = articles.find((a) => a.id === index.manifest.documents[c.doc]!.id)!;
      expect(doc.text.slice(index.windows.start[w]!, index.windows.end[w]!)).toBe(c.text);
    }
    const engine = await SearchEngine.open(dataDir, new ChunkEmbedder(), FAKE_SEARCH_PARAMS);
    const answer = await engine.ask('When did Russia seize Crimea?');
    expect(answer.passages[0]!.text).toContain('seized the Crimean Peninsula');
  });

  it('an index built per chunk is not opened with a per-window embedder of the same model', async () => {
    const dataDir = await temp.make();
    await buildFake(dataDir, await seedArticles(), { embedder: new ChunkEmbedder() });
    await expect(SearchEngine.open(dataDir, new FakeEmbedder())).rejects.toThrow(
      /npm run index -- --rebuild/,
    );
  });
});

describe('windowsInside and windowsFor', () => {
  const windows = [
    { start: 0, end: 100 },
    { start: 80, end: 200 },
    { start: 180, end: 220 },
  ];
  it('windowsInside takes only the windows cut from the chunk itself, not the overlapping neighbours', () => {
    expect(windowsInside({ start: 80, end: 200 }, windows, 10)).toEqual([11]);
  });
  it('windowsFor (per-article windows) also takes a window that overlaps the chunk by a third or more', () => {
    expect(windowsFor({ start: 80, end: 200 }, windows, 10)).toEqual([11, 12]);
  });
});
