/** Atomic writes and the clean-up of temporary files a killed run left. */
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  copyFileAtomic,
  readJson,
  removeStaleTemps,
  tempPathFor,
  writeFileAtomic,
} from '../../src/fs/atomic.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

describe('atomic writes', () => {
  it('names temp files beside the target with this process id', () => {
    expect(tempPathFor('/a/b/model.onnx')).toMatch(
      new RegExp(`^${path.join('/a/b', '.model.onnx.crisis-desk-tmp-')}${process.pid}-[0-9a-f]{8}$`),
    );
  });

  it('writes and replaces a file, leaving no temp file', async () => {
    const dir = await temp.make();
    const target = path.join(dir, 'x.json');
    await writeFileAtomic(target, 'one');
    await writeFileAtomic(target, 'two');
    const source = path.join(dir, 'src.bin');
    await writeFile(source, 'copied');
    await copyFileAtomic(source, path.join(dir, 'copy.bin'));
    expect(await readFile(target, 'utf8')).toBe('two');
    expect(await readFile(path.join(dir, 'copy.bin'), 'utf8')).toBe('copied');
    expect((await readdir(dir)).sort()).toEqual(['copy.bin', 'src.bin', 'x.json']);
  });

  it('removes its temp file when the write fails', async () => {
    const dir = await temp.make();
    await mkdir(path.join(dir, 'taken'));
    // Renaming a file over a folder fails.
    await expect(writeFileAtomic(path.join(dir, 'taken'), 'x')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['taken']);
  });
});

describe('removeStaleTemps', () => {
  it('removes entries of dead writers only, and ignores a missing folder', async () => {
    const dir = await temp.make();
    const dead = Number(
      spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
        .stdout,
    );
    await mkdir(path.join(dir, `.fetch.crisis-desk-tmp-${dead}-aa`, 'inner'), { recursive: true });
    await writeFile(path.join(dir, `.f.crisis-desk-tmp-${dead}-bb`), '');
    await writeFile(path.join(dir, `.g.crisis-desk-tmp-${process.pid}-cc`), '');
    await writeFile(path.join(dir, 'model.onnx'), '');
    await removeStaleTemps(dir);
    expect((await readdir(dir)).sort()).toEqual([`.g.crisis-desk-tmp-${process.pid}-cc`, 'model.onnx']);
    await removeStaleTemps(path.join(dir, 'nope'));
  });
});

describe('readJson', () => {
  it('gives the fallback without a file, the value with one, and a DataFileError naming a file that does not parse', async () => {
    const dir = await temp.make();
    const file = path.join(dir, 'state.json');
    expect(await readJson(file, { fresh: true })).toEqual({ fresh: true });
    await writeFile(file, '{"a": 1}\n');
    expect(await readJson(file, null)).toEqual({ a: 1 });
    await writeFile(file, '{"a": ');
    await expect(readJson(file, null)).rejects.toMatchObject({
      name: 'DataFileError',
      message: `crisis-desk: ${file}: expected JSON written by Crisis Desk, got 6 bytes that do not parse; move it away to start afresh`,
    });
  });
});
