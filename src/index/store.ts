/**
 * One index generation on disk: its files, written and read. A generation is written in a temporary folder,
 * flushed, renamed into place, and only then named by the CURRENT file (./generations.ts), so a crash at any point
 * leaves the previous generation intact and loadable. The manifest records the size and sha256 of every other
 * file, and a reader checks them before parsing anything, so a damaged generation is a clear error and is never
 * served.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import { CrisisDeskError } from '../errors.ts';
import { fsyncPath } from '../fs/atomic.ts';
import type { Chunk } from '../types.ts';
import {
  CURRENT_FILE,
  currentGeneration,
  generationInUse,
  newGenerationName,
  pointCurrentAt,
  stagingFolder,
} from './generations.ts';
import { defaultHnswParams, VectorIndex } from './hnsw.ts';
import {
  type FileCheck,
  IndexUnusableError,
  type Manifest,
  parseManifest,
  REBUILD_HINT,
  SCHEMA_VERSION,
  serializeManifest,
} from './manifest.ts';

const FILES = {
  manifest: 'manifest.json',
  chunks: 'chunks.jsonl',
  windows: 'windows.json',
  vectors: 'vectors.f32',
  hnsw: 'hnsw.bin',
};

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

/** Writing a new generation failed (disk full, read-only, …); the generation in use is untouched. */
export class IndexWriteError extends CrisisDeskError {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super('IndexWriteError', message);
  }
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
      throw new CrisisDeskError('IndexFileError', `${FILES.windows}: expected ${rows} windows`);
    }
    if (vectors.length !== rows * dims || chunks.length !== manifest.counts.chunks) {
      throw new CrisisDeskError(
        'IndexFileError',
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
  if (bytes.byteLength % 4 !== 0)
    throw new CrisisDeskError('IndexFileError', `expected whole float32s, got ${bytes.byteLength} bytes`);
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
  if (bytes !== expected.bytes)
    throw new CrisisDeskError('IndexFileError', `${name}: expected ${expected.bytes} bytes, found ${bytes}`);
  if (hash.digest('hex') !== expected.sha256)
    throw new CrisisDeskError('IndexFileError', `${name}: its content does not match the manifest's sha256`);
}

function verify(name: string, bytes: Buffer, expected: FileCheck | undefined): void {
  if (!expected) return;
  if (bytes.length !== expected.bytes)
    throw new CrisisDeskError(
      'IndexFileError',
      `${name}: expected ${expected.bytes} bytes, found ${bytes.length}`,
    );
  if (sha256(bytes) !== expected.sha256)
    throw new CrisisDeskError('IndexFileError', `${name}: its content does not match the manifest's sha256`);
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

/**
 * Writes a new generation aside, then makes it current. Returns its name. Free space is checked first where the
 * file system tells it; when writing fails anyway (ENOSPC, EIO, …) the partial files are removed, the
 * generation in use stays, and the error is an IndexWriteError.
 */
export async function writeGeneration(dataDir: string, data: Omit<IndexData, 'generation'>): Promise<string> {
  await mkdir(dataDir, { recursive: true });
  const generation = newGenerationName();
  const tmp = path.join(dataDir, stagingFolder(generation));
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
    await pointCurrentAt(dataDir, generation);
  } catch (error) {
    await rm(tmp, { recursive: true, force: true }).catch(() => {});
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

/** The current generation's manifest alone (cheap: no vectors or graph), or null when there is no index. */
export async function readCurrentManifest(dataDir: string): Promise<Manifest | null> {
  const gen = await currentGeneration(dataDir);
  return gen === null ? null : readManifest(dataDir, gen);
}
