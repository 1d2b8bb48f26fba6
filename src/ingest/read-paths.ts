/**
 * Files and folders → articles, with every problem reported per file (and line) instead of thrown. Nothing is
 * opened that could block: FIFOs, sockets and devices are reported, never read, also when named directly or
 * reached through a link. It also records what it read, so that the index removes a document only when the
 * place it came from was read in this run.
 */
import { constants } from 'node:fs';
import type { Stats } from 'node:fs';
import { open, readdir, readFile, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Article, IngestIssue } from '../types.ts';
import { decodeUtf8, normalizeText, overlongLine } from './decode.ts';
import { normalizeDate } from './metadata.ts';
import { parseCsvArticles, parseJsonLines, type RecordsResult } from './records.ts';
import { type FileMetadata, parseTextArticle } from './text-file.ts';

/** Name of the optional per-folder metadata file: `{ "<file name>": { title?, source?, date?, url? } }`. */
const METADATA_FILE = 'sources.json';

const TEXT_EXTENSIONS = new Set(['.txt', '.md', '.markdown']);
const RECORD_EXTENSIONS = new Set(['.jsonl', '.ndjson', '.csv']);
const SUPPORTED = '.txt, .md, .markdown, .jsonl, .ndjson or .csv';

export interface IngestOptions {
  /** Called as files are read: `done` of `total` files. */
  onProgress?: (done: number, total: number) => void;
}

export interface IngestResult {
  articles: Article[];
  /** Inputs, files and records that were skipped, each with the reason. */
  issues: IngestIssue[];
  /** Things read but not as given (a date that is not a date); the article is still indexed. */
  warnings: IngestIssue[];
  /** Files read, for progress and summaries. */
  files: number;
  /**
   * Did this run read where a document with this `Article.path` comes from: that very file, or a folder that
   * was listed and in which that file is now absent? False for files that could not be read and for paths this
   * run was never asked about.
   */
  accountsFor(path: string): boolean;
}

/** What to do, in order: read a file, or report a problem found while listing. */
type Task = { file: string; rel: string; ext: string } | { issue: IngestIssue };

/** The places a run read, for `accountsFor`. */
class ReadScope {
  readonly files = new Set<string>();
  readonly folders: string[] = [];
  readonly failed: string[] = [];

  accountsFor(p: string): boolean {
    if (this.files.has(p)) return true;
    const under = (prefix: string): boolean => p.startsWith(prefix);
    return this.folders.some(under) && !this.failed.some((f) => (f.endsWith('/') ? under(f) : p === f));
  }
}

/** Reads every supported file under `inputs` (files or folders), in a stable order. */
export async function ingestPaths(
  inputs: readonly string[],
  options: IngestOptions = {},
): Promise<IngestResult> {
  const scope = new ReadScope();
  const tasks: Task[] = [];
  for (const input of inputs) await collectInput(input, tasks, scope);
  const total = tasks.filter((t) => 'file' in t).length;
  const result: IngestResult = {
    articles: [],
    issues: [],
    warnings: [],
    files: 0,
    accountsFor: (p) => scope.accountsFor(p),
  };
  const firstSeen = new Map<string, string>();
  const metadata = new Map<string, Record<string, FileMetadata>>();
  let done = 0;
  options.onProgress?.(0, total);
  for (const task of tasks) {
    if ('issue' in task) {
      result.issues.push(task.issue);
      continue;
    }
    const read = await readArticles(task, () => metadataFor(task.file, task.rel, metadata, result.issues));
    if (read.failed) scope.failed.push(task.rel);
    else {
      scope.files.add(task.rel);
      result.files++;
    }
    result.issues.push(...read.issues);
    result.warnings.push(...read.warnings);
    read.articles.forEach((article, i) => {
      const line = read.lines[i];
      const where = line === undefined ? task.rel : `${task.rel}:${line}`;
      const first = firstSeen.get(article.id);
      if (first !== undefined) {
        result.issues.push({
          path: task.rel,
          ...(line === undefined ? {} : { line }),
          reason: `duplicate id ${JSON.stringify(article.id)}, first read at ${first}; the first one is kept`,
        });
        return;
      }
      firstSeen.set(article.id, where);
      result.articles.push(article);
    });
    options.onProgress?.(++done, total);
  }
  return result;
}

/** One input as named on the command line: a folder is listed, a file checked, anything else reported. */
async function collectInput(input: string, tasks: Task[], scope: ReadScope): Promise<void> {
  const info = await stat(input).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) {
    tasks.push({ issue: { path: input, reason: await unreachable(input, info) } });
    return;
  }
  const full = path.resolve(input);
  const base = path.dirname(full);
  if (info.isDirectory()) {
    const prefix = `${path.relative(base, full).split(path.sep).join('/')}/`;
    if (await listFolder(full, base, tasks, scope, new Set())) scope.folders.push(prefix);
    return;
  }
  if (!info.isFile()) {
    tasks.push({ issue: { path: input, reason: `${kindOf(info)}, not a regular file` } });
    return;
  }
  const ext = path.extname(full).toLowerCase();
  if (path.basename(full) === METADATA_FILE) {
    tasks.push({
      issue: {
        path: input,
        reason: `${METADATA_FILE} describes the files of its folder; name the folder instead`,
      },
    });
  } else if (!TEXT_EXTENSIONS.has(ext) && !RECORD_EXTENSIONS.has(ext)) {
    const what = ext === '' ? 'a file without an extension' : `a ${ext} file`;
    tasks.push({
      issue: { path: input, reason: `${what} is not a supported format; expected ${SUPPORTED}` },
    });
  } else {
    tasks.push({ file: full, rel: path.basename(full), ext });
  }
}

/**
 * Lists a folder into `tasks` (sorted, hidden names skipped, unsupported extensions ignored), reporting links
 * that lead nowhere or in a circle and entries that are not regular files. Returns false when it cannot be read.
 */
async function listFolder(
  dir: string,
  base: string,
  tasks: Task[],
  scope: ReadScope,
  visited: Set<string>,
): Promise<boolean> {
  const rel = (p: string): string => path.relative(base, p).split(path.sep).join('/');
  const report = (p: string, reason: string, folder = false): void => {
    tasks.push({ issue: { path: rel(p), reason } });
    scope.failed.push(folder ? `${rel(p)}/` : rel(p));
  };
  const real = await realpath(dir).catch(() => dir);
  if (visited.has(real)) {
    report(
      dir,
      'a link to a folder that is already being read (a loop, or a second way in); not read again',
      true,
    );
    return false;
  }
  visited.add(real);
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    report(
      dir,
      `cannot read folder: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      true,
    );
    return false;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    let info: Stats | { isDirectory(): boolean; isFile(): boolean } = entry;
    if (entry.isSymbolicLink()) {
      const target = await stat(full).catch((error: NodeJS.ErrnoException) => error);
      if (target instanceof Error) {
        report(full, await unreachable(full, target));
        continue;
      }
      info = target;
    }
    if (info.isDirectory()) {
      await listFolder(full, base, tasks, scope, visited);
    } else if (info.isFile()) {
      const ext = path.extname(entry.name).toLowerCase();
      if (entry.name !== METADATA_FILE && (TEXT_EXTENSIONS.has(ext) || RECORD_EXTENSIONS.has(ext))) {
        tasks.push({ file: full, rel: rel(full), ext });
      }
    } else {
      report(full, `${kindOf(info as Stats)}, not a regular file`);
    }
  }
  return true;
}

/** Why stat() failed, in words: a missing path, a dangling link, a link loop. */
async function unreachable(p: string, error: NodeJS.ErrnoException): Promise<string> {
  if (error.code === 'ELOOP') return 'a symbolic link loop';
  if (error.code === 'ENOENT') {
    const target = await readlink(p).catch(() => null);
    if (target !== null) return `a dangling symbolic link (its target ${target} does not exist)`;
  }
  return `cannot read: ${error.code ?? error.message}`;
}

function kindOf(info: Stats | { isFIFO?(): boolean }): string {
  const s = info as Stats;
  if (s.isFIFO?.()) return 'a FIFO (named pipe)';
  if (s.isSocket?.()) return 'a socket';
  if (s.isCharacterDevice?.()) return 'a character device';
  if (s.isBlockDevice?.()) return 'a block device';
  if (s.isSymbolicLink?.()) return 'a symbolic link';
  return 'not a file or folder';
}

/**
 * The bytes of a regular file, or why not. Opened without blocking and checked on the open handle, so a file
 * swapped for a FIFO after listing cannot hang the run.
 */
async function readBytes(file: string): Promise<Uint8Array | string> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return `${kindOf(info)}, not a regular file`;
    return await handle.readFile();
  } catch (error) {
    return `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
  } finally {
    await handle.close();
  }
}

interface FileRead extends RecordsResult {
  /** True when the file as a whole could not be used: its previous articles are kept. */
  failed: boolean;
}

async function readArticles(
  task: { file: string; rel: string; ext: string },
  meta: () => Promise<{ entry: FileMetadata | undefined; warnings: IngestIssue[] }>,
): Promise<FileRead> {
  const { file, rel, ext } = task;
  const fail = (reason: string, line?: number): FileRead => ({
    articles: [],
    lines: [],
    issues: [{ path: rel, ...(line === undefined ? {} : { line }), reason }],
    warnings: [],
    failed: true,
  });
  const bytes = await readBytes(file);
  if (typeof bytes === 'string') return fail(bytes);
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return fail(decoded.reason);
  const text = normalizeText(decoded.text);
  if (ext === '.jsonl' || ext === '.ndjson') return { ...parseJsonLines(text, rel), failed: false };
  if (ext === '.csv') return { ...parseCsvArticles(text, rel), failed: false };
  const longLine = overlongLine(text);
  if (longLine) return fail('line too long to be article text (over 1,000,000 characters)', longLine);
  const { entry, warnings } = await meta();
  const article = parseTextArticle(text, rel.replace(/\.[^./]+$/, ''), rel, entry);
  if (article.text === '') return fail('no article text after the headline and metadata');
  return { articles: [article], lines: [undefined], issues: [], warnings, failed: false };
}

/** Loads (once per folder) the folder's sources.json; a broken one is reported and ignored. */
async function metadataFor(
  file: string,
  rel: string,
  cache: Map<string, Record<string, FileMetadata>>,
  issues: IngestIssue[],
): Promise<{ entry: FileMetadata | undefined; warnings: IngestIssue[] }> {
  const dir = path.dirname(file);
  const metaRel = path.posix.join(path.posix.dirname(rel), METADATA_FILE);
  let meta = cache.get(dir);
  if (!meta) {
    meta = {};
    const raw = await readFile(path.join(dir, METADATA_FILE), 'utf8').catch(() => null);
    if (raw !== null) {
      const parsed = metadataOf(raw);
      if (typeof parsed === 'string') issues.push({ path: metaRel, reason: `ignored: ${parsed}` });
      else meta = parsed;
    }
    cache.set(dir, meta);
  }
  const entry = meta[path.basename(file)];
  if (entry?.date === undefined) return { entry, warnings: [] };
  const date = normalizeDate(entry.date);
  if (date !== null) return { entry: { ...entry, date }, warnings: [] };
  const { date: _bad, ...rest } = entry;
  return {
    entry: rest,
    warnings: [
      {
        path: metaRel,
        reason: `date for ${path.basename(file)}: expected a date such as 2022-02-24, got ${JSON.stringify(entry.date)}; indexed without a date`,
      },
    ],
  };
}

/** A sources.json's entries, or why it is ignored: an issue to list, not an error (the files are read without it). */
function metadataOf(raw: string): Record<string, FileMetadata> | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    return (error as Error).message;
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, FileMetadata>)
    : 'expected an object keyed by file name';
}
