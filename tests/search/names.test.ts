import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { parseAliases } from '../../src/names/aliases.ts';
import { AliasTable } from '../../src/names/table.ts';
import { SearchEngine } from '../../src/search/engine.ts';
import { makeArticle } from '../helpers/articles.ts';
import { FAKE_SEARCH_PARAMS } from '../helpers/fake-params.ts';
import { buildFake } from '../helpers/fake-index.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

const aliases = new AliasTable(
  parseAliases(
    [
      'place  Kyiv, Kiev | uk: Київ | ru: Киев',
      'place  Odesa, Odessa | uk: Одеса | ru: Одесса',
      'person Zelensky, Zelenskyy, Zelenskiy | uk: Зеленський | ru: Зеленский',
    ].join('\n'),
  ),
);

const articles = [
  makeArticle({
    id: 'kiev',
    title: 'Night of shelling',
    text: 'Shelling hit Kiev overnight. Three districts of the capital lost power, the mayor said.',
  }),
  makeArticle({
    id: 'odessa',
    title: 'Grain ships sail',
    text: 'Grain exports resumed from the port of Odessa after months of blockade. Ships left for Turkey.',
  }),
  makeArticle({
    id: 'zelenskyy',
    title: 'Address to Congress',
    text: 'Zelenskyy addressed Congress in Washington and asked for more air defence systems.',
  }),
  makeArticle({
    id: 'gas',
    title: 'Gas prices',
    text: 'Gas prices rose in Germany as the pipeline stayed shut for maintenance.',
  }),
];

describe('SearchEngine reads names in every spelling (fake embedder)', () => {
  let withAliases: SearchEngine;
  let without: SearchEngine;
  beforeAll(async () => {
    const dataDir = await temp.make();
    await buildFake(dataDir, articles);
    withAliases = await SearchEngine.open(dataDir, new FakeEmbedder(), {
      ...FAKE_SEARCH_PARAMS,
      names: { aliases },
    });
    without = await SearchEngine.open(dataDir, new FakeEmbedder(), {
      ...FAKE_SEARCH_PARAMS,
      names: { aliases: AliasTable.empty, embed: 'question' },
    });
  });

  it('every spelling of a question ranks and scores the passages identically', async () => {
    const spellings = ['Kyiv', 'Kiev', 'Київ', 'Киев'].map((s) => `Which districts of ${s} lost power?`);
    const ranked = await Promise.all(spellings.map((q) => withAliases.rank(q)));
    for (const r of ranked.slice(1)) expect(r).toEqual(ranked[0]);
    expect(ranked[0]![0]!.chunk).toBe(0);
    // All of the question is in the Kiev passage: the name counts as covered whichever way it is spelled.
    expect(ranked[0]![0]!.coverage).toBeCloseTo(1, 12);
  });

  it('without aliases the other spelling is a missing word', async () => {
    const [kyiv] = await without.rank('Which districts of Kyiv lost power?', { limit: 1 });
    const [kiev] = await without.rank('Which districts of Kiev lost power?', { limit: 1 });
    expect(kiev!.coverage).toBeCloseTo(1, 12);
    expect(kyiv!.coverage).toBeLessThan(1);
    expect(kyiv!.lexical).toBeLessThan(kiev!.lexical);
  });

  it('highlights the sentence that names the place in the passage’s own spelling', async () => {
    const answer = await withAliases.ask('When did shelling hit Kyiv?');
    expect(answer.passages[0]!.citation.id).toBe('kiev');
    expect(answer.passages[0]!.highlight).toBe('Shelling hit Kiev overnight.');
    // No language note for an English question; every fixture article is from one outlet, so saying the best
    // passages come from one outlet would tell nothing.
    expect(answer.notes).toEqual([]);
  });

  it('a question in Russian gets the names it holds and a note that the articles are in English', async () => {
    const answer = await withAliases.ask('Откуда возобновился экспорт зерна из Одессы?');
    expect(answer.notes).toEqual([
      'The question is in Russian; the articles are in English, so only the names in it can match their words: Odesa.',
    ]);
    const ranked = await withAliases.rank('Откуда возобновился экспорт зерна из Одессы?', {
      mode: 'lexical',
    });
    expect(articles[ranked[0]!.chunk]!.id).toBe('odessa');
    expect(await without.rank('Откуда возобновился экспорт зерна из Одессы?', { mode: 'lexical' })).toEqual(
      [],
    );
  });

  it('a name the corpus spells otherwise is not an unknown word to the decision', () => {
    const withNames = withAliases
      .weightedTerms('Which districts of Kyiv lost power?')
      .find((t) => t.term === 'kiiv');
    expect(withNames).toMatchObject({ known: true, alternatives: ['kiev', 'киів', 'киев'] });
    expect(
      without.weightedTerms('Which districts of Kyiv lost power?').find((t) => t.term === 'kiiv')!.known,
    ).toBe(false);
    // One spelling's stems once: Zelenskyy and Zelenskiy fold to the same coverage stem.
    expect(withAliases.weightedTerms('What did Zelensky ask?')[0]!.alternatives).toEqual([
      'zelenskii',
      'зеленськии',
      'зеленскии',
    ]);
  });
});
