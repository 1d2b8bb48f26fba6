/** Plain-text and Markdown articles: headline, date and URL lines on top, body below, furniture cut. */
import type { Article } from '../types.ts';
import { stripTrailingBoilerplate } from './boilerplate.ts';
import { isUrlLine, looksLikeHeadline, outletFromUrl, parseDateLine, titleFromBody } from './metadata.ts';

/** What a metadata file (e.g. seeds/sources.json) may say about one file. */
export interface FileMetadata {
  title?: string;
  source?: string;
  date?: string;
  url?: string;
}

/**
 * Reads one article from text. The first line is the title when it looks like a headline; a date line and a
 * URL line right under it are metadata. `meta` (from a sources file) wins over what the text says.
 */
export function parseTextArticle(text: string, id: string, path: string, meta: FileMetadata = {}): Article {
  const lines = text.split('\n');
  let i = 0;
  const skipBlank = (): void => {
    while (i < lines.length && lines[i]!.trim() === '') i++;
  };
  skipBlank();
  let title: string | null = null;
  const first = stripMarkdownHeading(lines[i] ?? '');
  if (looksLikeHeadline(first) && lines.length > i + 1) {
    title = first;
    i++;
  }
  let date: string | null = null;
  let url: string | null = null;
  // Metadata lines sit right under the headline, in either order.
  for (let n = 0; n < 2; n++) {
    skipBlank();
    const line = lines[i]?.trim() ?? '';
    const asDate: string | null = date === null ? parseDateLine(line) : null;
    if (asDate) {
      date = asDate;
      i++;
    } else if (url === null && isUrlLine(line)) {
      url = line;
      i++;
    }
  }
  const body = stripTrailingBoilerplate(lines.slice(i).join('\n')).trim();
  return {
    id,
    title: meta.title ?? title ?? titleFromBody(body),
    text: body,
    source: meta.source ?? outletFromUrl(meta.url ?? url),
    date: meta.date ?? date,
    url: meta.url ?? url,
    path,
  };
}

function stripMarkdownHeading(line: string): string {
  return line.trim().replace(/^#{1,6}\s+/, '');
}
