/**
 * Fault injection into a stored index: every file of a generation damaged in every way (missing, empty,
 * truncated, one byte changed, bytes appended, replaced by garbage of the same size), and CURRENT empty,
 * garbage, a folder, naming nothing, or missing beside generations. Each is an exact IndexUnusableError that
 * names the rebuild command, for readers (ask, the bot) and for the next indexing run alike; nothing is
 * rebuilt silently, nothing is changed, and `--rebuild` repairs it.
 */
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { IndexUnusableError } from '../../src/index/manifest.ts';
import { needsFirstIndex } from '../../src/index/generations.ts';
import { readGeneration } from '../../src/index/store.ts';
import { SearchEngine } from '../../src/search/engine.ts';
import { EngineHost } from '../../src/host/engine-host.ts';
import type { Article } from '../../src/types.ts';
import { seedArticles } from '../helpers/articles.ts';
import { snapshot } from '../helpers/fault.ts';
import { buildFake } from '../helpers/fake-index.ts';
import { runCli } from '../helpers/run-cli.ts';
import { seededRandom } from '../helpers/random-text.ts';
import { TempDirs } from '../helpers/temp-dir.ts';
import { FAKE_SEARCH_PARAMS } from '../helpers/fake-params.ts';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

const REBUILD = 'run `npm run index -- --rebuild`';
const FILES = ['manifest.json', 'chunks.jsonl', 'windows.json', 'vectors.f32', 'hnsw.bin'] as const;

type Damage = (bytes: Buffer) => Buffer | null;
const rng = seededRandom(31337);
const DAMAGES: Record<string, Damage> = {
  missing: () => null,
  empty: () => Buffer.alloc(0),
  truncated: (b) => b.subarray(0, Math.floor(b.length / 2)),
  'one byte changed': (b) => {
    const c = Buffer.from(b);
    const at = Math.floor(c.length / 2);
    c[at] = c[at]! ^ 0x20;
    return c;
  },
  'bytes appended': (b) => Buffer.concat([b, Buffer.from('\n{"extra":1}\n')]),
  'garbage of the same size': (b) => Buffer.from(b.map(() => Math.floor(rng() * 256))),
};

describe('fault injection: a damaged index is a clear error, never served and never silently rebuilt', () => {
  let work: string;
  let template: string;
  let gen: string;
  let articles: Article[];
  let sizes: Record<string, number>;
  let caseNo = 0;

  beforeAll(async () => {
    work = await temp.make();
    articles = await seedArticles();
    template = path.join(work, 'template');
    gen = (await buildFake(template, articles)).summary.generation;
    sizes = Object.fromEntries(
      await Promise.all(
        FILES.map(async (f) => [f, (await readFile(path.join(template, gen, f))).length] as const),
      ),
    );
  });

  async function copy(): Promise<string> {
    const dir = path.join(work, `case-${caseNo++}`);
    await cp(template, dir, { recursive: true });
    return dir;
  }

  /** Readers and the next run refuse with exactly `message`; nothing changes; --rebuild repairs. */
  async function expectRefused(dataDir: string, message: string): Promise<void> {
    const error = new IndexUnusableError(message);
    const before = await snapshot(dataDir);
    await expect(readGeneration(dataDir)).rejects.toThrow(error);
    await expect(SearchEngine.open(dataDir, new FakeEmbedder())).rejects.toThrow(error);
    await expect(buildFake(dataDir, articles)).rejects.toThrow(error);
    expect(await snapshot(dataDir)).toEqual(before);
    const repaired = await buildFake(dataDir, articles, { rebuild: true });
    const engine = await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
    expect(engine.generation).toBe(repaired.summary.generation);
    expect(await engine.documents()).toHaveLength(articles.length);
  }

  /** What a damaged file is reported as. */
  function detail(file: string, damage: string, dataDir: string): string {
    const size = sizes[file]!;
    if (damage === 'missing')
      return `ENOENT: no such file or directory, open '${path.join(dataDir, gen, file)}'`;
    if (file === 'manifest.json') {
      return damage === 'one byte changed'
        ? 'manifest.json: its content does not match its checksum'
        : 'manifest.json is not valid JSON';
    }
    const found = { empty: 0, truncated: Math.floor(size / 2), 'bytes appended': size + 13 }[
      damage as 'empty'
    ];
    return found === undefined
      ? `${file}: its content does not match the manifest's sha256`
      : `${file}: expected ${size} bytes, found ${found}`;
  }

  for (const file of FILES) {
    it(`${file}: ${Object.keys(DAMAGES).join(', ')}`, async () => {
      for (const [damage, apply] of Object.entries(DAMAGES)) {
        const dataDir = await copy();
        const target = path.join(dataDir, gen, file);
        const damaged = apply(await readFile(target));
        if (damaged === null) await rm(target);
        else await writeFile(target, damaged);
        await expectRefused(
          dataDir,
          `index generation ${gen} in ${dataDir} is damaged (${detail(file, damage, dataDir)}): ${REBUILD}`,
        );
      }
    });
  }

  const CURRENT_CASES: [string, (dataDir: string) => Promise<void>, (dataDir: string) => string][] = [
    [
      'empty',
      (d) => writeFile(path.join(d, 'CURRENT'), ''),
      (d) => `${path.join(d, 'CURRENT')} is empty; expected the name of an index generation (gen-…)`,
    ],
    [
      'blank lines',
      (d) => writeFile(path.join(d, 'CURRENT'), '\n \n'),
      (d) => `${path.join(d, 'CURRENT')} is empty; expected the name of an index generation (gen-…)`,
    ],
    [
      'garbage with an escape sequence (not echoed)',
      (d) => writeFile(path.join(d, 'CURRENT'), '\x1b[2J\x1b]0;pwned\x07'),
      (d) =>
        `${path.join(d, 'CURRENT')} does not name an index generation (expected gen-…, found 14 bytes of something else)`,
    ],
    [
      'a path out of the folder',
      (d) => writeFile(path.join(d, 'CURRENT'), '../../etc\n'),
      (d) =>
        `${path.join(d, 'CURRENT')} does not name an index generation (expected gen-…, found 10 bytes of something else)`,
    ],
    [
      'a generation that is not there',
      (d) => writeFile(path.join(d, 'CURRENT'), 'gen-zzz-0-1\n'),
      (d) => `${path.join(d, 'CURRENT')} names gen-zzz-0-1, which is not in ${d}`,
    ],
    [
      'a folder',
      async (d) => {
        await rm(path.join(d, 'CURRENT'));
        await mkdir(path.join(d, 'CURRENT'));
      },
      (d) => `${path.join(d, 'CURRENT')} cannot be read (EISDIR)`,
    ],
    [
      'missing beside a generation',
      (d) => rm(path.join(d, 'CURRENT')),
      (d) => `${d} holds index generations but no CURRENT file naming the one in use`,
    ],
  ];

  it.each(CURRENT_CASES.map(([name]) => name))(
    'CURRENT %s: refused by readers, the bot and the next run',
    async (name) => {
      const [, damage, problem] = CURRENT_CASES.find(([n]) => n === name)!;
      const dataDir = await copy();
      await damage(dataDir);
      const message = `${problem(dataDir)}: ${REBUILD}`;
      // ask and the bot would otherwise build a seeds index here: they refuse instead.
      await expect(needsFirstIndex(dataDir)).rejects.toThrow(new IndexUnusableError(message));
      await expect(EngineHost.open({ dataDir, embedder: new FakeEmbedder(), pollMs: 0 })).rejects.toThrow(
        new IndexUnusableError(message),
      );
      await expectRefused(dataDir, message);
    },
  );

  it('a first index is built only where there is nothing to lose: no folder, or no files in it', async () => {
    const fresh = path.join(work, 'fresh');
    expect(await needsFirstIndex(fresh)).toBe(true);
    await mkdir(path.join(fresh, 'eval-seeds'), { recursive: true }); // data/ after `npm run eval`
    await writeFile(path.join(fresh, '.gitkeep'), '');
    expect(await needsFirstIndex(fresh)).toBe(true);
    await writeFile(path.join(fresh, 'notes.txt'), 'mine');
    await expect(needsFirstIndex(fresh)).rejects.toThrow(
      new IndexUnusableError(
        `no index in ${fresh}, and it holds other files: build one there with \`npm run index -- --data-dir ${fresh}\`, or point DATA_DIR or --data-dir at the index folder`,
      ),
    );
  });

  it('a generation written by an older version (no checksums) still loads', async () => {
    const dataDir = await copy();
    const manifestPath = path.join(dataDir, gen, 'manifest.json');
    const {
      files: _files,
      checksum: _checksum,
      ...older
    } = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
    await writeFile(manifestPath, JSON.stringify(older));
    const engine = await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
    expect(await engine.documents()).toHaveLength(articles.length);
  });
});

describe('fault injection through the CLI: exact one-line errors, exit 2, nothing built in their place', () => {
  let work: string;
  let dataDir: string;
  beforeAll(async () => {
    work = await temp.make();
    dataDir = path.join(work, 'data');
    await buildFake(dataDir, await seedArticles());
  });

  it('ask and index with an empty CURRENT', async () => {
    const current = path.join(dataDir, 'CURRENT');
    const saved = await readFile(current);
    await writeFile(current, '');
    const before = await snapshot(dataDir);
    const expected = `error: ${current} is empty; expected the name of an index generation (gen-…): ${REBUILD}\n`;
    const [ask, index] = await Promise.all([
      runCli('ask.ts', ['Who did Kuleba meet?', '--data-dir', dataDir]),
      runCli('index-articles.ts', ['seeds', '--data-dir', dataDir]),
    ]);
    for (const run of [ask, index]) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(expected);
    }
    expect(await snapshot(dataDir)).toEqual(before);
    await writeFile(current, saved);
  });

  it('DATA_DIR pointing at a file, or inside one, names the setting', async () => {
    const file = path.join(work, 'not-a-folder.txt');
    await writeFile(file, 'x');
    const runs = await Promise.all([
      runCli('ask.ts', ['Who?'], { env: { DATA_DIR: file } }),
      runCli('index-articles.ts', ['seeds'], { env: { DATA_DIR: file } }),
      runCli('sources.ts', ['--data-dir', path.join(file, 'data')]),
    ]);
    for (const [i, run] of runs.entries()) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      const what = i === 2 ? `${path.join(file, 'data')} is a path inside a file` : `${file} is a file`;
      expect(run.stderr).toBe(
        `error: DATA_DIR or --data-dir: expected a folder for the index, but ${what}\n`,
      );
    }
  });

  it('a --data-dir that exists but holds other things is not filled with a seeds index', async () => {
    const other = path.join(work, 'my-documents');
    await mkdir(other);
    await writeFile(path.join(other, 'letter.txt'), 'Dear…');
    const run = await runCli('ask.ts', ['Who?', '--data-dir', other]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `error: no index in ${other}, and it holds other files: build one there with \`npm run index -- --data-dir ${other}\`, or point DATA_DIR or --data-dir at the index folder\n`,
    );
    expect(Object.keys(await snapshot(other))).toEqual(['letter.txt']);
  });
});
