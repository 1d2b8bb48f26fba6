/** The worker-thread pool: every worker opens the index and answers as the in-process engine does. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { SearchEngine } from '../../src/search/engine.ts';
import type { SearchBackend } from '../../src/service/backend.ts';
import { createEnginePool } from '../../src/service/pool.ts';
import { HttpError } from '../../src/service/protocol.ts';
import { seedArticles } from '../helpers/articles.ts';
import { buildFake } from '../helpers/fake-index.ts';
import { FAKE_SEARCH_PARAMS } from '../helpers/fake-params.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
let pool: SearchBackend;
let local: SearchEngine;
beforeAll(async () => {
  const dataDir = await temp.make();
  await buildFake(dataDir, await seedArticles());
  local = await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
  pool = await createEnginePool(
    { dataDir, config: null, fake: { search: FAKE_SEARCH_PARAMS }, pollMs: 0 },
    { workers: 2, log: () => {} },
  );
});
afterAll(async () => {
  await pool.close();
  await temp.cleanup();
});

describe('createEnginePool', () => {
  it('spreads questions over its workers and answers exactly as the in-process engine', async () => {
    expect(pool.health()).toEqual({ generation: local.generation, engines: 2 });
    const questions = [
      'When did Russia seize Crimea?',
      'Kuleba welcomed sanctions',
      'Blinken Lavrov meeting',
      'recipe for lasagna',
    ];
    const answers = await Promise.all(questions.map((q) => pool.run('ask', [q, { k: 4 }])));
    for (const [i, q] of questions.entries()) {
      expect(answers[i]!.generation).toBe(local.generation);
      expect(answers[i]!.value).toEqual(await local.ask(q, { k: 4 }));
    }
    expect((await pool.run('stats', [])).value).toEqual(await local.stats());
  });

  it('passes the engine’s input errors on as 400 bad_input', async () => {
    const error = await pool.run('ask', ['q', { k: 0 }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({
      status: 400,
      code: 'bad_input',
      message: 'k: expected an integer from 1 to 50, got 0',
    });
  });
});
