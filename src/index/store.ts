/**
 * Index generations on disk. A generation is written in a temporary folder, flushed, renamed into place, and
 * only then named by the CURRENT file (itself replaced by rename), so a crash at any point leaves the previous
 * generation intact and loadable. The manifest records the size and sha256 of every other file, and a reader
 * checks them before parsing anything, so a damaged generation is a clear error and is never served.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, fsyncSync, openSync } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rename, rm, stat, statfs, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from '../fs/atomic.ts';
import type { Chunk } from '../types.ts';
import { defaultHnswParams, VectorIndex } from './hnsw.ts';
import {
  type FileCheck,
  IndexUnusableError,
  type Manifest,
  parseManifest,
  SCHEMA_VERSION,
  serializeManifest,
} from './manifest.ts';
import { CrisisDeskError } from '../errors.ts';

export const CURRENT_FILE = 'CURRENT';
const LOCK_FILE = 'index.lock';
const FILES = {
  manifest: 'manifest.json',
  chunks: 'chunks.jsonl',
  windows: 'windows.json',
  vectors: 'vectors.f32',
  hnsw: 'hnsw.bin',
};
/** What CURRENT may hold: `gen-<time>-<sequence>-<pid>` (older versions wrote `gen-<time>-<pid>`). */
const GENERATION_NAME = /^gen-[0-9a-z]+(?:-[0-9a-z]+)+$/;
/** The command every "this index cannot be used" message names. */
export const REBUILD_HINT = 'run `npm run index -- --rebuild`';

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

/** DATA_DIR (or --data-dir) names something that cannot hold an index. */
export class DataDirError extends CrisisDeskError {
  constructor(message: string) {
    super('DataDirError', message);
  }
}

/** Writing a new generation failed (disk full, read-only, …); the generation in use is untouched. */
export class IndexWriteError extends CrisisDeskError {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super('IndexWriteError', message);
  }
}

/**
 * What a data folder holds:
 * - `missing`: it does not exist yet; `empty`: it holds no files but hidden ones and leftovers of a killed run
 *   (folders are allowed: eval and bench keep their own indexes in subfolders of data/); either may get a first
 *   index;
 * - `other`: it holds other files and no index (a mistyped path, say);
 * - `index`: CURRENT names a generation;
 * - `damaged`: CURRENT is empty, unreadable or not a generation name, or is missing beside generations.
 */
export type DataDirState =
  | { kind: 'missing' | 'empty' | 'other' }
  | { kind: 'index'; generation: string }
  | { kind: 'damaged'; problem: string };

/** Looks at `dataDir` without changing anything. Throws DataDirError when it is not a folder. */
export async function inspectDataDir(dataDir: string): Promise<DataDirState> {
  const info = await stat(dataDir).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) {
    if (info.code === 'ENOENT') return { kind: 'missing' };
    if (info.code === 'ENOTDIR') throw notAFolder(dataDir, 'a path inside a file');
    throw info;
  }
  if (!info.isDirectory()) throw notAFolder(dataDir, 'a file');
  const current = path.join(dataDir, CURRENT_FILE);
  const raw = await readFile(current, 'utf8').catch((error: NodeJS.ErrnoException) => error);
  if (raw instanceof Error) {
    if (raw.code !== 'ENOENT')
      return { kind: 'damaged', problem: `${current} cannot be read (${raw.code ?? raw.message})` };
    const entries = await readdir(dataDir, { withFileTypes: true });
    if (entries.some((e) => GENERATION_NAME.test(e.name))) {
      return {
        kind: 'damaged',
        problem: `${dataDir} holds index generations but no ${CURRENT_FILE} file naming the one in use`,
      };
    }
    return { kind: entries.every((e) => e.isDirectory() || isScratch(e.name)) ? 'empty' : 'other' };
  }
  const name = raw.trim();
  if (name === '') {
    return {
      kind: 'damaged',
      problem: `${current} is empty; expected the name of an index generation (gen-…)`,
    };
  }
  if (!GENERATION_NAME.test(name)) {
    return {
      kind: 'damaged',
      problem: `${current} does not name an index generation (expected gen-…, found ${Buffer.byteLength(raw)} bytes of something else)`,
    };
  }
  const folder = await stat(path.join(dataDir, name)).catch(() => null);
  if (!folder?.isDirectory())
    return { kind: 'damaged', problem: `${current} names ${name}, which is not in ${dataDir}` };
  return { kind: 'index', generation: name };
}

function notAFolder(dataDir: string, what: string): DataDirError {
  return new DataDirError(
    `DATA_DIR or --data-dir: expected a folder for the index, but ${dataDir} is ${what}`,
  );
}

/** Names a run may leave behind (hidden temporary folders, locks, pointer files); they do not make a folder "used". */
function isScratch(name: string): boolean {
  return name.startsWith('.') || name.startsWith(LOCK_FILE) || name.startsWith(`${CURRENT_FILE}.tmp-`);
}

/** The generation CURRENT names, or null when there is none (no folder, no file, or an empty one). */
export async function currentGeneration(dataDir: string): Promise<string | null> {
  const name = await readFile(path.join(dataDir, CURRENT_FILE), 'utf8').catch(() => null);
  return name === null ? null : name.trim() || null;
}

/**
 * Whether a reader (ask, sources, the bot) should build a first index before opening `dataDir`: only when the
 * folder does not exist yet or is empty. A damaged index, or a folder that holds other things (a mistyped
 * path), is an IndexUnusableError that says what to run: never a silent rebuild over the user's corpus.
 */
export async function needsFirstIndex(dataDir: string): Promise<boolean> {
  const state = await inspectDataDir(dataDir);
  if (state.kind === 'missing' || state.kind === 'empty') return true;
  if (state.kind === 'damaged') throw new IndexUnusableError(`${state.problem}: ${REBUILD_HINT}`);
  if (state.kind === 'other') {
    throw new IndexUnusableError(
      `no index in ${dataDir}, and it holds other files: build one there with \`npm run index -- --data-dir ${dataDir}\`, or point DATA_DIR or --data-dir at the index folder`,
    );
  }
  return false;
}

/** The generation in use, or an IndexUnusableError that says what is wrong and what to run. */
async function generationInUse(dataDir: string): Promise<string> {
  const state = await inspectDataDir(dataDir);
  if (state.kind === 'index') return state.generation;
  if (state.kind === 'damaged') throw new IndexUnusableError(`${state.problem}: ${REBUILD_HINT}`);
  throw new IndexUnusableError(`no index in ${dataDir}: run \`npm run index\``);
}

/** Reads a generation's manifest (checked for shape, not yet for compatibility). */
export async function readManifest(dataDir: string, generation: string): Promise<Manifest> {
  try {
    return parseManifest(await readFile(path.join(dataDir, generation, FILES.manifest), 'utf8'));
  } catch (error) {
    throw await damaged(dataDir, generation, error);
  }
}

/** Loads a generation (default: the current one). Throws IndexUnusableError when there is none or it is damaged. */
export async function readGeneration(dataDir: string, generation?: string): Promise<IndexData> {
  const gen = generation ?? (await generationInUse(dataDir));
  const manifest = await readManifest(dataDir, gen);
  if (manifest.schemaVersion !== SCHEMA_VERSION) {
    throw new IndexUnusableError(
      `index schema ${manifest.schemaVersion} is not the schema this version reads (${SCHEMA_VERSION}): ${REBUILD_HINT}`,
    );
  }
  const dir = path.join(dataDir, gen);
  try {
    const load = async (name: string): Promise<Buffer> => {
      const bytes = await readFile(path.join(dir, name));
      verify(name, bytes, manifest.files?.[name]);
      return bytes;
    };
    const chunks = parseLines(await load(FILES.chunks)) as StoredChunk[];
    const w = JSON.parse((await load(FILES.windows)).toString('utf8')) as Record<
      keyof WindowTable,
      number[] | string[]
    >;
    const windows: WindowTable = {
      start: Int32Array.from(w.start as number[]),
      end: Int32Array.from(w.end as number[]),
      label: Int32Array.from(w.label as number[]),
      hash: w.hash as string[],
    };
    const buf = await load(FILES.vectors);
    const vectors = floatView(buf);
    const dims = manifest.embedder.dimensions;
    const rows = manifest.counts.windows;
    if ([windows.start, windows.end, windows.label, windows.hash].some((column) => column.length !== rows)) {
      throw new Error(`${FILES.windows}: expected ${rows} windows`);
    }
    if (vectors.length !== rows * dims || chunks.length !== manifest.counts.chunks) {
      throw new Error(
        `expected ${manifest.counts.chunks} chunks and ${rows}×${dims} floats, found ${chunks.length} and ${vectors.length}`,
      );
    }
    // Checked before hnswlib, which trusts what it reads; hashed as a stream, as hnswlib reads the file itself.
    if (manifest.files) await verifyFile(FILES.hnsw, path.join(dir, FILES.hnsw), manifest.files[FILES.hnsw]);
    // efSearch is a query-time knob: today's default applies to indexes built before it changed.
    const hnsw = await VectorIndex.load(path.join(dir, FILES.hnsw), dims, {
      ...manifest.hnsw,
      efSearch: defaultHnswParams.efSearch,
    });
    return { generation: gen, manifest, chunks, windows, vectors, hnsw };
  } catch (error) {
    throw await damaged(dataDir, gen, error);
  }
}

/**
 * JSON Lines from the bytes, one line decoded at a time: decoding the whole file to one string and splitting it
 * held the file three times over (bytes, string, lines) while loading (issue 22, peak RSS). Empty lines are skipped.
 */
function parseLines(bytes: Buffer): unknown[] {
  const out: unknown[] = [];
  for (let at = 0; at < bytes.length;) {
    let end = bytes.indexOf(10, at);
    if (end < 0) end = bytes.length;
    if (end > at) out.push(JSON.parse(bytes.toString('utf8', at, end)));
    at = end + 1;
  }
  return out;
}

/** The floats of `bytes` without a copy when they are 4-byte aligned (readFile's own buffers are); else a copy. */
function floatView(bytes: Buffer): Float32Array {
  if (bytes.byteLength % 4 !== 0) throw new Error(`expected whole float32s, got ${bytes.byteLength} bytes`);
  if (bytes.byteOffset % 4 === 0)
    return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** `verify` of a file read as a stream, for files another reader loads itself (the HNSW graph). */
async function verifyFile(name: string, file: string, expected: FileCheck | undefined): Promise<void> {
  if (!expected) return;
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const part of createReadStream(file)) {
    bytes += (part as Buffer).length;
    hash.update(part as Buffer);
  }
  if (bytes !== expected.bytes) throw new Error(`${name}: expected ${expected.bytes} bytes, found ${bytes}`);
  if (hash.digest('hex') !== expected.sha256)
    throw new Error(`${name}: its content does not match the manifest's sha256`);
}

function verify(name: string, bytes: Buffer, expected: FileCheck | undefined): void {
  if (!expected) return;
  if (bytes.length !== expected.bytes)
    throw new Error(`${name}: expected ${expected.bytes} bytes, found ${bytes.length}`);
  if (sha256(bytes) !== expected.sha256)
    throw new Error(`${name}: its content does not match the manifest's sha256`);
}

async function damaged(dataDir: string, gen: string, error: unknown): Promise<IndexUnusableError> {
  if (error instanceof IndexUnusableError) return error;
  const exists = await stat(path.join(dataDir, gen)).then(
    () => true,
    () => false,
  );
  if (!exists)
    return new IndexUnusableError(
      `${path.join(dataDir, CURRENT_FILE)} names ${gen}, which is not in ${dataDir}: ${REBUILD_HINT}`,
    );
  return new IndexUnusableError(
    `index generation ${gen} in ${dataDir} is damaged (${(error as Error).message}): ${REBUILD_HINT}`,
  );
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

let generationSequence = 0;

/**
 * Writes a new generation aside, then makes it current. Returns its name. Free space is checked first where the
 * file system tells it; when writing fails anyway (ENOSPC, EIO, …) the partial files are removed, the
 * generation in use stays, and the error is an IndexWriteError.
 */
export async function writeGeneration(dataDir: string, data: Omit<IndexData, 'generation'>): Promise<string> {
  await mkdir(dataDir, { recursive: true });
  // The sequence keeps two runs of one process within the same millisecond apart; the pid stays last.
  const generation = `gen-${Date.now().toString(36)}-${(generationSequence++).toString(36)}-${process.pid}`;
  const tmp = path.join(dataDir, `.tmp-${generation}`);
  const pointer = path.join(dataDir, `${CURRENT_FILE}.tmp-${process.pid}`);
  const { start, end, label, hash } = data.windows;
  const bodies: [string, Uint8Array][] = [
    [FILES.chunks, Buffer.from(data.chunks.map((c) => JSON.stringify(c)).join('\n') + '\n')],
    [
      FILES.windows,
      Buffer.from(JSON.stringify({ start: [...start], end: [...end], label: [...label], hash })),
    ],
    [FILES.vectors, new Uint8Array(data.vectors.buffer, data.vectors.byteOffset, data.vectors.byteLength)],
  ];
  const manifestBytes = Buffer.byteLength(JSON.stringify(data.manifest)) + 1024;
  await checkFreeSpace(
    dataDir,
    bodies.reduce((n, [, b]) => n + b.byteLength, 0) + data.hnsw.estimatedFileBytes() + manifestBytes,
  );
  let renamed = false;
  try {
    await mkdir(tmp);
    const files: Record<string, FileCheck> = {};
    const put = async (name: string, body: Uint8Array): Promise<void> => {
      const handle = await open(path.join(tmp, name), 'w');
      try {
        await handle.writeFile(body);
        await handle.sync();
      } finally {
        await handle.close();
      }
    };
    for (const [name, body] of bodies) {
      await put(name, body);
      files[name] = { bytes: body.byteLength, sha256: sha256(body) };
    }
    await data.hnsw.save(path.join(tmp, FILES.hnsw));
    fsyncPath(path.join(tmp, FILES.hnsw));
    const graph = await readFile(path.join(tmp, FILES.hnsw));
    files[FILES.hnsw] = { bytes: graph.length, sha256: sha256(graph) };
    // The manifest goes last: a folder without one was never finished.
    await put(FILES.manifest, Buffer.from(serializeManifest({ ...data.manifest, files })));
    fsyncPath(tmp);
    await rename(tmp, path.join(dataDir, generation));
    renamed = true;
    await writeFile(pointer, `${generation}\n`);
    fsyncPath(pointer);
    await rename(pointer, path.join(dataDir, CURRENT_FILE));
  } catch (error) {
    await rm(tmp, { recursive: true, force: true }).catch(() => {});
    await rm(pointer, { force: true }).catch(() => {});
    if (renamed) await rm(path.join(dataDir, generation), { recursive: true, force: true }).catch(() => {});
    throw writeFailure(dataDir, error);
  }
  fsyncPath(dataDir);
  return generation;
}

function writeFailure(dataDir: string, error: unknown): IndexWriteError {
  const code = (error as NodeJS.ErrnoException).code;
  const kept = 'the index in use is unchanged and the partial files were removed';
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new IndexWriteError(
      `no space left on the device of ${dataDir} (${code}) while writing the new index; ${kept}: free some space and run again`,
      code,
    );
  }
  return new IndexWriteError(
    `could not write the new index in ${dataDir} (${(error as Error).message}); ${kept}`,
    code,
  );
}

/** Refuses to start writing `bytes` when the file system says they cannot fit (when it can say at all). */
async function checkFreeSpace(dataDir: string, bytes: number): Promise<void> {
  const fs = await statfs(dataDir).catch(() => null);
  if (!fs) return;
  const free = Number(fs.bavail) * Number(fs.bsize);
  if (bytes > free) {
    throw new IndexWriteError(
      `not enough free space in ${dataDir} for the new index: it needs about ${megabytes(bytes)}, only ${megabytes(free)} free; the index in use is unchanged`,
      'ENOSPC',
    );
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/**
 * Removes what killed or failed runs left behind: unfinished `.tmp-gen-*` folders, CURRENT.tmp-* pointers, lock
 * candidates of dead processes, and generations other than `current`. Call with the lock held.
 */
export async function cleanLeftovers(dataDir: string, current: string | null): Promise<string[]> {
  const removed: string[] = [];
  for (const e of await readdir(dataDir, { withFileTypes: true }).catch(() => [])) {
    const lockCandidate = /^index\.lock\.(\d+)\./.exec(e.name);
    const leftover =
      (e.name.startsWith('.tmp-gen-') && e.isDirectory()) ||
      e.name.startsWith(`${CURRENT_FILE}.tmp-`) ||
      (lockCandidate !== null && !isAlive(Number(lockCandidate[1]))) ||
      (GENERATION_NAME.test(e.name) && e.name !== current);
    if (!leftover) continue;
    await rm(path.join(dataDir, e.name), { recursive: true, force: true });
    removed.push(e.name);
  }
  return removed;
}

/** Removes generations other than `keep` (the new one and the one it replaced: a reader may still load that). */
export async function pruneGenerations(dataDir: string, keep: readonly string[]): Promise<void> {
  const entries = await readdir(dataDir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (e.isDirectory() && GENERATION_NAME.test(e.name) && !keep.includes(e.name)) {
      await rm(path.join(dataDir, e.name), { recursive: true, force: true });
    }
  }
}

function fsyncPath(p: string): void {
  const fd = openSync(p, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A breaker holds its file for microseconds; one this old was left by a process that died while breaking. */
const STALE_BREAKER_MS = 10_000;

/**
 * Holds DATA_DIR/index.lock while a writer runs; a lock whose process died is taken over. The lock is created
 * complete (a hard link to a file that already holds the pid), so no one ever reads a half-written lock. Only
 * the holder of `index.lock.breaking` (created exclusively) may remove a dead run's lock, and it checks the
 * lock is still the dead one first, so a live lock is never moved or removed by a contender that read an older
 * one.
 */
export async function acquireLock(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const mine = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(mine, String(process.pid));
  try {
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        await link(mine, file);
        return async () => rm(file, { force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const text = await readFile(file, 'utf8').catch(() => null);
      if (text === null) continue; // released meanwhile
      const owner = Number(text.trim());
      if (isAlive(owner) && owner !== process.pid) {
        throw new IndexUnusableError(
          `another indexing run (pid ${owner}) is writing ${dataDir}; wait for it to finish`,
        );
      }
      await breakStaleLock(file, text);
    }
    throw new IndexUnusableError(`could not take the lock ${file}`);
  } finally {
    await rm(mine, { force: true });
  }
}

/** Removes `file` if it still holds `staleText`, under the exclusive breaker file; else leaves it. */
async function breakStaleLock(file: string, staleText: string): Promise<void> {
  const breaker = `${file}.breaking`;
  try {
    await writeFile(breaker, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Another contender is breaking it now; a breaker file left by a crash is cleared once it is old.
    const age = await stat(breaker).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (age > STALE_BREAKER_MS) await rm(breaker, { force: true });
    else await sleep(5);
    return;
  }
  try {
    if ((await readFile(file, 'utf8').catch(() => null)) === staleText) await rm(file, { force: true });
  } finally {
    await rm(breaker, { force: true });
  }
}

/** The current generation's manifest alone (cheap: no vectors or graph), or null when there is no index. */
export async function readCurrentManifest(dataDir: string): Promise<Manifest | null> {
  const gen = await currentGeneration(dataDir);
  return gen === null ? null : readManifest(dataDir, gen);
}
