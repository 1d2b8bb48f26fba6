/**
 * Moves verified files from staging into the model folder. The stamp goes first (so a run killed half-way
 * leaves a folder that checkModel does not trust) and comes back last, after every file is in place.
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FetchableModel } from './catalog.ts';
import { STAMP_FILE, stampFor } from './check.ts';
import { copyFileAtomic, writeFileAtomic } from '../fs/atomic.ts';
import type { StagedFiles } from './stage.ts';
import { CrisisDeskError } from '../errors.ts';

/** Installs `staged` into `dir`, writes missing generated files, then the stamp naming `source`. */
export async function installModel(
  spec: FetchableModel,
  staged: StagedFiles,
  dir: string,
  source: string,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  await rm(path.join(dir, STAMP_FILE), { force: true });
  for (const file of spec.files) {
    const from = staged.get(file.path);
    if (from === undefined) {
      throw new CrisisDeskError('InvariantError', `expected a verified ${file.path} for ${spec.name}, got none`);
    }
    const target = path.join(dir, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFileAtomic(from, target);
  }
  // A config someone placed by hand (or the hub's own) wins over the one we would generate.
  for (const [name, value] of Object.entries(spec.generated)) {
    const target = path.join(dir, name);
    if (!(await exists(target))) await writeFileAtomic(target, `${JSON.stringify(value, null, 2)}\n`);
  }
  await writeFileAtomic(path.join(dir, STAMP_FILE), `${JSON.stringify(stampFor(spec, source), null, 2)}\n`);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
