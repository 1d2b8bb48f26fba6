/**
 * The generation folders of a data folder and the CURRENT file that names the one in use: what a folder holds,
 * which generation to read, the name of a new one, making it current, and removing the ones no longer needed.
 * What is inside a generation, and how it is written and read, is ./store.ts.
 */
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CrisisDeskError } from '../errors.ts';
import { fsyncPath } from '../fs/atomic.ts';
import { isDeadLockCandidate, LOCK_FILE } from './lock.ts';
import { IndexUnusableError, REBUILD_HINT } from './manifest.ts';

export const CURRENT_FILE = 'CURRENT';
/** What CURRENT may hold: `gen-<time>-<sequence>-<pid>` (older versions wrote `gen-<time>-<pid>`). */
const GENERATION_NAME = /^gen-[0-9a-z]+(?:-[0-9a-z]+)+$/;

/** DATA_DIR (or --data-dir) names something that cannot hold an index. */
export class DataDirError extends CrisisDeskError {
  constructor(message: string) {
    super('DataDirError', message);
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
export async function generationInUse(dataDir: string): Promise<string> {
  const state = await inspectDataDir(dataDir);
  if (state.kind === 'index') return state.generation;
  if (state.kind === 'damaged') throw new IndexUnusableError(`${state.problem}: ${REBUILD_HINT}`);
  throw new IndexUnusableError(`no index in ${dataDir}: run \`npm run index\``);
}

let generationSequence = 0;

/** A name no other generation of this folder has: the time, then a sequence, then the pid. */
export function newGenerationName(): string {
  // The sequence keeps two runs of one process within the same millisecond apart; the pid stays last.
  return `gen-${Date.now().toString(36)}-${(generationSequence++).toString(36)}-${process.pid}`;
}

/** The hidden folder a generation is written in before it is renamed to its name (cleanLeftovers removes it). */
export function stagingFolder(generation: string): string {
  return `.tmp-${generation}`;
}

/**
 * Makes `generation` (already renamed into place) the one in use: CURRENT is written aside, flushed and renamed
 * over, so it names the old generation or the new one, never half a name. On failure the aside file is removed.
 */
export async function pointCurrentAt(dataDir: string, generation: string): Promise<void> {
  const pointer = path.join(dataDir, `${CURRENT_FILE}.tmp-${process.pid}`);
  try {
    await writeFile(pointer, `${generation}\n`);
    fsyncPath(pointer);
    await rename(pointer, path.join(dataDir, CURRENT_FILE));
  } catch (error) {
    await rm(pointer, { force: true }).catch(() => {});
    throw error;
  }
}

/**
 * Removes what killed or failed runs left behind: unfinished `.tmp-gen-*` folders, CURRENT.tmp-* pointers, lock
 * candidates of dead processes, and generations other than `current`. Call with the lock held.
 */
export async function cleanLeftovers(dataDir: string, current: string | null): Promise<string[]> {
  const removed: string[] = [];
  for (const e of await readdir(dataDir, { withFileTypes: true }).catch(() => [])) {
    const leftover =
      (e.name.startsWith(stagingFolder('gen-')) && e.isDirectory()) ||
      e.name.startsWith(`${CURRENT_FILE}.tmp-`) ||
      isDeadLockCandidate(e.name) ||
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
