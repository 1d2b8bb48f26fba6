import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chunkArticle, defaultChunkOptions, embeddingWindows } from '../../src/chunk/chunker.ts';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { hashArticle } from '../../src/index/indexer.ts';
import {
  checkCompatible,
  IndexUnusableError,
  type Manifest,
  SCHEMA_VERSION,
} from '../../src/index/manifest.ts';
import { currentGeneration } from '../../src/index/generations.ts';
import { readGeneration } from '../../src/index/store.ts';
import { SearchEngine } from '../../src/search/engine.ts';
import type { Article } from '../../src/types.ts';
import { seedArticles } from '../helpers/articles.ts';
import { buildFake } from '../helpers/fake-index.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

const REBUILD = 'run `npm run index -- --rebuild`';

describe('a persisted index generation', () => {
  let dataDir: string;
  let articles: Article[];
  beforeEach(async () => {
    dataDir = await temp.make();
    articles = await seedArticles();
  });

  it('round-trips: the chunks, windows and vectors read back are those of the articles', async () => {
    const { summary } = await buildFake(dataDir, articles);
    expect(await currentGeneration(dataDir)).toBe(summary.generation);
    const data = await readGeneration(dataDir);
    expect(data.generation).toBe(summary.generation);
    const fake = new FakeEmbedder();
    let windowRows = 0;
    for (const [doc, article] of articles.entries()) {
      const record = data.manifest.documents[doc]!;
      const chunks = data.chunks.slice(record.chunkStart, record.chunkStart + record.chunkCount);
      expect(
        chunks.map((c) => ({ ordinal: c.ordinal, text: c.text, start: c.start, end: c.end, doc: c.doc })),
      ).toEqual(
        chunkArticle(article).map((c) => ({
          ordinal: c.ordinal,
          text: c.text,
          start: c.start,
          end: c.end,
          doc,
        })),
      );
      const spans = embeddingWindows(article.text, fake.maxTokens, (s) => fake.countTokens(s));
      expect(record.windowStart).toBe(windowRows);
      expect(record.windowCount).toBe(spans.length);
      const vectors = await fake.embed(spans.map((s) => article.text.slice(s.start, s.end)));
      spans.forEach((s, j) => {
        const row = record.windowStart + j;
        expect([data.windows.start[row], data.windows.end[row]]).toEqual([s.start, s.end]);
        expect(data.vectors.subarray(row * fake.dimensions, (row + 1) * fake.dimensions)).toEqual(vectors[j]);
      });
      windowRows += spans.length;
      // Every chunk is scored by at least one of its own article's windows, and those overlap it.
      for (const c of chunks) {
        expect(c.windows.length).toBeGreaterThan(0);
        for (const w of c.windows) {
          expect(w).toBeGreaterThanOrEqual(record.windowStart);
          expect(w).toBeLessThan(record.windowStart + record.windowCount);
          expect(Math.min(data.windows.end[w]!, c.end)).toBeGreaterThan(
            Math.max(data.windows.start[w]!, c.start),
          );
        }
      }
    }
    expect(data.windows.label.length).toBe(windowRows);
    expect(data.vectors.length).toBe(windowRows * fake.dimensions);
    expect(data.hnsw.count).toBe(windowRows);
    expect(new Set(data.windows.label).size).toBe(windowRows);
    expect(summary).toMatchObject({
      added: 5,
      changed: 0,
      removed: 0,
      unchanged: 0,
      articles: 5,
      chunks: data.chunks.length,
      embedded: windowRows,
    });
  });

  it('writes a manifest with the schema version, embedder, chunking and a hash per document', async () => {
    await buildFake(dataDir, articles, { chunking: { targetWords: 60 } });
    const { manifest } = await readGeneration(dataDir);
    const fake = new FakeEmbedder();
    expect(manifest.schemaVersion).toBe(SCHEMA_VERSION);
    expect(manifest.embedder).toEqual({
      id: fake.id,
      dimensions: fake.dimensions,
      maxTokens: fake.maxTokens,
    });
    expect(manifest.chunking).toEqual({ ...defaultChunkOptions, targetWords: 60 });
    expect(manifest.hnsw).toMatchObject({ space: 'ip', deleted: 0 });
    expect(Number.isNaN(Date.parse(manifest.createdAt))).toBe(false);
    expect(
      manifest.documents.map((d) => [d.id, d.hash, d.title, d.source, d.date, d.url, d.path, d.characters]),
    ).toEqual(
      articles.map((a) => [a.id, hashArticle(a), a.title, a.source, a.date, a.url, a.path, a.text.length]),
    );
    for (const d of manifest.documents) expect(d.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.counts.documents).toBe(5);
  });

  it('hashArticle changes with anything that reaches the index', () => {
    const a = articles[0]!;
    const hashes = new Set([
      hashArticle(a),
      hashArticle({ ...a, text: `${a.text} ` }),
      hashArticle({ ...a, title: 'x' }),
      hashArticle({ ...a, source: 'x' }),
      hashArticle({ ...a, date: '2022-01-01' }),
      hashArticle({ ...a, url: 'https://x' }),
      hashArticle({ ...a, path: 'x' }),
    ]);
    expect(hashes.size).toBe(7);
    expect(hashArticle({ ...a })).toBe(hashArticle(a));
  });

  it('an index built with another embedder is unusable, and the message says how to rebuild', async () => {
    await buildFake(dataDir, articles);
    const other = new FakeEmbedder({ dimensions: 32 });
    const error = await SearchEngine.open(dataDir, other).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexUnusableError);
    expect((error as Error).message).toBe(
      'crisis-desk: the index was built with embedder fake-hash-64 (64-d) but the configured one is fake-hash-32 (32-d): ' +
        `${REBUILD} or set EMBEDDING_MODEL back`,
    );
  });

  it('an embedder with another id but the same dimensions is refused too', async () => {
    class OtherModel extends FakeEmbedder {
      override readonly id = 'other-model@1';
    }
    await buildFake(dataDir, articles);
    const error = await SearchEngine.open(dataDir, new OtherModel()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexUnusableError);
    expect((error as Error).message).toContain(
      'built with embedder fake-hash-64 (64-d) but the configured one is other-model@1 (64-d)',
    );
    expect((error as Error).message).toContain(REBUILD);
  });

  it('checkCompatible rejects another schema version with the rebuild command', async () => {
    await buildFake(dataDir, articles);
    const { manifest } = await readGeneration(dataDir);
    const old: Manifest = { ...manifest, schemaVersion: SCHEMA_VERSION + 1 };
    expect(() => checkCompatible(old, { embedderId: 'fake-hash-64', dimensions: 64 })).toThrow(
      new IndexUnusableError(
        `index schema ${SCHEMA_VERSION + 1} is not the schema this version reads (${SCHEMA_VERSION}): ${REBUILD}`,
      ),
    );
    expect(() => checkCompatible(manifest, { embedderId: 'fake-hash-64', dimensions: 64 })).not.toThrow();
  });

  it('no index yet, or a damaged one, is an IndexUnusableError that names the command to run', async () => {
    await expect(readGeneration(dataDir)).rejects.toThrow(
      new IndexUnusableError(`no index in ${dataDir}: run \`npm run index\``),
    );
    const { summary } = await buildFake(dataDir, articles);
    await rm(path.join(dataDir, summary.generation, 'vectors.f32'));
    const error = await readGeneration(dataDir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexUnusableError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^crisis-desk: index generation ${summary.generation} in .* is damaged \\(.*ENOENT.*\\): run \`npm run index -- --rebuild\`$`,
      ),
    );
  });

  it('a changed graph or chunk file is caught by its checksum, and loading still reads every chunk and vector', async () => {
    const { summary } = await buildFake(dataDir, articles);
    const data = await readGeneration(dataDir);
    // Parsed line by line and viewed without a copy (issue 22): the same chunks and floats as the files hold.
    const lines = (await readFile(path.join(dataDir, summary.generation, 'chunks.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean);
    expect(data.chunks).toEqual(lines.map((l) => JSON.parse(l)));
    const bytes = await readFile(path.join(dataDir, summary.generation, 'vectors.f32'));
    expect(Array.from(data.vectors)).toEqual(
      Array.from(new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))),
    );
    const graph = path.join(dataDir, summary.generation, 'hnsw.bin');
    const original = await readFile(graph);
    const flipped = Buffer.from(original);
    flipped[flipped.length - 1] = flipped.at(-1)! ^ 1;
    await writeFile(graph, flipped);
    await expect(readGeneration(dataDir)).rejects.toThrow(
      "hnsw.bin: its content does not match the manifest's sha256",
    );
    await writeFile(graph, original.subarray(0, original.length - 1));
    await expect(readGeneration(dataDir)).rejects.toThrow(
      `hnsw.bin: expected ${original.length} bytes, found ${original.length - 1}`,
    );
  });

  it('a damaged generation stops the next run too (no silent rebuild); --rebuild replaces it', async () => {
    const first = await buildFake(dataDir, articles);
    await writeFile(path.join(dataDir, first.summary.generation, 'manifest.json'), '{');
    await expect(buildFake(dataDir, articles)).rejects.toThrow(
      new IndexUnusableError(
        `index generation ${first.summary.generation} in ${dataDir} is damaged (manifest.json is not valid JSON): ${REBUILD}`,
      ),
    );
    expect(await currentGeneration(dataDir)).toBe(first.summary.generation);
    const second = await buildFake(dataDir, articles, { rebuild: true });
    expect(second.summary.embedded).toBe(first.summary.embedded);
    expect((await readGeneration(dataDir)).generation).toBe(second.summary.generation);
  });

  it('a new embedder or new chunking settings force a full rebuild, with the reason logged', async () => {
    await buildFake(dataDir, articles);
    const other = await buildFake(dataDir, articles, { embedder: new FakeEmbedder({ dimensions: 32 }) });
    expect(other.logs).toContain('Rebuilding from scratch: embedder fake-hash-64 → fake-hash-32.');
    expect(other.summary).toMatchObject({ added: 5, unchanged: 0 });
    const rechunked = await buildFake(dataDir, articles, {
      embedder: new FakeEmbedder({ dimensions: 32 }),
      chunking: { overlapSentences: 0 },
    });
    expect(rechunked.logs).toContain('Rebuilding from scratch: chunking settings changed.');
    expect(rechunked.summary.unchanged).toBe(0);
    const forced = await buildFake(dataDir, articles, {
      embedder: new FakeEmbedder({ dimensions: 32 }),
      chunking: { overlapSentences: 0 },
      rebuild: true,
    });
    expect(forced.summary.unchanged).toBe(0);
    expect(forced.summary.embedded).toBe(rechunked.summary.embedded);
  });
});
