import { describe, expect, it } from 'vitest';
import { checkModelSetting, createEmbedder } from '../../src/embed/factory.ts';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { configErrorOf } from '../helpers/config-error.ts';

describe('createEmbedder', () => {
  it("makes the deterministic fake from 'fake', for querying and for indexing alike", async () => {
    const reference = new FakeEmbedder();
    const [expected] = await reference.embed(['Blinken met Lavrov in Geneva']);
    for (const purpose of ['query', 'index'] as const) {
      const embedder = await createEmbedder('fake', purpose);
      expect(embedder).toBeInstanceOf(FakeEmbedder);
      expect(embedder.id).toBe('fake-hash-64');
      expect(await embedder.embed(['Blinken met Lavrov in Geneva'])).toEqual([expected]);
      await embedder.close();
    }
  });

  it('never takes the fake from a setting: EMBEDDING_MODEL=fake is a setting error', () => {
    expect(configErrorOf(() => checkModelSetting('fake'))).toBe(
      'crisis-desk: setting EMBEDDING_MODEL: expected use-lite, a catalog model (bge-small-en-v1.5, all-MiniLM-L6-v2), an org/name model id or a model folder, got "fake"',
    );
  });
});
