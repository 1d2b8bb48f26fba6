/** Building test indexes with the deterministic fake embedder. */
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { type BuildOptions, buildIndex } from '../../src/index/indexer.ts';
import type { Article, IndexSummary } from '../../src/types.ts';

/** A FakeEmbedder that also remembers every text it embedded, in order. */
export class RecordingEmbedder extends FakeEmbedder {
  readonly texts: string[] = [];

  override async embed(texts: readonly string[]): Promise<Float32Array[]> {
    this.texts.push(...texts);
    return super.embed(texts);
  }
}

/** Builds (or updates) the index in `dataDir` from `articles`; returns the summary and the embedder used. */
export async function buildFake(
  dataDir: string,
  articles: readonly Article[],
  options: Partial<BuildOptions> & { embedder?: FakeEmbedder } = {},
): Promise<{ summary: IndexSummary; embedder: FakeEmbedder; logs: string[] }> {
  const embedder = options.embedder ?? new RecordingEmbedder();
  const logs: string[] = [];
  const summary = await buildIndex({ log: (m) => logs.push(m), ...options, dataDir, embedder, articles });
  return { summary, embedder, logs };
}
