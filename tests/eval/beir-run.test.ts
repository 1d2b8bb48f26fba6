/** runBeir over a tiny corpus (fake embedder): each mode scored, and a reading engine scored as one more mode. */
import { afterAll, describe, expect, it } from 'vitest';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { beirArticle, parseQrels } from '../../src/eval/beir.ts';
import { runBeir } from '../../src/eval/beir-run.ts';
import { SearchEngine } from '../../src/search/engine.ts';
import { buildFake } from '../helpers/fake-index.ts';
import { FAKE_SEARCH_PARAMS } from '../helpers/fake-params.ts';
import { FakeReader } from '../helpers/fake-reader.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

const corpus = [
  {
    id: 'a',
    title: 'Grain exports',
    text: 'Ships carrying grain left Odesa under the export deal brokered by Turkey.',
  },
  { id: 'b', title: 'Grain prices', text: 'Grain prices fell after the first ships left the port of Odesa.' },
  {
    id: 'c',
    title: 'Harvest',
    text: 'Farmers near the front line brought in a smaller harvest of wheat this year.',
  },
];
const dataset = {
  name: 'tiny',
  split: 'test',
  corpus,
  queries: [{ id: 'q1', text: 'grain ships leaving Odesa' }],
  // Judged relevant: only the harvest document, which the engine alone does not put first.
  qrels: parseQrels('q1\tc\t1\n'),
};

describe('runBeir', () => {
  it('scores every mode, and a reading engine as its own mode on the same chunks', async () => {
    const dataDir = await temp.make();
    await buildFake(dataDir, corpus.map(beirArticle));
    const embedder = new FakeEmbedder();
    const engine = await SearchEngine.open(dataDir, embedder, FAKE_SEARCH_PARAMS);
    const reader = new FakeReader((_q, passage) => (passage.startsWith('Harvest.') ? 8 : -8));
    const never = { weights: {}, bias: -50, threshold: 0.5 };
    const reading = await SearchEngine.open(dataDir, embedder, {
      ...FAKE_SEARCH_PARAMS,
      reader,
      readerBlend: { depth: 3, weight: 1 },
      readerDecision: { answer: never, related: never },
    });
    const report = await runBeir({
      engine,
      embedder,
      dataset,
      readers: [{ mode: 'hybrid+reader@3', engine: reading }],
    });
    expect(Object.keys(report.modes)).toEqual(['lexical', 'dense', 'hybrid', 'hybrid+reader@3']);
    expect(report.modes.hybrid!.ndcg10).toBeLessThan(1);
    // The reader puts the harvest document first: a perfect nDCG@10 for the one query.
    expect(report.modes['hybrid+reader@3']!.ndcg10).toBe(1);
    expect(reader.calls).toEqual([{ question: 'grain ships leaving Odesa', passages: 3 }]);
    expect(report).toMatchObject({ dataset: 'tiny', split: 'test', documents: 3, queries: 1 });
  });
});
