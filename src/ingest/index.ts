/** Files and folders → articles, with every problem reported per file (and line) instead of thrown. */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Article, IngestIssue } from '../types.ts';
import { decodeUtf8, normalizeText, overlongLine } from './decode.ts';
import { parseCsvArticles, parseJsonLines } from './records.ts';
import { type FileMetadata, parseTextArticle } from './text-file.ts';

export { parseTextArticle } from './text-file.ts';

/** Name of the optional per-folder metadata file: `{ "<file name>": { title?, source?, date?, url? } }`. */
export const METADATA_FILE = 'sources.json';

const TEXT_EXTENSIONS = new Set(['.txt', '.md', '.markdown']);
const RECORD_EXTENSIONS = new Set(['.jsonl', '.ndjson', '.csv']);

export interface IngestResult {
  articles: Article[];
  issues: IngestIssue[];
  /** Files read, for progress and summaries. */
  files: number;
}

/** Reads every supported file under `inputs` (files or folders), in a stable order. */
export async function ingestPaths(inputs: readonly string[]): Promise<IngestResult> {
  const result: IngestResult = { articles: [], issues: [], files: 0 };
  const seen = new Set<string>();
  for (const input of inputs) {
    const info = await stat(input).catch((error: NodeJS.ErrnoException) => error);
    if (info instanceof Error) {
      result.issues.push({ path: input, reason: `cannot read: ${info.code ?? info.message}` });
      continue;
    }
    const base = path.dirname(path.resolve(input));
    const files = info.isDirectory() ? await listFiles(path.resolve(input)) : [path.resolve(input)];
    const metadata = new Map<string, Record<string, FileMetadata>>();
    for (const file of files) {
      const ext = path.extname(file).toLowerCase();
      if (path.basename(file) === METADATA_FILE) continue;
      if (!TEXT_EXTENSIONS.has(ext) && !RECORD_EXTENSIONS.has(ext)) continue;
      const rel = path.relative(base, file).split(path.sep).join('/');
      result.files++;
      const read = await readArticles(file, rel, ext, () => metadataFor(file, metadata, result.issues, base));
      result.issues.push(...read.issues);
      for (const article of read.articles) {
        if (seen.has(article.id)) {
          result.issues.push({ path: rel, reason: `duplicate id ${JSON.stringify(article.id)}; the first one is kept` });
          continue;
        }
        seen.add(article.id);
        result.articles.push(article);
      }
    }
  }
  return result;
}

async function readArticles(
  file: string,
  rel: string,
  ext: string,
  meta: () => Promise<Record<string, FileMetadata>>,
): Promise<{ articles: Article[]; issues: IngestIssue[] }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return { articles: [], issues: [{ path: rel, reason: `cannot read: ${(error as NodeJS.ErrnoException).code}` }] };
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return { articles: [], issues: [{ path: rel, reason: decoded.reason }] };
  const text = normalizeText(decoded.text);
  if (ext === '.jsonl' || ext === '.ndjson') return parseJsonLines(text, rel);
  if (ext === '.csv') return parseCsvArticles(text, rel);
  const longLine = overlongLine(text);
  if (longLine) {
    return { articles: [], issues: [{ path: rel, line: longLine, reason: 'line too long to be article text (over 1,000,000 characters)' }] };
  }
  const article = parseTextArticle(text, rel.replace(/\.[^./]+$/, ''), rel, (await meta())[path.basename(file)]);
  if (article.text === '') return { articles: [], issues: [{ path: rel, reason: 'no article text after the headline and metadata' }] };
  return { articles: [article], issues: [] };
}

/** Loads (once per folder) the folder's sources.json; a broken one is reported and ignored. */
async function metadataFor(
  file: string,
  cache: Map<string, Record<string, FileMetadata>>,
  issues: IngestIssue[],
  base: string,
): Promise<Record<string, FileMetadata>> {
  const dir = path.dirname(file);
  const cached = cache.get(dir);
  if (cached) return cached;
  let meta: Record<string, FileMetadata> = {};
  const metaPath = path.join(dir, METADATA_FILE);
  const raw = await readFile(metaPath, 'utf8').catch(() => null);
  if (raw !== null) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('expected an object keyed by file name');
      meta = parsed as Record<string, FileMetadata>;
    } catch (error) {
      issues.push({ path: path.relative(base, metaPath), reason: `ignored: ${(error as Error).message}` });
    }
  }
  cache.set(dir, meta);
  return meta;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}
