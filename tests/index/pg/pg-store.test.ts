import { beforeEach, describe, expect, it } from 'vitest';
import { FakeEmbedder } from '../../../src/embed/fake.ts';
import { IndexWriteError, readGeneration } from '../../../src/index/store.ts';
import { denseCandidates, lexicalCandidates } from '../../../src/index/pg/candidates.ts';
import { currentPgGeneration, readPgGeneration } from '../../../src/index/pg/reader.ts';
import { writePgGeneration } from '../../../src/index/pg/writer.ts';
import { terms } from '../../../src/index/tokenize.ts';
import type { Article } from '../../../src/types.ts';
import { makeArticle, seedArticles } from '../../helpers/articles.ts';
import { buildFake, RecordingEmbedder } from '../../helpers/fake-index.ts';
import { usePostgres } from '../../helpers/pg-server.ts';
import { PgView } from '../../../src/search/pg-candidates.ts';
import { generationSchema } from '../../../src/index/pg/schema.ts';
import { TempDirs } from '../../helpers/temp-dir.ts';

const pg = usePostgres();
const temp = new TempDirs();

function walrus(): Article {
  return makeArticle({
    id: 'walrus',
    title: 'Walrus news',
    text: 'The walrus committee met on Tuesday. Members said the walrus plan needed more time.',
  });
}

async function generationSchemas(): Promise<string[]> {
  const rows = await pg.db.query<{ name: string }>(
    `SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE 'cd\\_gen-%' ORDER BY 1`,
  );
  return rows.map((r) => r.name.slice(3));
}

describe('the index in PostgreSQL', () => {
  let seeds: Article[];
  beforeEach(async () => {
    await pg.reset();
    seeds = await seedArticles();
  });

  it('holds what the file store holds: documents, chunks, windows and vectors, row for row', async () => {
    const dir = await temp.make();
    await buildFake(dir, seeds);
    const { summary } = await buildFake(dir, seeds, { database: pg.db });
    expect(summary).toMatchObject({ added: 5, articles: 5 });
    expect(await currentPgGeneration(pg.db)).toBe(summary.generation);
    const files = await readGeneration(dir);
    const rows = await readPgGeneration(pg.db);
    expect(rows.generation).toBe(summary.generation);
    expect(rows.chunks).toEqual(files.chunks);
    expect(rows.manifest.documents).toEqual(files.manifest.documents);
    expect(rows.manifest.counts).toEqual(files.manifest.counts);
    expect(rows.windows.hash).toEqual(files.windows.hash);
    expect([...rows.windows.start]).toEqual([...files.windows.start]);
    expect([...rows.windows.label]).toEqual(rows.windows.hash.map((_, i) => i));
    expect([...rows.vectors]).toEqual([...files.vectors]);
    await temp.cleanup();
  });

  it('updates incrementally: unchanged articles are not embedded again, a removed one is gone', async () => {
    await buildFake('unused', [...seeds, walrus()], { database: pg.db });
    const again = await buildFake('unused', seeds, { database: pg.db, embedder: new RecordingEmbedder() });
    expect(again.summary).toMatchObject({ unchanged: 5, removed: 1, embedded: 0 });
    const data = await readPgGeneration(pg.db);
    expect(data.manifest.documents.map((d) => d.id)).toEqual(seeds.map((a) => a.id));
    expect(await lexicalCandidates(pg.db, data.generation, terms('walrus committee'), 10)).toEqual([]);
  });

  it('keeps the generation it replaced (a reader may still use it) and drops older ones', async () => {
    const a = (await buildFake('unused', seeds, { database: pg.db })).summary.generation;
    const b = (await buildFake('unused', seeds, { database: pg.db })).summary.generation;
    expect(await generationSchemas()).toEqual([a, b].sort());
    const c = (await buildFake('unused', seeds, { database: pg.db })).summary.generation;
    expect(await generationSchemas()).toEqual([b, c].sort());
    expect(await currentPgGeneration(pg.db)).toBe(c);
  });

  it('a writer that started from a generation another run has replaced is refused and changes nothing', async () => {
    const first = (await buildFake('unused', seeds, { database: pg.db })).summary.generation;
    const stale = await readPgGeneration(pg.db);
    const second = (await buildFake('unused', [...seeds, walrus()], { database: pg.db })).summary.generation;
    await expect(writePgGeneration(pg.db, stale, { expectedCurrent: first })).rejects.toThrow(
      new IndexWriteError(
        `another indexing run made ${second} current while this one worked from ${first}; run again`,
      ),
    );
    expect(await currentPgGeneration(pg.db)).toBe(second);
    expect(await generationSchemas()).toEqual([first, second].sort());
  });

  it('finds candidates with the BM25 and HNSW indexes, and limits them to the documents asked for', async () => {
    await buildFake('unused', [...seeds, walrus()], { database: pg.db });
    const data = await readPgGeneration(pg.db);
    const walrusDoc = data.manifest.documents.findIndex((d) => d.id === 'walrus');
    const lexical = await lexicalCandidates(pg.db, data.generation, terms('walrus'), 10);
    expect(lexical.map((h) => data.chunks[h.chunk]!.doc)).toEqual([walrusDoc]);
    expect(lexical[0]!.score).toBeGreaterThan(0);
    const others = {
      ids: data.manifest.documents.map((d) => d.id).filter((id) => id !== 'walrus'),
      sources: null,
      excluded: [],
      after: null,
      before: null,
    };
    expect(await lexicalCandidates(pg.db, data.generation, terms('walrus'), 10, others)).toEqual([]);

    const [q] = await new FakeEmbedder().embedQueries(['walrus committee plan']);
    const dense = await denseCandidates(pg.db, data.generation, q!, 3, { efSearch: 100 });
    expect(dense).toHaveLength(3);
    const row = data.manifest.documents[walrusDoc]!.windowStart;
    const dims = data.manifest.embedder.dimensions;
    const exact = await denseCandidates(
      pg.db,
      data.generation,
      data.vectors.subarray(row * dims, (row + 1) * dims),
      1,
      { efSearch: 100 },
    );
    expect(exact[0]).toMatchObject({ window: row });
    expect(exact[0]!.cosine).toBeCloseTo(1, 5);
    const filtered = await denseCandidates(pg.db, data.generation, q!, 50, { efSearch: 100, filter: others });
    expect(filtered.length).toBeGreaterThan(0);
    expect(
      filtered.every(
        (h) => h.window < row || h.window >= row + data.manifest.documents[walrusDoc]!.windowCount,
      ),
    ).toBe(true);
  });

  it("keeps each generation's BM25 statistics: document frequencies with coverage stems, N and total length", async () => {
    await buildFake('unused', [...seeds, walrus()], { database: pg.db });
    const data = await readPgGeneration(pg.db);
    const s = generationSchema(data.generation);
    const [walrusRow] = await pg.db.query<{ df: number; stem: string }>(
      `SELECT df, stem FROM ${s}.terms WHERE term = 'walrus'`,
    );
    expect(walrusRow).toEqual({ df: 1, stem: 'walru' });
    const stats = await pg.db.query<{ name: string; value: number }>(
      `SELECT name, value FROM ${s}.stats ORDER BY name`,
    );
    const lengths = data.chunks.map(
      (c) => terms(`${data.manifest.documents[c.doc]!.title}\n${c.text}`).length,
    );
    expect(stats).toEqual([
      { name: 'chunks', value: data.chunks.length },
      { name: 'terms', value: lengths.reduce((a, b) => a + b, 0) },
    ]);
  });

  it('a generation written before the statistics tables is refused by the query path, naming what to run', async () => {
    await buildFake('unused', seeds, { database: pg.db });
    const generation = (await currentPgGeneration(pg.db))!;
    await pg.db.query(`DROP TABLE ${generationSchema(generation)}.stats`);
    await expect(PgView.open(pg.db)).rejects.toThrow(
      `crisis-desk: generation ${generation} was written before the database kept its term statistics, which a query process reads instead of loading the index: run \`npm run index\``,
    );
  });
});
