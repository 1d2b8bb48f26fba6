/**
 * Notes only when they inform: "the best passages all come from one outlet" is said when other outlets report on
 * the topic and the user did not pick one outlet; over a one-outlet topic, or with `source`, it says nothing new.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { SearchEngine } from '../../src/search/engine.ts';
import { makeArticle } from '../helpers/articles.ts';
import { FAKE_SEARCH_PARAMS } from '../helpers/fake-params.ts';
import { buildFake } from '../helpers/fake-index.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

const ONE_OUTLET = /^The best passages all come from one outlet/;

const articles = [
  makeArticle({
    id: 'a1',
    source: 'Daily Wire',
    title: 'Grain deal signed',
    text: 'The grain deal was signed in Istanbul. Grain exports from Odesa will resume under the grain deal.',
  }),
  makeArticle({
    id: 'a2',
    source: 'Daily Wire',
    title: 'Grain ships wait',
    text: 'Grain ships waited at Odesa for the grain deal inspections. The grain deal covers three ports.',
  }),
  makeArticle({
    id: 'b1',
    source: 'Other Post',
    title: 'Ports and prices',
    text: 'Wheat prices fell in Chicago on Monday, and corn and soybean futures followed. Traders said the deal on Odesa grain would weigh on prices for months, as farmers sold early.',
  }),
  makeArticle({
    id: 'c1',
    source: 'Solo News',
    title: 'Pipeline shut',
    text: 'The pipeline maintenance kept the gas pipeline shut. Pipeline flows stopped for the pipeline maintenance.',
  }),
  makeArticle({
    id: 'c2',
    source: 'Solo News',
    title: 'Pipeline again',
    text: 'The pipeline stayed shut after pipeline maintenance ended late. Pipeline operators blamed a turbine.',
  }),
];

let engine: SearchEngine;
beforeAll(async () => {
  const dataDir = await temp.make();
  await buildFake(dataDir, articles);
  engine = await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
});

describe('the one-outlet note', () => {
  it('is said when other outlets report on the topic but the best passages come from one', async () => {
    const answer = await engine.ask('grain deal Odesa grain exports', { k: 2 });
    expect(answer.passages.map((p) => p.citation.source)).toEqual(['Daily Wire', 'Daily Wire']);
    expect(answer.notes.some((n) => ONE_OUTLET.test(n))).toBe(true);
  });

  it('is not said when the user picked that outlet', async () => {
    const answer = await engine.ask('grain deal Odesa grain exports', { k: 2, source: 'Daily Wire' });
    expect(answer.passages).toHaveLength(2);
    expect(answer.notes.some((n) => ONE_OUTLET.test(n))).toBe(false);
  });

  it('is not said when only one outlet reports on the topic at all', async () => {
    const answer = await engine.ask('pipeline maintenance shut', { k: 2 });
    expect(answer.passages.map((p) => p.citation.source)).toEqual(['Solo News', 'Solo News']);
    expect(answer.notes.some((n) => ONE_OUTLET.test(n))).toBe(false);
  });
});
