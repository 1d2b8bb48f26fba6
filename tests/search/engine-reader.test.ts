/** The engine with a reader: which candidates it reads, how it re-orders them, and the decision it then uses. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import type { LogisticModel } from '../../src/search/decision.ts';
import { SearchEngine } from '../../src/search/engine.ts';
import { seedArticles } from '../helpers/articles.ts';
import { buildFake } from '../helpers/fake-index.ts';
import { FAKE_SEARCH_PARAMS } from '../helpers/fake-params.ts';
import { FakeReader } from '../helpers/fake-reader.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

const QUESTION = 'When did Russia seize Crimea?';
const never: LogisticModel = { weights: {}, bias: -50, threshold: 0.5 };
/** Related exactly when the reader leans towards the first passage (a positive logit). */
const readerSure: LogisticModel = { weights: { readerTop: 40 }, bias: 0, threshold: 0.5 };

describe('SearchEngine with a reader (fake embedder, fake reader)', () => {
  let dataDir: string;
  let plain: SearchEngine;
  beforeAll(async () => {
    dataDir = await temp.make();
    await buildFake(dataDir, await seedArticles());
    plain = await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
  });

  it('re-orders the first `depth` candidates by the reader at weight 1, and reads no deeper', async () => {
    const before = (await plain.assess(QUESTION)).ranked;
    const target = before[4]!.chunk;
    const reader = new FakeReader((_q, p) => (p === plain.readerText(target) ? 6 : -6));
    const engine = await SearchEngine.open(dataDir, new FakeEmbedder(), {
      ...FAKE_SEARCH_PARAMS,
      reader,
      readerBlend: { depth: 10, weight: 1 },
      readerDecision: { answer: never, related: readerSure },
    });
    const { ranked, features, confidence } = await engine.assess(QUESTION);
    expect(reader.calls).toEqual([{ question: QUESTION, passages: 10 }]);
    expect(ranked[0]!.chunk).toBe(target);
    expect(ranked[0]!.reader).toBeGreaterThan(0.99);
    // The others keep the engine's order; past the depth nothing moves and nothing is read.
    expect(ranked.slice(1, 10).map((r) => r.chunk)).toEqual(
      before
        .slice(0, 10)
        .map((r) => r.chunk)
        .filter((c) => c !== target),
    );
    expect(ranked.slice(10).map((r) => r.chunk)).toEqual(before.slice(10).map((r) => r.chunk));
    expect(ranked.slice(10).every((r) => r.reader === undefined)).toBe(true);
    // Scores stay sorted, over the range the first ten held.
    for (let i = 1; i < ranked.length; i++)
      expect(ranked[i]!.score).toBeLessThanOrEqual(ranked[i - 1]!.score);
    expect(ranked[0]!.score).toBe(before[0]!.score);
    expect(features.readerTop).toBeCloseTo(0.6, 10); // the logit 6, over 10
    expect(confidence).toBe('related');
  });

  it('keeps the engine order at weight 0 but still lets the decision see the reader', async () => {
    const reader = new FakeReader(() => -6);
    const engine = await SearchEngine.open(dataDir, new FakeEmbedder(), {
      ...FAKE_SEARCH_PARAMS,
      reader,
      readerBlend: { depth: 5, weight: 0 },
      readerDecision: { answer: never, related: readerSure },
    });
    const { ranked, features, confidence } = await engine.assess(QUESTION);
    expect(ranked.map((r) => r.chunk)).toEqual((await plain.assess(QUESTION)).ranked.map((r) => r.chunk));
    expect(features.readerTop).toBeCloseTo(-0.6, 10);
    expect(confidence).toBe('none');
  });

  it('runs no reader that was never fit for this embedder, and ranks as without one', async () => {
    const reader = new FakeReader(() => 6);
    const engine = await SearchEngine.open(dataDir, new FakeEmbedder(), { ...FAKE_SEARCH_PARAMS, reader });
    expect(engine.reading).toBeNull();
    const answer = await engine.ask(QUESTION);
    expect(reader.calls).toEqual([]);
    expect(answer).toEqual(await plain.ask(QUESTION));
  });
});
