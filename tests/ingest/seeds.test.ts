import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTextArticle } from '../../src/ingest/text-file.ts';
import { normalizeText } from '../../src/ingest/decode.ts';
import type { Article } from '../../src/types.ts';
import { SEEDS_DIR, seed, seedArticles } from '../helpers/articles.ts';

const sources = JSON.parse(await readFile(path.join(SEEDS_DIR, 'sources.json'), 'utf8')) as Record<
  string,
  Record<string, string>
>;

async function raw(prefix: string): Promise<{ name: string; text: string }> {
  const name = Object.keys(sources).find((k) => k.startsWith(prefix));
  if (!name) throw new Error(`no seed ${prefix} in sources.json`);
  return { name, text: normalizeText(await readFile(path.join(SEEDS_DIR, name), 'utf8')) };
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}

describe('seeds through ingestPaths', () => {
  let articles: Article[];
  beforeAll(async () => {
    articles = await seedArticles();
  });

  it('reads all five seeds, in file order, with ids and paths relative to the seeds folder', () => {
    expect(articles.map((a) => a.path)).toEqual(
      Object.keys(sources)
        .filter((k) => k.endsWith('.txt'))
        .map((k) => `seeds/${k}`),
    );
    for (const a of articles) expect(a.id).toBe(a.path.replace(/\.txt$/, ''));
  });

  it('000: the headline becomes the title and the blank lines under it are not body', async () => {
    const { name, text } = await raw('000');
    const a = seed(articles, '000');
    expect(a.title).toBe(firstLine(text));
    expect(a.text.startsWith('US Secretary of State Antony Blinken canceled')).toBe(true);
    expect(a.text).not.toContain(a.title);
    expect(a.date).toBe(sources[name]!.date);
    expect(a.source).toBeNull();
    expect(a.url).toBeNull();
  });

  it('001: no headline, so the title comes from sources.json and the first line stays body', async () => {
    const { name, text } = await raw('001');
    const a = seed(articles, '001');
    expect(a.title).toBe(sources[name]!.title);
    expect(a.text.startsWith(firstLine(text))).toBe(true);
    expect(a.date).toBe('2022-02-22');
  });

  it('001 without sources.json: the title is the first sentence, cut at a word with an ellipsis', async () => {
    const { text } = await raw('001');
    const a = parseTextArticle(text, 'x', 'seeds/x.txt');
    expect(a.title.endsWith('…')).toBe(true);
    expect(a.title.length).toBeLessThanOrEqual(91);
    expect(firstLine(text).startsWith(a.title.slice(0, -1))).toBe(true);
    // Cut at a word boundary: the character after the kept prefix is a space.
    expect(firstLine(text)[a.title.length - 1]).toBe(' ');
    expect(a.text.startsWith(firstLine(text))).toBe(true);
  });

  it('002: headline, date line and URL line are metadata; the outlet comes from sources.json', async () => {
    const { name, text } = await raw('002');
    const lines = text.split('\n');
    const a = seed(articles, '002');
    expect(a.title).toBe('Blinken to meet with senior Russian as Ukraine tensions soar');
    expect(lines[1]).toBe('20220118');
    expect(a.date).toBe('2022-01-18');
    expect(a.url).toBe(lines[2]);
    expect(a.source).toBe(sources[name]!.source);
    expect(a.text).not.toContain('20220118');
    expect(a.text).not.toContain('https://');
    expect(a.text.startsWith(lines[3]!.trim())).toBe(true);
  });

  it('002 without sources.json: the outlet is the URL host without www.', async () => {
    const { text } = await raw('002');
    const a = parseTextArticle(text, 'x', 'seeds/x.txt');
    expect(a.source).toBe('thereminder.ca');
    expect(a.date).toBe('2022-01-18');
  });

  it('003: the trailing signature, source line, "Related Posts" and reply form are cut', async () => {
    const { text } = await raw('003');
    const a = seed(articles, '003');
    for (const furniture of [
      'Related Posts',
      'Leave a Reply',
      'Your email address',
      'Required fields',
      'Ru-Main, 23.02.2022',
      'Source: Interfax',
    ]) {
      expect(text).toContain(furniture); // the raw file has it…
      expect(a.text).not.toContain(furniture); // …the article does not
    }
    expect(a.text.endsWith('to ensure safety around the world.')).toBe(true);
    expect(a.source).toBe('Ru-Main');
    expect(a.date).toBe('2022-02-23');
  });

  it('004: the copyright line and the trailing signature are cut, the reporting credit stays', async () => {
    const { text } = await raw('004');
    const a = seed(articles, '004');
    expect(text).toContain('Christi C. Elwood');
    expect(a.text).not.toContain('Copyright');
    expect(a.text).not.toContain('©');
    expect(a.text).not.toContain('Christi C. Elwood');
    expect(
      a.text.endsWith(
        'ABC News’ Patrick Reevell contributed reporting from Kyiv and Cindy Smith from Washington.',
      ),
    ).toBe(true);
    expect(a.source).toBe('ABC News');
  });

  it('every seed body is trimmed text of its file', async () => {
    for (const a of articles) {
      const { text } = await raw(path.basename(a.path).slice(0, 3));
      expect(a.text).toBe(a.text.trim());
      expect(text).toContain(a.text);
    }
  });
});
