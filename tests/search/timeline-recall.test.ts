/**
 * Timelines with recall (issue 18, item 10): every article that names the topic is considered, not only the
 * best-ranked passages; an article that names it only as a landmark is left out; a person's name gives that
 * person's timeline. Tiny articles, the deterministic fake embedder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { SearchEngine } from '../../src/search/engine.ts';
import { noLandmarkRule } from '../../src/search/landmark.ts';
import { buildTimeline, fullNote } from '../../src/search/timeline.ts';
import type { Article } from '../../src/types.ts';
import { makeArticle } from '../helpers/articles.ts';
import { buildFake } from '../helpers/fake-index.ts';
import { FAKE_SEARCH_PARAMS } from '../helpers/fake-params.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

/**
 * Sentences about other things, different for every article (shared ones would make the articles wire copies of
 * each other), so that one mention of a name sits in a long passage that ranks low.
 */
const FILLER: Record<string, string> = {
  aid:
    'Lawmakers in Washington debated the size of a new military package late into the evening. Several senators asked ' +
    'for more detail on the cost, the schedule and the oversight of the spending before any vote.',
  convoy:
    'Trains left the eastern stations every hour, crowded with families carrying bags and pets. Volunteers handed out ' +
    'blankets, tea and bread on the platforms while officials urged everyone still there to leave now.',
  warship:
    'The vessel had been unloading armoured vehicles when the blast tore through its deck, sending smoke across the bay. ' +
    'Naval analysts said the loss would slow the resupply of troops along the southern coast for weeks.',
  bucha:
    'Investigators collected evidence in the streets and cellars of the suburb after the withdrawal. Prosecutors from ' +
    'several European countries offered forensic teams, and the court in The Hague opened its own inquiry.',
  izium:
    'The intelligence directorate said dozens of soldiers fell ill after the meal and two died at once. Commanders ' +
    'ordered field kitchens to stop accepting food from villagers, according to intercepted calls.',
  shell:
    'Retail chains, carmakers and software firms announced one after another that they would pause sales. Activists ' +
    'published lists of brands still trading and organised protests outside their headquarters in London.',
  un:
    'An internal email told staff in New York to describe the situation as a conflict or a military offensive. ' +
    'Diplomats from several member states wrote to the secretary-general asking for the guidance to be withdrawn.',
  video:
    'The footage, shared widely on messaging apps, appears to show a wounded man lying on a road near a village. ' +
    'Reporters verified the location from buildings and trees visible in the background of the clip.',
};
const filler = (id: string) => FILLER[id]!;

const articles: Article[] = [
  makeArticle({
    id: 'theatre',
    source: 'HuffPost',
    date: '2022-03-16',
    title: 'Russia bombs Mariupol theatre',
    text: 'A shelter in the Mariupol drama theatre was hit by a Russian bomb, city officials said. The siege of Mariupol has cut water and power across Mariupol.',
  }),
  makeArticle({
    id: 'aid',
    source: 'HuffPost',
    date: '2022-03-05',
    title: 'Congress weighs another aid package',
    text: `${filler('aid')} Aid workers warn that food is running out in Mariupol and that families there want to get out.`,
  }),
  makeArticle({
    id: 'convoy',
    source: 'BBC News',
    date: '2022-04-06',
    title: 'Residents of the east urged to leave',
    text: `${filler('convoy')} A Red Cross team failed again to get into Mariupol, where it hopes to escort buses of evacuees out.`,
  }),
  makeArticle({
    id: 'warship',
    source: 'HuffPost',
    date: '2022-03-24',
    title: 'Ukraine sinks a Russian landing ship',
    text:
      'A Russian landing ship blew up in the harbour of Berdyansk, a port 45 miles west of Mariupol. ' +
      `${filler('warship')} Kyiv says thousands of civilians from Mariupol have been taken to Russia against their will.`,
  }),
  makeArticle({
    id: 'bucha',
    source: 'HuffPost',
    date: '2022-04-06',
    title: 'After Bucha, what next?',
    text: `${filler('bucha')} Troops are expected to regroup for a push into the Donbas region, which includes the port of Mariupol.`,
  }),
  makeArticle({
    id: 'izium',
    source: 'HuffPost',
    date: '2022-04-03',
    title: 'Poisoned buns sicken Russian troops',
    text: `${filler('izium')} The sick soldiers had been given pastries in a village some 80 miles northeast of Mariupol, officials said.`,
  }),
  makeArticle({
    id: 'shell',
    source: 'HuffPost',
    date: '2022-03-08',
    title: 'Brands under pressure to quit Russia',
    text: `${filler('shell')} Foreign Minister Dmytro Kuleba criticised an oil company for still buying Russian crude.`,
  }),
  makeArticle({
    id: 'un',
    source: 'HuffPost',
    date: '2022-03-09',
    title: 'UN staff told to avoid a word',
    text: `${filler('un')} Dmytro Kuleba said the guidance from the UN amounted to censorship.`,
  }),
  makeArticle({
    id: 'video',
    source: 'BBC News',
    date: '2022-04-07',
    title: 'A clip from the front is examined',
    text: `${filler('video')} Kuleba promised that the clip would be looked into.`,
  }),
  makeArticle({
    id: 'cake',
    source: 'RT',
    date: '2022-05-01',
    title: 'Baking',
    text: 'A recipe for lemon cake needs flour, sugar, butter and three eggs, baked for forty minutes.',
  }),
];

describe('timelines with recall (fake embedder)', () => {
  let engine: SearchEngine;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await temp.make();
    await buildFake(dataDir, articles);
    engine = await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
  });

  it('considers every article that reports on a place, however low its one mention ranks', async () => {
    const t = await engine.timeline('Mariupol');
    expect(t.confidence).toBe('answer');
    expect(t.events.map((e) => [e.date, e.citation.id])).toEqual([
      ['2022-03-05', 'aid'],
      ['2022-03-16', 'theatre'],
      ['2022-03-24', 'warship'],
      ['2022-04-06', 'convoy'],
    ]);
    expect(t.events.find((e) => e.citation.id === 'convoy')!.sentence).toBe(
      'A Red Cross team failed again to get into Mariupol, where it hopes to escort buses of evacuees out.',
    );
  });

  it('leaves out articles that name the place only as a landmark, and quotes what an article reports rather than its landmark', async () => {
    const t = await engine.timeline('Mariupol');
    const ids = t.events.map((e) => e.citation.id);
    expect(ids).not.toContain('bucha');
    expect(ids).not.toContain('izium');
    expect(t.events.find((e) => e.citation.id === 'warship')!.sentence).toBe(
      'Kyiv says thousands of civilians from Mariupol have been taken to Russia against their will.',
    );
    // The landmark rule leaves them out, not their rank: without it, both come back.
    const all = await buildTimeline(engine, 'Mariupol', {}, { landmarks: noLandmarkRule });
    expect(all.events.map((e) => e.citation.id)).toEqual(expect.arrayContaining(['bucha', 'izium']));
  });

  it('gives a person’s timeline for their name, surname alone or in full', async () => {
    for (const topic of ['Kuleba', 'Dmytro Kuleba']) {
      const t = await engine.timeline(topic);
      expect(t.confidence).toBe('answer');
      expect(t.events.map((e) => e.citation.id)).toEqual(
        topic === 'Kuleba' ? ['shell', 'un', 'video'] : ['shell', 'un'],
      );
      expect(t.events.every((e) => /Kuleba/.test(e.sentence))).toBe(true);
    }
  });

  it('gives a person’s timeline even where the decision finds the bare name covered by nothing', async () => {
    // A real model's decision reads a lone surname as off topic ("Kuleba" over 400 articles: no answer); the
    // passages that name him are still his reporting.
    const never = { weights: {}, bias: -100, threshold: 0.5 };
    const strict = await SearchEngine.open(dataDir, new FakeEmbedder(), {
      ...FAKE_SEARCH_PARAMS,
      decision: { answer: never, related: never },
    });
    const t = await strict.timeline('Kuleba');
    expect(t.confidence).toBe('answer');
    expect(t.events.map((e) => e.citation.id)).toEqual(['shell', 'un', 'video']);
    expect(await strict.timeline('lemon meringue pie')).toMatchObject({ confidence: 'none', events: [] });
  });

  it('applies the filters to every article it considers', async () => {
    const t = await engine.timeline('Mariupol', { before: '2022-03-31', source: 'HuffPost' });
    expect(t.events.map((e) => e.citation.id)).toEqual(['aid', 'theatre', 'warship']);
    const april = await engine.timeline('Mariupol in April 2022');
    expect(april.events.map((e) => e.citation.id)).toEqual(['convoy']);
  });

  it('says when more articles report on the topic than the events shown, and only then', async () => {
    const full = await engine.timeline('Mariupol', { limit: 2 });
    expect(full.events).toHaveLength(2);
    expect(full.notes).toContain(fullNote(2));
    expect(fullNote(2)).toBe(
      'More articles report on this than the 2 events shown (the most relevant): narrow it with a date range or an outlet, or ask for up to 100 events.',
    );
    expect((await engine.timeline('Mariupol', { limit: 4 })).notes).not.toContain(fullNote(4));
  });

  it('still finds nothing for a topic no article names', async () => {
    const t = await engine.timeline('quantum chromodynamics lattice gauge');
    expect(t).toMatchObject({ confidence: 'none', events: [] });
  });
});
