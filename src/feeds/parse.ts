/**
 * Feed text → items, whatever the format (RSS 2.0, Atom, RDF, JSON Feed). The only module that imports
 * feedsmith: it parses without fetching (we fetch politely ourselves), detects the format, and keeps each
 * format's own field names, which are normalized here into one small shape.
 */
import { parseFeed } from 'feedsmith';
import { CrisisDeskError } from '../errors.ts';

/** One entry of a feed, as the feed itself describes it. */
export interface FeedItem {
  /** The article's address (absolute). */
  url: string;
  title: string;
  /** ISO day (YYYY-MM-DD) of publication or last update; null when the feed says nothing usable. */
  date: string | null;
  /** The feed's own summary or content, as plain text; '' when it has none. */
  summary: string;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  /** The feed's title; null when it has none. */
  title: string | null;
  items: FeedItem[];
}

/** Thrown when a body is not a feed or a feed that cannot be read; says what arrived. */
export class FeedParseError extends CrisisDeskError {
  constructor(message: string) {
    super('FeedParseError', message);
  }
}

type Loose = Record<string, unknown> | undefined;

/** Atom text constructs arrive as `{ value }`, other formats as strings. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { value?: unknown }).value === 'string') {
    return (value as { value: string }).value;
  }
  return '';
}

/** Markup and entities out, whitespace collapsed: summaries are indexed as plain text. */
export function plainText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>|<\/p>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/[ \t\r\f\v]+/g, ' ')
    .replace(/ *\n[\n ]*/g, '\n')
    .trim();
}

/** The first date of `candidates` that parses, as YYYY-MM-DD. */
function isoDay(...candidates: unknown[]): string | null {
  for (const c of candidates) {
    if (typeof c !== 'string' || c.trim() === '') continue;
    const t = Date.parse(c);
    if (!Number.isNaN(t)) return new Date(t).toISOString().slice(0, 10);
  }
  return null;
}

function absolute(link: string, base: string): string | null {
  if (link.trim() === '') return null;
  try {
    const u = new URL(link.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function atomLink(entry: Loose): string {
  const links = (entry?.links as Loose[] | undefined) ?? [];
  const alternate = links.find((l) => l?.rel === undefined || l.rel === 'alternate') ?? links[0];
  return typeof alternate?.href === 'string' ? alternate.href : '';
}

/**
 * Parses a feed's body. `base` (the feed's URL) resolves relative links. Items without a usable http(s) link
 * are dropped: an article needs an address. A body that is no feed at all is a FeedParseError.
 */
export function parseFeedText(body: string, base: string): ParsedFeed {
  let parsed: { format: string; feed: unknown };
  try {
    // JSON Feed arrives as text too; feedsmith wants the object.
    const input: unknown = /^\s*\{/.test(body) ? JSON.parse(body) : body;
    parsed = parseFeed(input as Parameters<typeof parseFeed>[0]) as { format: string; feed: unknown };
  } catch (error) {
    const e = error as Error;
    const what = e.name === 'DetectError' ? 'not RSS, Atom, RDF or JSON Feed' : `malformed (${e.message})`;
    throw new FeedParseError(`expected a feed, got a body that is ${what}`);
  }
  const feed = parsed.feed as Record<string, unknown>;
  const raw: FeedItem[] = [];
  const push = (link: string, title: unknown, summary: unknown, ...dates: unknown[]): void => {
    const url = absolute(link, base);
    if (url === null) return;
    raw.push({
      url,
      title: plainText(text(title)),
      date: isoDay(...dates),
      summary: plainText(text(summary)),
    });
  };
  switch (parsed.format) {
    case 'rss':
    case 'rdf':
      for (const i of (feed.items as Loose[] | undefined) ?? []) {
        const content = (i?.content as Loose)?.encoded;
        const dc = i?.dc as Loose;
        const guid = i?.guid as Loose;
        const link = text(i?.link) || (guid?.isPermaLink !== false ? text(guid?.value) : '');
        push(link, i?.title, text(i?.description) || text(content), i?.pubDate, dc?.date);
      }
      break;
    case 'atom':
      for (const e of (feed.entries as Loose[] | undefined) ?? []) {
        push(atomLink(e), e?.title, text(e?.summary) || text(e?.content), e?.published, e?.updated);
      }
      break;
    case 'json':
      for (const i of (feed.items as Loose[] | undefined) ?? []) {
        push(
          text(i?.url) || text(i?.external_url),
          i?.title,
          text(i?.summary) || text(i?.content_text) || text(i?.content_html),
          i?.date_published,
          i?.date_modified,
        );
      }
      break;
    default:
      throw new FeedParseError(`expected RSS, Atom, RDF or JSON Feed, got ${parsed.format}`);
  }
  // One item per address: a feed listing the same story twice is one article.
  const seen = new Set<string>();
  const items = raw.filter((i) => !seen.has(i.url) && seen.add(i.url));
  return { format: parsed.format as ParsedFeed['format'], title: plainText(text(feed.title)) || null, items };
}
