/**
 * Fault injection into what an indexing run reads: missing paths, FIFOs (named, in folders, behind links, and
 * one swapped in after listing), symlink loops and dangling links, unsupported files named explicitly,
 * unreadable files and folders, hostile file names, bad dates and duplicate ids. Each asserts the exact report;
 * and the index is only changed by a run that read what it was asked to: what it could not read is kept.
 */
import { execFileSync } from 'node:child_process';
import { chmod, chown, mkdir, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { printSummary } from '../../src/cli/summary.ts';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { indexPaths, NothingToIndexError } from '../../src/host/index-paths.ts';
import { ingestPaths } from '../../src/ingest/read-paths.ts';
import { SearchEngine } from '../../src/search/engine.ts';
import type { IndexSummary } from '../../src/types.ts';
import { runIndexChild, snapshot } from '../helpers/fault.ts';
import { TempDirs } from '../helpers/temp-dir.ts';
import { FAKE_SEARCH_PARAMS } from '../helpers/fake-params.ts';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

const TOPICS = ['walrus', 'okapi', 'lynx', 'heron', 'bison', 'tapir', 'ibex', 'marten'];
/** A small article about `topic`; its words are its own, so a search finds exactly it. */
function article(topic: string, extra = ''): string {
  return `The ${topic} report\n\nRangers counted every ${topic} in the reserve on Tuesday. The ${topic} census found more ${topic} calves than last year.${extra}\n`;
}

function mkfifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

let root: string;
let dataDir: string;
beforeEach(async () => {
  root = await temp.make();
  dataDir = path.join(root, 'data');
});

async function put(rel: string, body: string | Uint8Array): Promise<string> {
  const file = path.join(root, rel);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, body);
  return file;
}

function index(
  inputs: string[],
  options: { prune?: boolean; rebuild?: boolean } = {},
): Promise<IndexSummary> {
  return indexPaths({
    inputs: inputs.map((i) => path.join(root, i)),
    dataDir,
    embedder: new FakeEmbedder(),
    ...options,
  });
}

async function ids(): Promise<string[]> {
  const engine = await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
  return (await engine.documents()).map((d) => d.id).sort();
}

const counts = (s: IndexSummary): Record<string, number> => ({
  added: s.added,
  changed: s.changed,
  moved: s.moved,
  removed: s.removed,
  unchanged: s.unchanged,
  kept: s.kept,
  skipped: s.skipped.length,
  embedded: s.embedded > 0 ? 1 : 0,
});

describe('fault injection: missing and unreadable inputs never remove what they held', () => {
  it('a mistyped path: nothing to index, exact error, the index untouched (several: the first three named)', async () => {
    await put('a/walrus.txt', article('walrus'));
    await index(['a']);
    const before = await snapshot(dataDir);
    const missing = path.join(root, 'no/such/file.txt');
    await expect(indexPaths({ inputs: [missing], dataDir, embedder: new FakeEmbedder() })).rejects.toThrow(
      `crisis-desk: nothing to index, so ${dataDir} was left as it was: ${missing}: cannot read: ENOENT`,
    );
    const many = ['m1', 'm2', 'm3', 'm4', 'm5'];
    const error = (await index(many).catch((e: unknown) => e)) as NothingToIndexError;
    expect(error).toBeInstanceOf(NothingToIndexError);
    expect(error.message).toBe(
      `crisis-desk: nothing to index, so ${dataDir} was left as it was: ` +
        many
          .slice(0, 3)
          .map((m) => `${path.join(root, m)}: cannot read: ENOENT`)
          .join('; ') +
        '; and 2 more',
    );
    expect(await snapshot(dataDir)).toEqual(before);
    expect(await ids()).toEqual(['a/walrus']);
  });

  it('removal needs the place that held an article to be read: other folders are kept, --prune removes them', async () => {
    await put('a/walrus.txt', article('walrus'));
    await put('a/okapi.txt', article('okapi'));
    await put('b/lynx.txt', article('lynx'));
    await put('b/heron.txt', article('heron'));
    await index(['a', 'b']);
    // Only a/ this time: b/'s articles were not read, so they stay.
    expect(counts(await index(['a']))).toEqual({
      added: 0,
      changed: 0,
      moved: 0,
      removed: 0,
      unchanged: 2,
      kept: 2,
      skipped: 0,
      embedded: 0,
    });
    // A file deleted from a folder that was read is removed.
    await rm(path.join(root, 'a/okapi.txt'));
    expect(counts(await index(['a']))).toEqual({
      added: 0,
      changed: 0,
      moved: 0,
      removed: 1,
      unchanged: 1,
      kept: 2,
      skipped: 0,
      embedded: 0,
    });
    // A file that turned bad is reported and its indexed version kept.
    await put('a/walrus.txt', new Uint8Array([0x50, 0x4b, 0, 1]));
    await put('a/bison.txt', article('bison'));
    const bad = await index(['a']);
    expect(counts(bad)).toEqual({
      added: 1,
      changed: 0,
      moved: 0,
      removed: 0,
      unchanged: 0,
      kept: 3,
      skipped: 1,
      embedded: 1,
    });
    expect(bad.skipped).toEqual([
      { path: 'a/walrus.txt', reason: 'binary file (contains NUL bytes), expected UTF-8 text' },
    ]);
    expect(await ids()).toEqual(['a/bison', 'a/walrus', 'b/heron', 'b/lynx']);
    // --prune: everything this run did not read is removed.
    expect(counts(await index(['a'], { prune: true }))).toEqual({
      added: 0,
      changed: 0,
      moved: 0,
      removed: 3,
      unchanged: 1,
      kept: 0,
      skipped: 1,
      embedded: 0,
    });
    expect(await ids()).toEqual(['a/bison']);
  });

  it('a renamed file is reported as moved, not changed, and nothing is embedded again', async () => {
    await put('c/walrus.txt', article('walrus'));
    const records = TOPICS.map((t, i) =>
      JSON.stringify({ id: `rec-${i}`, title: `${t} wire`, text: article(t) }),
    );
    await put('c/wire.jsonl', records.join('\n'));
    await index(['c']);
    await rename(path.join(root, 'c/walrus.txt'), path.join(root, 'c/walrus-renamed.txt'));
    await rename(path.join(root, 'c/wire.jsonl'), path.join(root, 'c/wire-2022.jsonl'));
    const moved = await index(['c']);
    expect(counts(moved)).toEqual({
      added: 0,
      changed: 0,
      moved: 9,
      removed: 0,
      unchanged: 0,
      kept: 0,
      skipped: 0,
      embedded: 0,
    });
    expect(await ids()).toEqual([...TOPICS.map((_, i) => `rec-${i}`), 'c/walrus-renamed'].sort());
    const engine = await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
    expect((await engine.documents()).find((d) => d.id === 'rec-0')!.path).toBe('c/wire-2022.jsonl');
    // Same words under a new name AND new words: that is a change, and is embedded.
    await put(
      'c/wire-2022.jsonl',
      [records[0]!.replace('Rangers', 'Wardens'), ...records.slice(1)].join('\n'),
    );
    expect(counts(await index(['c']))).toMatchObject({ changed: 1, moved: 0, unchanged: 8, embedded: 1 });
  });

  it('a run where every input is bad exits with an error and changes nothing', async () => {
    await put('good/walrus.txt', article('walrus'));
    await index(['good']);
    const before = await snapshot(dataDir);
    await put('bad/empty.txt', '');
    await put('bad/binary.txt', new Uint8Array([0, 1, 2]));
    await put('doc.pdf', '%PDF-1.4');
    mkfifo(path.join(root, 'pipe.txt'));
    const error = (await index(['bad', 'doc.pdf', 'pipe.txt']).catch(
      (e: unknown) => e,
    )) as NothingToIndexError;
    expect(error).toBeInstanceOf(NothingToIndexError);
    expect(error.issues).toEqual([
      { path: 'bad/binary.txt', reason: 'binary file (contains NUL bytes), expected UTF-8 text' },
      { path: 'bad/empty.txt', reason: 'empty file' },
      {
        path: path.join(root, 'doc.pdf'),
        reason:
          'a .pdf file is not a supported format; expected .txt, .md, .markdown, .jsonl, .ndjson or .csv',
      },
      { path: path.join(root, 'pipe.txt'), reason: 'a FIFO (named pipe), not a regular file' },
    ]);
    expect(await snapshot(dataDir)).toEqual(before);
  });
});

describe('fault injection: odd files are reported with a reason, never hang, never pass silently', () => {
  it('explicitly named: unsupported formats, no extension, sources.json, a FIFO, a device, a dangling link, a link loop', async () => {
    const named = {
      pdf: await put('doc.pdf', 'x'),
      bare: await put('README', 'x'),
      meta: await put('m/sources.json', '{}'),
      fifo: path.join(root, 'named.txt'),
      dangling: path.join(root, 'gone.txt'),
      loop: path.join(root, 'self.txt'),
    };
    mkfifo(named.fifo);
    await symlink('nowhere.txt', named.dangling);
    await symlink('self.txt', named.loop);
    const result = await ingestPaths([...Object.values(named), '/dev/null']);
    expect(result.articles).toEqual([]);
    expect(result.issues).toEqual([
      {
        path: named.pdf,
        reason:
          'a .pdf file is not a supported format; expected .txt, .md, .markdown, .jsonl, .ndjson or .csv',
      },
      {
        path: named.bare,
        reason:
          'a file without an extension is not a supported format; expected .txt, .md, .markdown, .jsonl, .ndjson or .csv',
      },
      { path: named.meta, reason: 'sources.json describes the files of its folder; name the folder instead' },
      { path: named.fifo, reason: 'a FIFO (named pipe), not a regular file' },
      { path: named.dangling, reason: 'a dangling symbolic link (its target nowhere.txt does not exist)' },
      { path: named.loop, reason: 'a symbolic link loop' },
      { path: '/dev/null', reason: 'a character device, not a regular file' },
    ]);
  });

  it('inside a folder: FIFOs, link loops, dangling links and a link back up are each reported; the rest is read', async () => {
    await put('f/a-good.txt', article('walrus'));
    mkfifo(path.join(root, 'f/b-pipe.txt'));
    mkfifo(path.join(root, 'f/b-pipe-any-name'));
    await symlink('c-loop-2.txt', path.join(root, 'f/c-loop-1.txt'));
    await symlink('c-loop-1.txt', path.join(root, 'f/c-loop-2.txt'));
    await symlink('nowhere.txt', path.join(root, 'f/d-dangling.txt'));
    await symlink('.', path.join(root, 'f/e-self'));
    await symlink('b-pipe.txt', path.join(root, 'f/g-link-to-pipe.txt'));
    await put('f/h-sub/okapi.txt', article('okapi'));
    await symlink('..', path.join(root, 'f/h-sub/back-up'));
    await symlink('h-sub', path.join(root, 'f/i-sub-again'));
    const result = await ingestPaths([path.join(root, 'f')]);
    expect(result.articles.map((a) => a.id)).toEqual(['f/a-good', 'f/h-sub/okapi']);
    expect(result.issues).toEqual([
      { path: 'f/b-pipe-any-name', reason: 'a FIFO (named pipe), not a regular file' },
      { path: 'f/b-pipe.txt', reason: 'a FIFO (named pipe), not a regular file' },
      { path: 'f/c-loop-1.txt', reason: 'a symbolic link loop' },
      { path: 'f/c-loop-2.txt', reason: 'a symbolic link loop' },
      {
        path: 'f/d-dangling.txt',
        reason: 'a dangling symbolic link (its target nowhere.txt does not exist)',
      },
      {
        path: 'f/e-self',
        reason: 'a link to a folder that is already being read (a loop, or a second way in); not read again',
      },
      { path: 'f/g-link-to-pipe.txt', reason: 'a FIFO (named pipe), not a regular file' },
      {
        path: 'f/h-sub/back-up',
        reason: 'a link to a folder that is already being read (a loop, or a second way in); not read again',
      },
      {
        path: 'f/i-sub-again',
        reason: 'a link to a folder that is already being read (a loop, or a second way in); not read again',
      },
    ]);
  });

  it('a file replaced by a FIFO after the folder was listed is reported, not opened for a blocking read', async () => {
    await put('r/a.txt', article('walrus'));
    await put('r/b.txt', article('okapi'));
    const result = await ingestPaths([path.join(root, 'r')], {
      onProgress: (done) => {
        if (done !== 0) return;
        rmSync(path.join(root, 'r/b.txt'));
        mkfifo(path.join(root, 'r/b.txt'));
      },
    });
    expect(result.articles.map((a) => a.id)).toEqual(['r/a']);
    expect(result.issues).toEqual([{ path: 'r/b.txt', reason: 'a FIFO (named pipe), not a regular file' }]);
  });

  it('progress counts the files of every input', async () => {
    await put('p/one.txt', article('walrus'));
    await put('p/two.txt', article('okapi'));
    await put('p/sub/three.md', article('lynx'));
    const single = await put('four.txt', article('heron'));
    const seen: string[] = [];
    await ingestPaths([path.join(root, 'p'), single, path.join(root, 'missing')], {
      onProgress: (d, t) => seen.push(`${d}/${t}`),
    });
    expect(seen).toEqual(['0/4', '1/4', '2/4', '3/4', '4/4']);
  });

  it('hostile file names: read like any other, and every report line stays one line without escapes', async () => {
    const names = [
      'evil\nname\x1b[2J\x1b]0;pwned\x07.txt',
      '-rf.txt',
      '--help.txt',
      `${'long-'.repeat(49)}.txt`,
      'bidi\u202Etxt.exe.txt',
    ];
    for (const [i, name] of names.entries()) await put(`h/${name}`, article(TOPICS[i]!));
    await put('h/zz-bad\x1b[31m.txt', '');
    const summary = await index(['h']);
    expect(summary.articles).toBe(names.length);
    expect(summary.skipped).toEqual([{ path: 'h/zz-bad\x1b[31m.txt', reason: 'empty file' }]);
    const lines: string[] = [];
    printSummary(summary, dataDir, (l) => lines.push(l));
    expect(lines.at(-1)).toBe('  skipped h/zz-bad\\x1b[31m.txt: empty file');
    // eslint-disable-next-line no-control-regex
    for (const line of lines) expect(line).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
    const paths = (
      await (await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS)).documents()
    ).map((d) => d.path);
    expect(paths.sort()).toEqual(names.map((n) => `h/${n}`).sort());
  });

  it('bad dates are reported as warnings with their line, and the article is indexed undated', async () => {
    await put(
      'd/wire.jsonl',
      [
        JSON.stringify({ id: 'n', title: 'Number date', text: article('walrus'), date: 20220224 }),
        JSON.stringify({ id: 'x', title: 'Word date', text: article('okapi'), date: 'not-a-date' }),
        JSON.stringify({ id: 'e', title: 'Epoch date', text: article('lynx'), date: 1645660800000 }),
        JSON.stringify({ id: 'b', title: 'Blank date', text: article('heron'), date: '' }),
      ].join('\n'),
    );
    await put('d/table.csv', 'Date,URL,Title,Text\nyesterday,https://x.org/1,CSV,"Body text."\n');
    await put('d/t.txt', article('bison'));
    await put('d/sources.json', JSON.stringify({ 't.txt': { date: '31.02.2022' } }));
    const result = await ingestPaths([path.join(root, 'd')]);
    expect(result.articles.map((a) => [a.id, a.date])).toEqual([
      ['d/t', null],
      ['d/table.csv:https://x.org/1', null],
      ['n', '2022-02-24'],
      ['x', null],
      ['e', null],
      ['b', null],
    ]);
    expect(result.issues).toEqual([]);
    expect(result.warnings).toEqual([
      {
        path: 'd/sources.json',
        reason:
          'date for t.txt: expected a date such as 2022-02-24, got "31.02.2022"; indexed without a date',
      },
      {
        path: 'd/table.csv',
        line: 2,
        reason: 'date: expected a date such as 2022-02-24, got "yesterday"; indexed without a date',
      },
      {
        path: 'd/wire.jsonl',
        line: 2,
        reason: 'date: expected a date such as 2022-02-24, got "not-a-date"; indexed without a date',
      },
      {
        path: 'd/wire.jsonl',
        line: 3,
        reason: 'date: expected a date such as 2022-02-24, got 1645660800000; indexed without a date',
      },
    ]);
  });

  it('duplicate ids are reported with the line of the duplicate and of the first', async () => {
    await put(
      'u/a.jsonl',
      [
        JSON.stringify({ id: 'same', title: 'A', text: 'First.' }),
        JSON.stringify({ id: 'other', title: 'B', text: 'Second.' }),
      ].join('\n'),
    );
    await put(
      'u/b.jsonl',
      [
        '',
        JSON.stringify({ id: 'other', title: 'C', text: 'Third.' }),
        JSON.stringify({ id: 'same', title: 'D', text: 'Fourth.' }),
      ].join('\n'),
    );
    const result = await ingestPaths([path.join(root, 'u')]);
    expect(result.articles.map((a) => a.title)).toEqual(['A', 'B']);
    expect(result.issues).toEqual([
      {
        path: 'u/b.jsonl',
        line: 2,
        reason: 'duplicate id "other", first read at u/a.jsonl:2; the first one is kept',
      },
      {
        path: 'u/b.jsonl',
        line: 3,
        reason: 'duplicate id "same", first read at u/a.jsonl:1; the first one is kept',
      },
    ]);
  });
});

describe('fault injection: unreadable files and folders (permission bits)', () => {
  // Root reads any file whatever its mode, so chmod 000 alone proves nothing when the tests run as root (as in
  // this project's containers). Then the indexing run is a child process with the uid of `nobody`, for whom the
  // bits hold; when that cannot be done either, the test says so instead of passing vacuously.
  const isRoot = process.getuid?.() === 0;
  const NOBODY = 65534;
  const canDropPrivileges = ((): boolean => {
    if (!isRoot) return true;
    try {
      execFileSync(process.execPath, ['-e', ''], { uid: NOBODY, gid: NOBODY });
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!canDropPrivileges)(
    'an unreadable file or folder is skipped with EACCES and its indexed articles are kept',
    async () => {
      const corpus = path.join(root, 'corpus');
      await put('corpus/a.txt', article('walrus'));
      await put('corpus/b.txt', article('okapi'));
      await put('corpus/sub/c.txt', article('lynx'));
      await mkdir(dataDir);
      if (isRoot) {
        await chmod(root, 0o755);
        for (const p of [
          root,
          dataDir,
          corpus,
          path.join(corpus, 'sub'),
          ...['a.txt', 'b.txt', 'sub/c.txt'].map((f) => path.join(corpus, f)),
        ]) {
          await chown(p, NOBODY, NOBODY);
        }
      }
      const run = (): ReturnType<typeof runIndexChild> =>
        runIndexChild(dataDir, { inputs: [corpus], ...(isRoot ? { uid: NOBODY } : {}) });
      const first = await run();
      expect(first.code, first.lines.join(' | ') + first.stderr).toBe(0);
      expect(first.summary).toMatchObject({ added: 3, skipped: [] });

      await chmod(path.join(corpus, 'b.txt'), 0);
      await chmod(path.join(corpus, 'sub'), 0);
      const second = await run();
      expect(second.code, second.lines.join(' | ') + second.stderr).toBe(0);
      expect(second.summary).toMatchObject({ added: 0, removed: 0, unchanged: 1, kept: 2 });
      expect(second.summary!.skipped).toEqual([
        { path: 'corpus/b.txt', reason: 'cannot read: EACCES' },
        { path: 'corpus/sub', reason: 'cannot read folder: EACCES' },
      ]);
      expect(await ids()).toEqual(['corpus/a', 'corpus/b', 'corpus/sub/c']);

      // Nothing readable at all: exit 2, and the index is exactly as it was.
      await chmod(path.join(corpus, 'a.txt'), 0);
      const before = await snapshot(dataDir);
      const third = await run();
      expect(third.code).toBe(2);
      expect(third.error).toBe(
        `NothingToIndexError crisis-desk: nothing to index, so ${dataDir} was left as it was: ` +
          'corpus/a.txt: cannot read: EACCES; corpus/b.txt: cannot read: EACCES; corpus/sub: cannot read folder: EACCES',
      );
      expect(await snapshot(dataDir)).toEqual(before);
      expect((await readdir(dataDir)).sort()).toEqual(
        ['CURRENT', second.summary!.generation, first.summary!.generation].sort(),
      );
    },
  );
});
