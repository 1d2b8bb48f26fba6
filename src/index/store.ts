/**
 * Index generations on disk. A generation is written in a temporary folder, flushed, renamed into place, and
 * only then named by the CURRENT file (itself replaced by rename), so a crash at any point leaves the previous
 * generation intact and loadable.
 */
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Chunk } from '../types.ts';
import { defaultHnswParams, VectorIndex } from './hnsw.ts';
import { IndexUnusableError, type Manifest } from './manifest.ts';

export const CURRENT_FILE = 'CURRENT';
const FILES = { manifest: 'manifest.json', chunks: 'chunks.jsonl', windows: 'windows.json', vectors: 'vectors.f32', hnsw: 'hnsw.bin' };

/** One embedding window: a span of an article and where its vector sits. */
export interface WindowTable {
  start: Int32Array;
  end: Int32Array;
  /** HNSW label of each row. */
  label: Int32Array;
  /** Short content hash of the window text, for reusing vectors of identical text (wire copy). */
  hash: string[];
}

export interface StoredChunk extends Omit<Chunk, 'id' | 'articleId'> {
  /** Document row in manifest.documents. */
  doc: number;
  /** Window rows that this chunk's dense score is taken from. */
  windows: number[];
}

/** Everything of one generation, in memory. */
export interface IndexData {
  generation: string;
  manifest: Manifest;
  chunks: StoredChunk[];
  windows: WindowTable;
  /** rows × dimensions, row-major. */
  vectors: Float32Array;
  hnsw: VectorIndex;
}

/** The generation CURRENT names, or null when there is none yet. */
export async function currentGeneration(dataDir: string): Promise<string | null> {
  const name = await readFile(path.join(dataDir, CURRENT_FILE), 'utf8').catch(() => null);
  return name === null ? null : name.trim() || null;
}

/** Loads the current generation. Throws IndexUnusableError when there is none or it is damaged. */
export async function readGeneration(dataDir: string, generation?: string): Promise<IndexData> {
  const gen = generation ?? (await currentGeneration(dataDir));
  if (gen === null) throw new IndexUnusableError(`no index in ${dataDir}: run \`npm run index\``);
  const dir = path.join(dataDir, gen);
  try {
    const manifest = JSON.parse(await readFile(path.join(dir, FILES.manifest), 'utf8')) as Manifest;
    const chunkLines = (await readFile(path.join(dir, FILES.chunks), 'utf8')).split('\n').filter(Boolean);
    const chunks = chunkLines.map((l) => JSON.parse(l) as StoredChunk);
    const w = JSON.parse(await readFile(path.join(dir, FILES.windows), 'utf8')) as Record<keyof WindowTable, number[] | string[]>;
    const windows: WindowTable = {
      start: Int32Array.from(w.start as number[]),
      end: Int32Array.from(w.end as number[]),
      label: Int32Array.from(w.label as number[]),
      hash: w.hash as string[],
    };
    const buf = await readFile(path.join(dir, FILES.vectors));
    const vectors = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    const dims = manifest.embedder.dimensions;
    if (vectors.length !== windows.label.length * dims || chunks.length !== manifest.counts.chunks) {
      throw new Error(`expected ${manifest.counts.chunks} chunks and ${windows.label.length}×${dims} floats, found ${chunks.length} and ${vectors.length}`);
    }
    // efSearch is a query-time knob: today's default applies to indexes built before it changed.
    const hnsw = await VectorIndex.load(path.join(dir, FILES.hnsw), dims, { ...manifest.hnsw, efSearch: defaultHnswParams.efSearch });
    return { generation: gen, manifest, chunks, windows, vectors, hnsw };
  } catch (error) {
    if (error instanceof IndexUnusableError) throw error;
    throw new IndexUnusableError(`index generation ${gen} in ${dataDir} is damaged (${(error as Error).message}): run \`npm run index -- --rebuild\``);
  }
}

let generationSequence = 0;

/** Writes a new generation aside, then makes it current. Returns its name. */
export async function writeGeneration(dataDir: string, data: Omit<IndexData, 'generation'>): Promise<string> {
  await mkdir(dataDir, { recursive: true });
  // The sequence keeps two runs of one process within the same millisecond apart; the pid stays last.
  const generation = `gen-${Date.now().toString(36)}-${(generationSequence++).toString(36)}-${process.pid}`;
  const tmp = path.join(dataDir, `.tmp-${generation}`);
  await mkdir(tmp);
  const put = async (name: string, body: string | Uint8Array): Promise<void> => {
    const handle = await open(path.join(tmp, name), 'w');
    try {
      await handle.writeFile(body);
      await handle.sync();
    } finally {
      await handle.close();
    }
  };
  await put(FILES.chunks, data.chunks.map((c) => JSON.stringify(c)).join('\n') + '\n');
  const { start, end, label, hash } = data.windows;
  await put(FILES.windows, JSON.stringify({ start: [...start], end: [...end], label: [...label], hash }));
  await put(FILES.vectors, new Uint8Array(data.vectors.buffer, data.vectors.byteOffset, data.vectors.byteLength));
  await data.hnsw.save(path.join(tmp, FILES.hnsw));
  fsyncPath(path.join(tmp, FILES.hnsw));
  // The manifest goes last: a folder without one was never finished.
  await put(FILES.manifest, JSON.stringify(data.manifest));
  fsyncPath(tmp);
  await rename(tmp, path.join(dataDir, generation));
  const pointer = path.join(dataDir, `${CURRENT_FILE}.tmp-${process.pid}`);
  await writeFile(pointer, `${generation}\n`);
  fsyncPath(pointer);
  await rename(pointer, path.join(dataDir, CURRENT_FILE));
  fsyncPath(dataDir);
  return generation;
}

/** Removes unfinished folders and generations older than the previous one (a reader may still load that). */
export async function pruneGenerations(dataDir: string, keep: readonly string[]): Promise<void> {
  const entries = await readdir(dataDir, { withFileTypes: true }).catch(() => []);
  const gens = entries.filter((e) => e.isDirectory() && e.name.startsWith('gen-')).map((e) => e.name);
  for (const e of entries) {
    if (e.isDirectory() && e.name.startsWith('.tmp-gen-') && !isAlive(Number(e.name.split('-').pop()))) {
      await rm(path.join(dataDir, e.name), { recursive: true, force: true });
    }
  }
  for (const g of gens) if (!keep.includes(g)) await rm(path.join(dataDir, g), { recursive: true, force: true });
}

function fsyncPath(p: string): void {
  const fd = openSync(p, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Holds DATA_DIR/index.lock while a writer runs; a lock whose process died is taken over. */
export async function acquireLock(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, 'index.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return async () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (isAlive(owner) && owner !== process.pid) {
        throw new IndexUnusableError(`another indexing run (pid ${owner}) is writing ${dataDir}; wait for it to finish`);
      }
      await rm(file, { force: true });
    }
  }
  throw new IndexUnusableError(`could not take the lock ${file}`);
}

/** The current generation's manifest alone (cheap: no vectors or graph), or null when there is no index. */
export async function readCurrentManifest(dataDir: string): Promise<Manifest | null> {
  const gen = await currentGeneration(dataDir);
  if (gen === null) return null;
  try {
    return JSON.parse(await readFile(path.join(dataDir, gen, FILES.manifest), 'utf8')) as Manifest;
  } catch (error) {
    throw new IndexUnusableError(`index generation ${gen} in ${dataDir} is damaged (${(error as Error).message}): run \`npm run index -- --rebuild\``);
  }
}
