/**
 * The corpus is named and kept: an index records the paths and feeds it was built from, and a run given no paths
 * (`npm run index`, /reindex) re-reads exactly those, never seeds/ behind the admin's back; seeds/ only for an
 * index without that record (older ones keep today's behaviour).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEngineConfig } from '../../src/config.ts';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { chooseCorpus, corpusLine, corpusOf, mergeCorpus, recordPath } from '../../src/index/corpus.ts';
import { indexPaths, readRecordedCorpus } from '../../src/host/index-paths.ts';
import { EngineHost } from '../../src/host/engine-host.ts';
import { FAKE_SEARCH_PARAMS } from '../helpers/fake-params.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

const story = (title: string, body: string) =>
  `${title}\n\n${body} ${'The talks went on for hours in the capital. '.repeat(6)}\n`;

describe('chooseCorpus', () => {
  const recorded = { paths: ['news'], feeds: ['https://example.com/feed'] };
  it('command-line paths win, then CORPUS, then the record, then seeds/', () => {
    expect(chooseCorpus({ paths: ['a'], setting: ['b'], recorded })).toEqual({
      paths: ['a'],
      feeds: [],
      from: 'command line',
    });
    expect(chooseCorpus({ setting: ['b'], recorded })).toEqual({ paths: ['b'], feeds: [], from: 'CORPUS' });
    expect(chooseCorpus({ recorded, feeds: ['https://x.example/rss'] })).toEqual({
      paths: ['news'],
      feeds: ['https://x.example/rss', 'https://example.com/feed'],
      from: 'index',
    });
    expect(chooseCorpus({ recorded: null })).toEqual({ paths: ['seeds'], feeds: [], from: 'default' });
  });

  it('an index without a record behaves as before: seeds/, or only the feeds when the CLI names feeds alone', () => {
    expect(
      chooseCorpus({ feeds: ['https://x.example/rss'], recorded: null, feedsAloneReadNoFiles: true }).paths,
    ).toEqual([]);
    expect(chooseCorpus({ feeds: ['https://x.example/rss'], recorded: null }).paths).toEqual(['seeds']);
    expect(corpusOf({})).toBeNull();
    expect(corpusOf({ corpus: { paths: 'seeds' } })).toBeNull();
  });

  it('names the corpus and where it came from in one line', () => {
    expect(corpusLine({ paths: ['news', 'more'], feeds: ['https://example.com/feed'], from: 'index' })).toBe(
      'corpus: news, more; 1 feed (https://example.com/feed) (what the index was built from)',
    );
  });
});

describe('mergeCorpus', () => {
  it('adds a run to the record, or replaces it for --rebuild and --prune; paths inside the working folder stay relative', () => {
    const previous = { paths: ['seeds'], feeds: [] };
    expect(
      mergeCorpus(previous, { paths: ['news', 'seeds'], feeds: ['https://a.example/f'] }, false),
    ).toEqual({
      paths: ['seeds', 'news'],
      feeds: ['https://a.example/f'],
    });
    expect(mergeCorpus(previous, { paths: ['news'], feeds: [] }, true)).toEqual({
      paths: ['news'],
      feeds: [],
    });
    expect(recordPath('/elsewhere/news', '/repo')).toBe('/elsewhere/news');
    expect(recordPath('/repo/news/', '/repo')).toBe('news');
  });
});

describe('CORPUS', () => {
  it('is read as comma-separated paths (a path may hold spaces); unset is null', () => {
    expect(loadEngineConfig({ CORPUS: 'news, my articles ,' }).corpus).toEqual(['news', 'my articles']);
    expect(loadEngineConfig({}).corpus).toBeNull();
  });
});

describe('an index built from your own articles', () => {
  it('records them, and /reindex (the host, given no CORPUS) re-reads them without mixing in seeds/', async () => {
    const root = await temp.make();
    const mine = path.join(root, 'mine');
    await mkdir(mine);
    await writeFile(
      path.join(mine, 'a.txt'),
      story('Blinken meets Kuleba', 'Blinken met Kuleba in Washington.'),
    );
    await writeFile(
      path.join(mine, 'b.txt'),
      story('Lavrov in Geneva', 'Lavrov spoke to reporters in Geneva.'),
    );
    const dataDir = path.join(root, 'data');
    const embedder = new FakeEmbedder();
    const built = await indexPaths({ inputs: [mine], dataDir, embedder });
    expect(built.articles).toBe(2);
    expect(await readRecordedCorpus(dataDir)).toEqual({ paths: [mine], feeds: [] });

    const logs: string[] = [];
    const host = await EngineHost.open({
      dataDir,
      embedder,
      search: FAKE_SEARCH_PARAMS,
      pollMs: 0,
      log: (m) => logs.push(m),
    });
    try {
      expect((await host.current().stats()).corpus).toEqual({ paths: [mine], feeds: [] });
      const summary = await host.reindex();
      expect(summary).toMatchObject({ articles: 2, unchanged: 2, added: 0 });
      expect(logs).toContain(`corpus: ${mine} (what the index was built from)`);
      expect((await host.current().documents()).map((d) => d.title).sort()).toEqual([
        'Blinken meets Kuleba',
        'Lavrov in Geneva',
      ]);
    } finally {
      await host.close();
    }

    // Changing it is explicit: a CORPUS setting (the host's `corpus`) adds those paths, and the record follows.
    const other = path.join(root, 'other');
    await mkdir(other);
    await writeFile(
      path.join(other, 'c.txt'),
      story('Grain ships leave Odesa', 'The grain corridor opened.'),
    );
    const host2 = await EngineHost.open({
      dataDir,
      embedder,
      corpus: [other],
      search: FAKE_SEARCH_PARAMS,
      pollMs: 0,
    });
    try {
      expect(await host2.reindex()).toMatchObject({ articles: 3, added: 1 });
      expect(await readRecordedCorpus(dataDir)).toEqual({ paths: [mine, other], feeds: [] });
    } finally {
      await host2.close();
    }
  });
});
