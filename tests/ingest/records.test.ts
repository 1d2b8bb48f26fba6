import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/ingest/csv.ts';
import { parseCsvArticles, parseJsonLines } from '../../src/ingest/records.ts';

const jsonl = (...records: unknown[]): string =>
  records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n');

describe('parseJsonLines', () => {
  it('reads {id?, title, text, url?, source?, date?} records, one per line', () => {
    const { articles, issues } = parseJsonLines(
      jsonl(
        {
          id: 'a1',
          title: 'Troops move',
          text: 'Troops moved to the border.',
          url: 'https://www.bbc.co.uk/news/1',
          date: '2022-02-24T06:00:00Z',
        },
        {
          title: 'Named outlet',
          text: 'Text two.',
          url: 'https://www.cnn.com/x',
          source: 'My Outlet',
          date: 'February 25, 2022',
        },
        { id: 7, title: 'Unknown host', text: 'Text three.', url: 'https://news.example.org/a' },
        { title: 'No url', text: 'Text four.' },
      ),
      'c/news.jsonl',
    );
    expect(issues).toEqual([]);
    expect(articles).toEqual([
      {
        id: 'a1',
        title: 'Troops move',
        text: 'Troops moved to the border.',
        source: 'BBC News',
        date: '2022-02-24',
        url: 'https://www.bbc.co.uk/news/1',
        path: 'c/news.jsonl',
      },
      {
        id: 'c/news.jsonl:2',
        title: 'Named outlet',
        text: 'Text two.',
        source: 'My Outlet',
        date: '2022-02-25',
        url: 'https://www.cnn.com/x',
        path: 'c/news.jsonl',
      },
      {
        id: '7',
        title: 'Unknown host',
        text: 'Text three.',
        source: 'news.example.org',
        date: null,
        url: 'https://news.example.org/a',
        path: 'c/news.jsonl',
      },
      {
        id: 'c/news.jsonl:4',
        title: 'No url',
        text: 'Text four.',
        source: null,
        date: null,
        url: null,
        path: 'c/news.jsonl',
      },
    ]);
  });

  it('reports each bad line with its number and reason, and keeps the good ones', () => {
    const { articles, issues } = parseJsonLines(
      jsonl(
        { title: 'ok 1', text: 'Good one.' },
        '{"title": "broken", "text": ',
        '[1, 2]',
        '"just a string"',
        '',
        { title: 'no text' },
        { title: 'empty text', text: '   ' },
        { title: 42, text: 'Numeric title.' },
        { title: 'furniture', text: 'Related Posts\nLeave a Reply' },
        { title: 'ok 2', text: 'Good two.' },
      ),
      'f.jsonl',
    );
    expect(articles.map((a) => a.title)).toEqual(['ok 1', 'ok 2']);
    expect(issues.map((i) => [i.line, i.reason.replace(/^(malformed JSON):.*/, '$1')])).toEqual([
      [2, 'malformed JSON'],
      [3, 'expected a JSON object, got an array'],
      [4, 'expected a JSON object, got string'],
      [6, 'missing "text" (expected a non-empty string)'],
      [7, 'missing "text" (expected a non-empty string)'],
      [8, '"title" should be a string, got number'],
      [9, '"text" is only boilerplate'],
    ]);
    expect(issues.every((i) => i.path === 'f.jsonl')).toBe(true);
  });

  it('names the first problem of a record: the text before the title; a null title is an object', () => {
    const { issues } = parseJsonLines(
      ['{"title": 7, "text": 3}', '{"title": null, "text": "Body."}', '{"text": "Body.", "title": []}'].join(
        '\n',
      ),
      'f.jsonl',
    );
    expect(issues.map((i) => i.reason)).toEqual([
      'missing "text" (expected a non-empty string)',
      '"title" should be a string, got object',
      '"title" should be a string, got object',
    ]);
  });

  it('names null as null, not as an object', () => {
    const { issues } = parseJsonLines('null', 'f.jsonl');
    expect(issues).toEqual([{ path: 'f.jsonl', line: 1, reason: 'expected a JSON object, got null' }]);
  });

  it('cuts trailing boilerplate and normalizes line endings in record text', () => {
    const { articles } = parseJsonLines(
      jsonl({ title: 't', text: 'Body line.\r\nSecond line.\r\n\r\nCopyright © 2022 X' }),
      'f.jsonl',
    );
    expect(articles[0]!.text).toBe('Body line.\nSecond line.');
  });
});

describe('parseCsv', () => {
  it('handles quoted commas, newlines and doubled quotes, CRLF, and reports the line each row starts on', () => {
    const content = 'a,b\r\n"x, y","multi\nline"\n"say ""hi""",plain\nlast,row';
    const { rows, rowLines, error } = parseCsv(content);
    expect(error).toBeUndefined();
    expect(rows).toEqual([
      ['a', 'b'],
      ['x, y', 'multi\nline'],
      ['say "hi"', 'plain'],
      ['last', 'row'],
    ]);
    expect(rowLines).toEqual([1, 2, 4, 5]);
  });

  it('reports an unterminated quote at the line it opens and returns the rows before it', () => {
    const { rows, error } = parseCsv('a,b\n1,2\n3,"never closed\nmore\n');
    expect(rows).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(error).toEqual({ line: 3, reason: 'unterminated quoted field (expected a closing ")' });
  });
});

describe('parseCsvArticles', () => {
  const header = 'Date,URL,Title,Text';

  it('reads Date,URL,Title,Text rows with quoted fields; the outlet comes from the URL', () => {
    const csv = [
      header,
      '2022-02-24,https://www.reuters.com/world/a,"Troops, tanks move","Russian troops crossed the border, officials said.\nMore followed."',
      '24.02.2022,https://apnews.com/b,"He said ""no""","Lavrov said ""no"" to the talks."',
      ',,No date or URL,Plain text body.',
    ].join('\n');
    const { articles, issues } = parseCsvArticles(csv, 'c/news.csv');
    expect(issues).toEqual([]);
    expect(articles).toEqual([
      {
        id: 'c/news.csv:https://www.reuters.com/world/a',
        title: 'Troops, tanks move',
        text: 'Russian troops crossed the border, officials said.\nMore followed.',
        source: 'Reuters',
        date: '2022-02-24',
        url: 'https://www.reuters.com/world/a',
        path: 'c/news.csv',
      },
      {
        id: 'c/news.csv:https://apnews.com/b',
        title: 'He said "no"',
        text: 'Lavrov said "no" to the talks.',
        source: 'Associated Press',
        date: '2022-02-24',
        url: 'https://apnews.com/b',
        path: 'c/news.csv',
      },
      {
        id: 'c/news.csv:5',
        title: 'No date or URL',
        text: 'Plain text body.',
        source: null,
        date: null,
        url: null,
        path: 'c/news.csv',
      },
    ]);
  });

  it('accepts the columns in any order and case, with extra columns ignored', () => {
    const { articles } = parseCsvArticles('text,EXTRA,title\nBody here.,ignored,A title', 'x.csv');
    expect(articles.map((a) => [a.title, a.text])).toEqual([['A title', 'Body here.']]);
  });

  it('reports rows with the wrong number of fields by the line they start on', () => {
    const csv = [
      header,
      '2022-02-24,https://a.com/1,"Two\nlines",Body one.',
      '2022-02-24,https://a.com/2,Too few',
      '',
      '2022-02-24,https://a.com/3,T,Body,extra',
      '2022-02-24,https://a.com/4,Fine,Body four.',
    ].join('\n');
    const { articles, issues } = parseCsvArticles(csv, 'x.csv');
    expect(articles.map((a) => a.url)).toEqual(['https://a.com/1', 'https://a.com/4']);
    expect(issues).toEqual([
      { path: 'x.csv', line: 4, reason: 'expected 4 fields, got 3' },
      { path: 'x.csv', line: 6, reason: 'expected 4 fields, got 5' },
    ]);
  });

  it('an unterminated quote is reported and the rows before it are still read', () => {
    const csv = `${header}\n2022-02-24,https://a.com/1,One,Body one.\n2022-02-24,https://a.com/2,Two,"Body never closed\n`;
    const { articles, issues } = parseCsvArticles(csv, 'x.csv');
    expect(articles.map((a) => a.title)).toEqual(['One']);
    expect(issues).toEqual([
      { path: 'x.csv', line: 3, reason: 'unterminated quoted field (expected a closing ")' },
    ]);
  });

  it('a header without Title and Text is one issue, not one per row', () => {
    const { articles, issues } = parseCsvArticles('Date,URL,Headline\n2022-02-24,https://a.com,x', 'x.csv');
    expect(articles).toEqual([]);
    expect(issues).toEqual([
      { path: 'x.csv', line: 1, reason: 'header should name Date,URL,Title,Text; got Date,URL,Headline' },
    ]);
  });
});
