import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeUtf8, MAX_LINE_CHARS } from '../../src/ingest/decode.ts';
import { ingestPaths } from '../../src/ingest/read-paths.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

const enc = new TextEncoder();
const GOOD =
  'Good headline\n\nRussian troops moved closer to the border on Tuesday. Officials said talks would go on.\n';
/** Text with curly quotes and dashes (multi-byte in UTF-8) before a byte that is never valid UTF-8. */
const INVALID_PREFIX = 'Kyiv — “no deal”. ';

describe('ingestPaths with bad input', () => {
  let root: string;
  let corpus: string;
  beforeEach(async () => {
    root = await temp.make();
    corpus = path.join(root, 'corpus');
    await mkdir(corpus);
  });

  async function put(name: string, body: string | Uint8Array): Promise<void> {
    await mkdir(path.dirname(path.join(corpus, name)), { recursive: true });
    await writeFile(path.join(corpus, name), body);
  }

  it('reports each bad file (and line) with its reason and still ingests every good file and line', async () => {
    await put('a-good.txt', GOOD);
    await put('b-empty.txt', '');
    await put('c-blank.txt', '  \n\n \t\n');
    await put('d-binary.txt', new Uint8Array([...enc.encode('PK'), 0, 1, 2, 3, ...enc.encode('text')]));
    await put(
      'e-invalid.txt',
      new Uint8Array([...enc.encode(INVALID_PREFIX), 0xff, ...enc.encode('rest of the text.')]),
    );
    await put('f-headline-only.txt', 'Only a headline\n');
    await put(
      'g-records.jsonl',
      [
        JSON.stringify({ id: 'j1', title: 'One', text: 'Lavrov met Blinken in Geneva.' }),
        '{not json',
        '42',
        JSON.stringify({ title: 'no text here' }),
        JSON.stringify({ id: 'j2', title: 'Two', text: 'Kuleba welcomed sanctions.' }),
      ].join('\n'),
    );
    await put(
      'h-table.csv',
      'Date,URL,Title,Text\n2022-02-24,https://www.cnn.com/a,CSV one,"Sanctions, they said, would follow."\n2022-02-24,https://www.cnn.com/b,Short row\n',
    );
    await put(
      'i-unterminated.csv',
      'Date,URL,Title,Text\n2022-02-24,https://x.org/1,Fine,Body.\n2022-02-25,https://x.org/2,Broken,"never closed\n',
    );
    await put('notes.pdf', 'ignored: not a supported extension');
    await put('.hidden.txt', 'ignored: hidden');
    await put('sub/z-nested.md', '# Nested headline\n\nA nested Markdown article body.\n');

    const missing = path.join(root, 'does-not-exist');
    const result = await ingestPaths([corpus, missing]);

    expect(result.articles.map((a) => a.id)).toEqual([
      'corpus/a-good',
      'j1',
      'j2',
      'corpus/h-table.csv:https://www.cnn.com/a',
      'corpus/i-unterminated.csv:https://x.org/1',
      'corpus/sub/z-nested',
    ]);
    expect(result.issues).toEqual([
      { path: 'corpus/b-empty.txt', reason: 'empty file' },
      { path: 'corpus/c-blank.txt', reason: 'empty file (whitespace only)' },
      { path: 'corpus/d-binary.txt', reason: 'binary file (contains NUL bytes), expected UTF-8 text' },
      {
        path: 'corpus/e-invalid.txt',
        reason: `not valid UTF-8 (at or after byte ${enc.encode(INVALID_PREFIX).length})`,
      },
      { path: 'corpus/f-headline-only.txt', reason: 'no article text after the headline and metadata' },
      {
        path: 'corpus/g-records.jsonl',
        line: 2,
        reason: expect.stringMatching(/^malformed JSON: /) as unknown as string,
      },
      { path: 'corpus/g-records.jsonl', line: 3, reason: 'expected a JSON object, got number' },
      { path: 'corpus/g-records.jsonl', line: 4, reason: 'missing "text" (expected a non-empty string)' },
      { path: 'corpus/h-table.csv', line: 3, reason: 'expected 4 fields, got 3' },
      {
        path: 'corpus/i-unterminated.csv',
        line: 3,
        reason: 'unterminated quoted field (expected a closing ")',
      },
      { path: missing, reason: 'cannot read: ENOENT' },
    ]);
    // Only files read and usable count: not the five bad ones, nor hidden files, other extensions, sources.json.
    expect(result.files).toBe(5);
  });

  it('rejects a 5 MB single line, in a text file and in a JSON Lines file, and reads the rest', async () => {
    const huge = 'x'.repeat(5 * 1024 * 1024);
    await put('a-huge.txt', `Headline\n\n${huge}\n`);
    await put(
      'b-huge.jsonl',
      [
        JSON.stringify({ title: 'ok', text: 'First record text.' }),
        JSON.stringify({ title: 'big', text: huge }),
      ].join('\n'),
    );
    await put('c-good.txt', GOOD);
    const result = await ingestPaths([corpus]);
    expect(result.articles.map((a) => a.title)).toEqual(['ok', 'Good headline']);
    expect(result.issues).toEqual([
      {
        path: 'corpus/a-huge.txt',
        line: 3,
        reason: 'line too long to be article text (over 1,000,000 characters)',
      },
      {
        path: 'corpus/b-huge.jsonl',
        line: 2,
        reason: `line of ${huge.length + JSON.stringify({ title: 'big', text: '' }).length} characters exceeds ${MAX_LINE_CHARS}`,
      },
    ]);
  });

  it('reports a duplicate id and keeps the first article with it', async () => {
    await put('a.jsonl', JSON.stringify({ id: 'same', title: 'First', text: 'First text.' }));
    await put('b.jsonl', JSON.stringify({ id: 'same', title: 'Second', text: 'Second text.' }));
    const result = await ingestPaths([corpus]);
    expect(result.articles.map((a) => a.title)).toEqual(['First']);
    expect(result.issues).toEqual([
      {
        path: 'corpus/b.jsonl',
        line: 1,
        reason: 'duplicate id "same", first read at corpus/a.jsonl:1; the first one is kept',
      },
    ]);
  });

  it('uses a folder’s sources.json, and reports a broken one while still reading the articles', async () => {
    await put('a.txt', GOOD);
    await put('sources.json', JSON.stringify({ 'a.txt': { source: 'Meta Outlet', date: '2022-02-22' } }));
    const good = await ingestPaths([corpus]);
    expect(good.articles.map((a) => [a.source, a.date])).toEqual([['Meta Outlet', '2022-02-22']]);

    await put('sources.json', '[1, 2]');
    const broken = await ingestPaths([corpus]);
    expect(broken.articles.map((a) => a.title)).toEqual(['Good headline']);
    expect(broken.issues).toEqual([
      { path: 'corpus/sources.json', reason: 'ignored: expected an object keyed by file name' },
    ]);
  });

  it('reads a single file given directly, with its path relative to its own folder', async () => {
    await put('one.txt', GOOD);
    const result = await ingestPaths([path.join(corpus, 'one.txt')]);
    expect(result.articles.map((a) => [a.id, a.path])).toEqual([['one', 'one.txt']]);
  });
});

describe('decodeUtf8', () => {
  it('drops a byte-order mark', () => {
    expect(decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode('Text')]))).toEqual({
      ok: true,
      text: 'Text',
    });
  });

  it('reports where invalid UTF-8 starts, whatever multi-byte text comes before it', () => {
    for (let n = 0; n < 40; n++) {
      const prefix = '“’—é'.repeat(n) + 'x'.repeat(n % 3);
      const bytes = new Uint8Array([...enc.encode(prefix), 0xff, ...enc.encode('tail’s end')]);
      expect(decodeUtf8(bytes), `prefix of ${n} repeats`).toEqual({
        ok: false,
        reason: `not valid UTF-8 (at or after byte ${enc.encode(prefix).length})`,
      });
    }
  });
});
