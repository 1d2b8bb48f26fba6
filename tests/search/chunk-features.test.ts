/**
 * The precomputed chunk features must give exactly what the string code gave: the same coverage numbers (to
 * the last bit), the same shingle containment, the same duplicate groups and the same answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { words } from '../../src/index/tokenize.ts';
import { ChunkFeatures, keyContainment, shingleKeys, Vocabulary } from '../../src/search/chunk-features.ts';
import { type RankedChunk, SearchEngine } from '../../src/search/engine.ts';
import { QueryMatcher } from '../../src/search/match.ts';
import { containment, shingles } from '../../src/search/ranking.ts';
import type { Article } from '../../src/types.ts';
import { makeArticle, seedArticles } from '../helpers/articles.ts';
import { buildFake } from '../helpers/fake-index.ts';
import { FAKE_SEARCH_PARAMS } from '../helpers/fake-params.ts';
import { randomSentence, seededRandom } from '../helpers/random-text.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

/** Texts where word folding, possessives, short texts and repeats could make a shortcut differ. */
const TRICKY = [
  '',
  'Kyiv',
  'Kyiv talks',
  'Kyiv talks resumed',
  'talks talks talks talks',
  'Zelenskyy’s aides met Mr. Blinken in Washington. Then they left!',
  'Ćrna Gora’s envoy said: «ΣΟΦΟΣ» — Kharkiv, Kharkov and Харків.\nNew line here? Yes.',
  'The U.S. and the U.K. said 2,000 troops. "They will go," he said. (Not yet.)',
];

const QUESTIONS = [
  'When did Russia seize Crimea?',
  'Who did Kuleba meet in Washington?',
  'What sanctions on Russian banks were announced?',
  'troops border talks Kyiv Kiev',
  'Zelenskyy aides',
];

/** What the engine's duplicate check computed before the features: string shingles per candidate. */
function mergeByStrings(
  engine: SearchEngine,
  ranked: RankedChunk[],
  limit: number,
): { groups: number[][]; more: boolean } {
  const chunks = engine.data.chunks;
  const groups: { chunks: number[]; sh: Set<string> }[] = [];
  let more = false;
  for (const r of ranked) {
    const chunk = chunks[r.chunk]!;
    const sh = shingles(words(chunk.text));
    const home = groups.find(
      (g) =>
        chunks[g.chunks[0]!]!.doc !== chunk.doc &&
        (containment(sh, g.sh) >= 0.6 || containment(g.sh, sh) >= 0.6),
    );
    if (home) {
      if (!home.chunks.slice(1).some((c) => chunks[c]!.doc === chunk.doc)) home.chunks.push(r.chunk);
    } else if (groups.length < limit) groups.push({ chunks: [r.chunk], sh });
    else more = true;
  }
  return { groups: groups.map((g) => g.chunks), more };
}

describe('shingle keys', () => {
  it('give the containment of string shingles on tricky and random texts', () => {
    const rng = seededRandom(22);
    const texts = [
      ...TRICKY,
      ...Array.from({ length: 40 }, () =>
        Array.from({ length: 1 + Math.floor(rng() * 4) }, () => randomSentence(rng, 1, 8)).join(' '),
      ),
    ];
    const vocabulary = new Vocabulary();
    const keys = texts.map((t) => shingleKeys(words(t).map((w) => vocabulary.id(w))));
    const sets = texts.map((t) => shingles(words(t)));
    texts.forEach((_, i) => {
      expect(keys[i]!.length / 2, texts[i]).toBe(sets[i]!.size);
      texts.forEach((__, j) =>
        expect(keyContainment(keys[i]!, keys[j]!), `${i} in ${j}`).toBe(containment(sets[i]!, sets[j]!)),
      );
    });
  });

  it('say what they expected when the shingle size is not 3', () => {
    expect(() => shingleKeys([1, 2], 2)).toThrow('shingleKeys: expected 3-word shingles, got 2');
  });
});

describe('chunk features over the seeds and a wire copy (fake embedder)', () => {
  let engine: SearchEngine;
  let articles: Article[];
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await temp.make();
    const seeds = await seedArticles();
    // A wire copy of one seed under another outlet, and tricky texts, so duplicates and folding are exercised.
    const copy = makeArticle({
      id: 'wire-copy',
      title: `${seeds[2]!.title} (wire)`,
      text: seeds[2]!.text,
      source: 'Wire',
    });
    articles = [
      ...seeds,
      copy,
      makeArticle({ id: 'tricky', title: 'Tricky text', text: TRICKY.filter(Boolean).join('\n\n') }),
    ];
    await buildFake(dataDir, articles);
    engine = await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
  });

  it('match every chunk exactly as the string matcher does, for every question', () => {
    for (const question of QUESTIONS) {
      const matcher = new QueryMatcher(engine.weightedTerms(question));
      engine.data.chunks.forEach((chunk, i) => {
        const { spans, ...expected } = matcher.match(chunk.text);
        const feature = engine.features.get(i);
        expect(matcher.matchFeature(feature, engine.features.vocabulary), `${question} / chunk ${i}`).toEqual(
          expected,
        );
        expect(Array.from(feature.spans)).toEqual(spans.flatMap((s) => [s.start, s.end]));
      });
    }
  });

  it('rank with the coverage of the string matcher and group duplicates as the string shingles did', async () => {
    for (const question of QUESTIONS) {
      const matcher = new QueryMatcher(engine.weightedTerms(question));
      const ranked = await engine.rank(question, { matcher });
      expect(ranked.length).toBeGreaterThan(0);
      for (const r of ranked) {
        const m = matcher.match(engine.data.chunks[r.chunk]!.text);
        expect([r.coverage, r.focus, r.hasRarest]).toEqual([
          m.passage,
          Math.max(0, ...m.sentences),
          m.hasRarest,
        ]);
      }
      for (const limit of [1, 3, 60]) {
        const { groups, more } = engine.mergeDuplicates(ranked, limit);
        expect({ groups: groups.map((g) => [g.best.chunk, ...g.copies.map((c) => c.chunk)]), more }).toEqual(
          mergeByStrings(engine, ranked, limit),
        );
      }
    }
    const crimea = engine.mergeDuplicates(await engine.rank('When did Russia seize Crimea?'), 5);
    expect(crimea.groups.some((g) => g.copies.length > 0)).toBe(true);
  });

  it('answer the same from a fresh engine as from one whose features are all filled', async () => {
    const fresh = await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
    for (const question of QUESTIONS) expect(await fresh.ask(question)).toEqual(await engine.ask(question));
    expect(engine.features.usage().chunks).toBe(engine.data.chunks.length);
  });

  it('are read once per chunk and say what they expected of a chunk number', () => {
    const features = new ChunkFeatures(2, (i) => ['One sentence here. Another one.', 'x'][i]!);
    expect(features.get(0)).toBe(features.get(0));
    expect(Array.from(features.get(0).sentenceStarts)).toEqual([0, 3, 5]);
    expect(() => features.get(2)).toThrow('ChunkFeatures: expected a chunk number in [0, 2), got 2');
  });

  it('drop what they hold past their limit and refill it the same', () => {
    const texts = ['Kyiv talks resumed. Then stopped.', 'Talks in Kyiv resumed.', 'Kyiv'];
    const features = new ChunkFeatures(3, (i) => texts[i]!, 2);
    const first = [0, 1, 2].map((i) => features.get(i));
    expect(features.usage().chunks).toBe(1);
    expect([0, 1, 2].map((i) => features.get(i))).toEqual(first);
  });
});
