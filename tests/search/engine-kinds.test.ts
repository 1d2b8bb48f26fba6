/** Requests that are not fact questions: a bare name or topic, and "what happened" on a date. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { SearchEngine } from '../../src/search/engine.ts';
import { seedArticles } from '../helpers/articles.ts';
import { buildFake } from '../helpers/fake-index.ts';
import { FAKE_SEARCH_PARAMS } from '../helpers/fake-params.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

describe('SearchEngine: topics and digests (fake embedder, seeds)', () => {
  let engine: SearchEngine;
  beforeAll(async () => {
    const dataDir = await temp.make();
    await buildFake(dataDir, await seedArticles());
    engine = await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
  });

  it('answers a bare name with passages that name it, most recent first among the relevant, and points to /timeline', async () => {
    const answer = await engine.ask('Blinken', { k: 5 });
    expect(answer.confidence).toBe('answer');
    expect(answer.passages.length).toBeGreaterThan(1);
    for (const p of answer.passages) expect(p.text).toMatch(/Blinken/);
    expect(answer.notes).toContain(
      'Read as a topic: the most relevant recent reporting on "Blinken". For its story in date order, ask for its timeline (/timeline topic:Blinken, or npm run timeline -- "Blinken").',
    );
  });

  it('leaves a topic the corpus never names as it was', async () => {
    const answer = await engine.ask('Tottenham Hotspur');
    expect(answer.confidence).not.toBe('answer');
    expect(answer.notes.some((n) => n.startsWith('Read as a topic'))).toBe(false);
  });

  it('answers "What happened on <date>?" with that day\'s stories, wire copies merged, not the word "happened"', async () => {
    const answer = await engine.ask('What happened on 22 February 2022?', { k: 5 });
    expect(answer.confidence).toBe('answer');
    expect(answer.time).toMatchObject({ after: '2022-02-22', before: '2022-02-22', source: 'question' });
    expect(answer.passages.length).toBeGreaterThan(0);
    for (const p of answer.passages) expect(p.citation.date).toBe('2022-02-22');
    // One passage per story, each an article's lead.
    expect(new Set(answer.passages.map((p) => p.citation.id)).size).toBe(answer.passages.length);
    for (const p of answer.passages) expect(p.chunkId).toMatch(/#0$/);
    expect(answer.notes.at(-1)).toMatch(
      /^Read as the news of .*: the main stories, the most widely reported first \(one passage per story\)\.$/,
    );
    expect(answer.articlesConsidered).toBe(2);
  });

  it('asks a date with nothing published as an ordinary question', async () => {
    const answer = await engine.ask('What happened on 5 May 2022?');
    expect(answer.notes.some((n) => n.startsWith('Read as the news of'))).toBe(false);
  });
});
