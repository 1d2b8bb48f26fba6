/** JSON Lines and CSV records → articles. Each bad record is reported with its line and skipped. */
import { z } from 'zod';
import type { Article, IngestIssue } from '../types.ts';
import { stripTrailingBoilerplate } from './boilerplate.ts';
import { MAX_LINE_CHARS, normalizeText } from './decode.ts';
import { normalizeDate, outletFromUrl } from './metadata.ts';
import { parseCsv } from './csv.ts';

export interface RecordsResult {
  articles: Article[];
  /** The line each article starts on, parallel to `articles` (undefined for a whole-file article). */
  lines: (number | undefined)[];
  issues: IngestIssue[];
  /** Records indexed, but not entirely as given. */
  warnings: IngestIssue[];
}

/**
 * What a record must hold: a non-blank text and, if any, a string title. The other fields are read leniently
 * below (a number id or date is taken as text; a blank or odd one is as good as absent), and other keys are ignored.
 */
const recordSchema = z.object({
  text: z.string().refine((text) => text.trim() !== ''),
  title: z.string().optional(),
  id: z.unknown().optional(),
  url: z.unknown().optional(),
  source: z.unknown().optional(),
  date: z.unknown().optional(),
});

/** Why a record does not fit the schema, the first problem first: not an object, the text, then the title. */
function recordProblem(input: unknown, issues: readonly z.core.$ZodIssue[]): string {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return `expected a JSON object, got ${input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input}`;
  if (issues.some((issue) => issue.path[0] === 'text')) return 'missing "text" (expected a non-empty string)';
  return `"title" should be a string, got ${typeof (input as { title?: unknown }).title}`;
}

function optionalString(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

/** A date field as the record gives it: a string, or a number such as 20220224; null when absent or blank. */
function dateField(value: unknown): unknown {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
    return null;
  return typeof value === 'number' ? String(value) : value;
}

/** Validates one record; returns the article (and what was not as given) or the reason it was skipped. */
function toArticle(
  input: unknown,
  fallbackId: string,
  path: string,
): { article: Article; warning?: string } | string {
  const parsed = recordSchema.safeParse(input);
  if (!parsed.success) return recordProblem(input, parsed.error.issues);
  const raw = parsed.data;
  const url = optionalString(raw.url);
  const text = stripTrailingBoilerplate(normalizeText(raw.text)).trim();
  if (text === '') return '"text" is only boilerplate';
  const id = optionalString(typeof raw.id === 'number' ? String(raw.id) : raw.id) ?? fallbackId;
  const given = dateField(raw.date);
  const date = normalizeDate(given);
  const article = {
    id,
    title: optionalString(raw.title) ?? text.slice(0, 80),
    text,
    source: optionalString(raw.source) ?? outletFromUrl(url),
    date,
    url,
    path,
  };
  if (given === null || date !== null) return { article };
  const shown = JSON.stringify(raw.date)?.slice(0, 60) ?? typeof raw.date;
  return {
    article,
    warning: `date: expected a date such as 2022-02-24, got ${shown}; indexed without a date`,
  };
}

function add(result: RecordsResult, path: string, line: number, made: ReturnType<typeof toArticle>): void {
  if (typeof made === 'string') {
    result.issues.push({ path, line, reason: made });
    return;
  }
  result.articles.push(made.article);
  result.lines.push(line);
  if (made.warning) result.warnings.push({ path, line, reason: made.warning });
}

/** One JSON object per line: `{id?, title, text, url?, source?, date?}`. Blank lines are ignored. */
export function parseJsonLines(content: string, path: string): RecordsResult {
  const result: RecordsResult = { articles: [], lines: [], issues: [], warnings: [] };
  const lines = content.split('\n');
  lines.forEach((line, index) => {
    const lineNo = index + 1;
    if (line.trim() === '') return;
    if (line.length > MAX_LINE_CHARS) {
      result.issues.push({
        path,
        line: lineNo,
        reason: `line of ${line.length} characters exceeds ${MAX_LINE_CHARS}`,
      });
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (error) {
      result.issues.push({ path, line: lineNo, reason: `malformed JSON: ${(error as Error).message}` });
      return;
    }
    add(result, path, lineNo, toArticle(raw, `${path}:${lineNo}`, path));
  });
  return result;
}

/** CSV with a header naming Date, URL, Title and Text (any order, any case); extra columns are ignored. */
export function parseCsvArticles(content: string, path: string): RecordsResult {
  const result: RecordsResult = { articles: [], lines: [], issues: [], warnings: [] };
  const parsed = parseCsv(content);
  if (parsed.error) {
    result.issues.push({ path, line: parsed.error.line, reason: parsed.error.reason });
  }
  const [header, ...rows] = parsed.rows;
  if (!header) {
    result.issues.push({ path, reason: 'no header row' });
    return result;
  }
  const col = (name: string): number => header.findIndex((h) => h.trim().toLowerCase() === name);
  const [dateCol, urlCol, titleCol, textCol, sourceCol] = ['date', 'url', 'title', 'text', 'source'].map(col);
  if (textCol === -1 || titleCol === -1) {
    result.issues.push({
      path,
      line: 1,
      reason: `header should name Date,URL,Title,Text; got ${header.join(',').slice(0, 200)}`,
    });
    return result;
  }
  rows.forEach((row, index) => {
    const lineNo = parsed.rowLines[index + 1] ?? index + 2;
    if (row.length === 1 && row[0]!.trim() === '') return;
    if (row.length !== header.length) {
      result.issues.push({
        path,
        line: lineNo,
        reason: `expected ${header.length} fields, got ${row.length}`,
      });
      return;
    }
    const pick = (c: number | undefined): string | undefined =>
      c === undefined || c < 0 ? undefined : row[c];
    const url = pick(urlCol);
    const raw = {
      title: pick(titleCol),
      text: pick(textCol),
      url,
      date: pick(dateCol),
      source: pick(sourceCol),
    };
    add(result, path, lineNo, toArticle(raw, url ? `${path}:${url}` : `${path}:${lineNo}`, path));
  });
  return result;
}
