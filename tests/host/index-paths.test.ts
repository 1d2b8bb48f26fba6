import { afterEach, describe, expect, it } from 'vitest';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { indexPaths } from '../../src/host/index-paths.ts';
import { readGeneration } from '../../src/index/store.ts';
import type { IndexProgress } from '../../src/types.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

class CountingEmbedder extends FakeEmbedder {
  closed = 0;
  override async close(): Promise<void> {
    this.closed++;
  }
}

describe('indexPaths', () => {
  const dirs = new TempDirs();
  afterEach(() => dirs.cleanup());

  it('reads the inputs, reports missing ones as skipped, and indexes the rest', async () => {
    const dataDir = await dirs.make();
    const stages: IndexProgress['stage'][] = [];
    const summary = await indexPaths({
      inputs: ['seeds', '/no/such/folder'],
      dataDir,
      embedder: new FakeEmbedder(),
      onProgress: (p) => stages.push(p.stage),
    });
    expect(summary.articles).toBe(5);
    expect(summary.skipped).toEqual([{ path: '/no/such/folder', reason: 'cannot read: ENOENT' }]);
    expect(stages[0]).toBe('reading');
    expect(stages.at(-1)).toBe('done');
    expect((await readGeneration(dataDir)).manifest.counts.documents).toBe(5);
  });

  it('closes an embedder it opened itself and leaves a given one open', async () => {
    const opened = new CountingEmbedder();
    await indexPaths({ inputs: ['seeds'], dataDir: await dirs.make(), embedder: async () => opened });
    expect(opened.closed).toBe(1);
    const given = new CountingEmbedder();
    await indexPaths({ inputs: ['seeds'], dataDir: await dirs.make(), embedder: given });
    expect(given.closed).toBe(0);
  });
});
