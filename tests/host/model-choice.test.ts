/** Which model a command uses: the index's own, EMBEDDING_MODEL, or the default (fetched, else USE-lite). */
import { afterAll, describe, expect, it } from 'vitest';
import { loadEngineConfig } from '../../src/config.ts';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { chooseModel, modelOfIndex } from '../../src/host/model-choice.ts';
import { BGE_SMALL, type FetchableModel } from '../../src/models/catalog.ts';
import { ModelFetchError } from '../../src/models/fetch.ts';
import { buildFake } from '../helpers/fake-index.ts';
import { seedArticles } from '../helpers/articles.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

/** A fetch that fails as a machine without any source would: no network in tests. */
const unreachable = async (): Promise<never> => {
  throw new ModelFetchError(BGE_SMALL.name, [
    { source: 'pip', reason: 'python3 not found' },
    { source: 'maven', reason: 'mvn not found' },
  ]);
};

class UseLiteShaped extends FakeEmbedder {
  override readonly id = 'use-lite@0.2.0';
}

async function settings(env: Record<string, string> = {}) {
  const models = await temp.make();
  return loadEngineConfig({ TRANSFORMERS_LOCAL_MODELS: models, ...env });
}

describe('chooseModel', () => {
  it('names the model an index was built with as EMBEDDING_MODEL would', () => {
    expect(modelOfIndex('use-lite@0.2.0')).toBe('use-lite');
    expect(modelOfIndex('transformers:Xenova/bge-small-en-v1.5:q8:6c9c6101a956:cls+instruction:512')).toBe(
      'bge-small-en-v1.5',
    );
    expect(modelOfIndex('transformers:Acme/other-model:fp32:0123456789ab:mean:256')).toBe('Acme/other-model');
  });

  it('with no index and no reachable source, says so in one line and uses the bundled USE-lite', async () => {
    const lines: string[] = [];
    const config = await chooseModel(await settings(), await temp.make(), {
      purpose: 'open',
      log: (l) => lines.push(l),
      fetch: unreachable,
    });
    expect(config.embeddingModel).toBe('use-lite');
    expect(lines.at(-1)).toBe(
      'Could not fetch bge-small-en-v1.5 (pip: python3 not found; maven: mvn not found); using the bundled USE-lite instead.',
    );
  });

  it('fails with the reasons when the model was asked for by name', async () => {
    const config = await settings({ EMBEDDING_MODEL: 'bge-small-en-v1.5' });
    await expect(
      chooseModel(config, await temp.make(), { purpose: 'open', log: () => {}, fetch: unreachable }),
    ).rejects.toThrow('python3 not found');
  });

  it('opens an existing index with the model that built it, and names the rebuild when another is asked for', async () => {
    const dataDir = await temp.make();
    await buildFake(dataDir, await seedArticles(), { embedder: new UseLiteShaped() });
    const chosen = await chooseModel(await settings(), dataDir, {
      purpose: 'open',
      log: () => {},
      fetch: unreachable,
    });
    expect(chosen.embeddingModel).toBe('use-lite');
    const asked = await settings({ EMBEDDING_MODEL: 'Xenova/bge-small-en-v1.5' });
    await expect(
      chooseModel(asked, dataDir, { purpose: 'open', log: () => {}, fetch: unreachable }),
    ).rejects.toThrow(
      `crisis-desk: the index in ${dataDir} was built with use-lite, but EMBEDDING_MODEL asks for bge-small-en-v1.5: ` +
        'run `npm run index -- --rebuild` to rebuild it with bge-small-en-v1.5, or unset EMBEDDING_MODEL',
    );
  });

  it('a rebuild takes the default model again, whatever built the old index', async () => {
    const dataDir = await temp.make();
    await buildFake(dataDir, await seedArticles(), { embedder: new UseLiteShaped() });
    let fetched = '';
    const fetch = async (spec: FetchableModel) => {
      fetched = spec.name;
      return { source: 'pip' as const, origin: 'pip test', dir: '/nowhere' };
    };
    const config = await chooseModel(await settings(), dataDir, {
      purpose: 'build',
      rebuild: true,
      log: () => {},
      fetch,
    });
    expect(config.embeddingModel).toBe('bge-small-en-v1.5');
    expect(fetched).toBe('bge-small-en-v1.5');
  });
});
