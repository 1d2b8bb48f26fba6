/**
 * An article page's HTML → its main text, with Mozilla's Readability (Firefox Reader View) over linkedom's
 * DOM. The only module that imports either. linkedom over jsdom: about 3× faster and a third of the memory on
 * news pages, and it runs on Node 20 (jsdom 31 needs Node 22); measured in docs/feeds.md.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { CrisisDeskError } from '../errors.ts';

export interface Extracted {
  title: string | null;
  /** The main text, paragraphs separated by blank lines. */
  text: string;
}

/** What a page may be before it is parsed; each was a way to stall or crash the reader (issue 21). */
export interface ExtractLimits {
  /** Longest page handed to the parser, in characters. Default 2,000,000. */
  maxChars: number;
  /**
   * Deepest element nesting, estimated from the tags before parsing. Default 128 (news pages nest 15–60 deep).
   * linkedom's parser and Readability's scoring both slow down steeply with depth: 1,500 nested `<div>`s took
   * 86 s to extract and 200,000 took 124 s just to parse.
   */
  maxDepth: number;
}

export const defaultExtractLimits: Readonly<ExtractLimits> = Object.freeze({
  maxChars: 2_000_000,
  maxDepth: 128,
});

/** The page cannot be used at all (binary, too large, too deep, no document): the caller falls back, saying why. */
export class UnusablePageError extends CrisisDeskError {
  constructor(message: string) {
    super('UnusablePageError', message);
  }
}

/** Text shorter than this is not an article (a paywall notice, an error page): the caller falls back. */
const MIN_ARTICLE_CHARS = 200;

/** Block elements whose end is a paragraph break in the extracted text. */
const BLOCKS = new Set([
  'P',
  'DIV',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'LI',
  'BLOCKQUOTE',
  'PRE',
  'SECTION',
  'ARTICLE',
  'TR',
  'BR',
  'FIGCAPTION',
]);

/** The part of a DOM node the walk below reads (the project compiles without the DOM library's types). */
interface DomNode {
  nodeType: number;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  tagName?: string;
}

type ReadabilityDocument = ConstructorParameters<typeof Readability>[0];

/** Readability's content as paragraphs: its textContent runs paragraphs together without a break. */
function paragraphs(node: DomNode): string {
  const out: string[] = [];
  let line = '';
  const walk = (n: DomNode): void => {
    if (n.nodeType === 3) line += n.textContent ?? '';
    for (const child of Array.from(n.childNodes)) walk(child);
    if (n.nodeType === 1 && BLOCKS.has(n.tagName ?? '')) {
      if (line.trim() !== '') out.push(line.replace(/\s+/g, ' ').trim());
      line = '';
    }
  };
  walk(node);
  if (line.trim() !== '') out.push(line.replace(/\s+/g, ' ').trim());
  return out.join('\n\n');
}

/** Elements that never hold children, or whose end tag the parser supplies: they add no depth when unclosed. */
const NO_DEPTH = new Set(
  'area base br col embed hr img input link meta source track wbr p li dt dd option optgroup tr td th thead tbody tfoot rt rp colgroup caption'.split(
    ' ',
  ),
);

/** The deepest nesting of elements that `html` opens, counted from its tags (scripts, styles and comments aside). */
export function nestingDepth(html: string): number {
  const text = html.replace(/<!--[\s\S]*?(?:-->|$)|<(script|style)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, '');
  let depth = 0;
  let deepest = 0;
  for (const m of text.matchAll(/<(\/?)([a-z][a-z0-9-]*)\b[^>]*?(\/?)>/gi)) {
    const name = m[2]!.toLowerCase();
    if (NO_DEPTH.has(name) || m[3] === '/') continue;
    if (m[1] === '/') depth = Math.max(0, depth - 1);
    else deepest = Math.max(deepest, ++depth);
  }
  return deepest;
}

/** Bytes that are not text (a PDF or an image served as text/html) decode to NULs, C0 controls and U+FFFD. */
function looksBinary(html: string): boolean {
  const head = html.slice(0, 4096);
  if (head.includes('\u0000')) return true;
  // Control characters are exactly what this looks for.
  // eslint-disable-next-line no-control-regex
  const odd = head.match(/[\u0001-\u0008\u000e-\u001f\ufffd]/g)?.length ?? 0;
  return head.length > 0 && odd / head.length > 0.05;
}

/**
 * Extracts the main text of `html` (fetched from `url`); null when Readability finds no article or the text is
 * too short to be one. Throws UnusablePageError for a page that must not or cannot be parsed. Run it in a worker
 * (./extract-pool.ts): even within the limits a hostile page can be slow.
 */
export function extractArticle(
  html: string,
  url: string,
  limits: ExtractLimits = defaultExtractLimits,
): Extracted | null {
  if (html.length > limits.maxChars)
    throw new UnusablePageError(
      `expected a page of at most ${limits.maxChars} characters to extract, got ${html.length}`,
    );
  if (looksBinary(html)) throw new UnusablePageError('expected an HTML page, got binary data');
  const depth = nestingDepth(html);
  if (depth > limits.maxDepth)
    throw new UnusablePageError(`expected elements nested at most ${limits.maxDepth} deep, got ${depth}`);
  const { document } = parseHTML(html);
  if (!document.documentElement)
    throw new UnusablePageError('expected an HTML document, got none the parser could build');
  // Readability resolves relative links against the document's URL; linkedom has none of its own.
  const base = document.createElement('base');
  base.setAttribute('href', url);
  document.head?.appendChild(base);
  const result = new Readability(document as unknown as ReadabilityDocument, {
    charThreshold: MIN_ARTICLE_CHARS,
  }).parse();
  if (!result?.content) return null;
  const { document: content } = parseHTML(`<!doctype html><html><body>${result.content}</body></html>`);
  const text = paragraphs(content.body as unknown as DomNode);
  if (text.length < MIN_ARTICLE_CHARS) return null;
  return { title: result.title?.trim() || null, text };
}
