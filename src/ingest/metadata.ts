/** Small pure helpers that read dates, outlets and titles out of loose text. */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function iso(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2100) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null; // 31 February and friends
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Parses a line that is only a date: `20220118`, `23.02.2022`, `2022-01-18` (optionally with a time),
 * `18/01/2022`, `January 18, 2022`, `18 January 2022`. Returns ISO `YYYY-MM-DD` or null.
 */
export function parseDateLine(line: string): string | null {
  const s = line.trim();
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return iso(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(s);
  if (m) return iso(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(s);
  if (m) return iso(+m[3]!, +m[2]!, +m[1]!);
  m = /^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$/.exec(s);
  if (m) return monthName(m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{1,2}) ([A-Za-z]{3,9})\.?,? (\d{4})$/.exec(s);
  if (m) return monthName(m[2]!, +m[1]!, +m[3]!);
  return null;
}

function monthName(name: string, day: number, year: number): string | null {
  const i = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return i < 0 ? null : iso(year, i + 1, day);
}

/** Accepts any date string the datasets use and returns ISO `YYYY-MM-DD`, or null. */
export function normalizeDate(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  return parseDateLine(value.trim().slice(0, 10)) ?? parseDateLine(value);
}

/** True for a line that is just an http(s) URL. */
export function isUrlLine(line: string): boolean {
  return /^https?:\/\/\S+$/.test(line.trim());
}

/** Outlet names for hosts whose bare domain reads badly. */
const KNOWN_HOSTS: Record<string, string> = {
  'bbc.co.uk': 'BBC News',
  'bbc.com': 'BBC News',
  'rt.com': 'RT',
  'huffpost.com': 'HuffPost',
  'dailymail.co.uk': 'Daily Mail',
  'theguardian.com': 'The Guardian',
  'express.co.uk': 'Daily Express',
  'nbcnews.com': 'NBC News',
  'reuters.com': 'Reuters',
  'cbsnews.com': 'CBS News',
  'cnn.com': 'CNN',
  'abcnews.go.com': 'ABC News',
  'mirror.co.uk': 'Daily Mirror',
  'apnews.com': 'Associated Press',
};

/** A URL's host in lower case without `www.`; null for no URL or one that does not parse. */
export function urlHost(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
}

/** The outlet a URL's host stands for: a known name, else the host without `www.`. */
export function outletFromUrl(url: string | null): string | null {
  const host = urlHost(url);
  if (host === null) return null;
  for (const [domain, name] of Object.entries(KNOWN_HOSTS)) {
    if (host === domain || host.endsWith(`.${domain}`)) return name;
  }
  return host || null;
}

/** A headline is short and does not end like a sentence. */
export function looksLikeHeadline(line: string): boolean {
  const s = line.trim();
  if (s.length === 0 || s.length > 200) return false;
  if (s.split(/\s+/).length > 25) return false;
  return !/[.!:;,]["”’')]*$/.test(s);
}

/** A readable title for an article without a headline: its first sentence, cut at a word near 90 chars. */
export function titleFromBody(text: string): string {
  const first = text.trim().split('\n')[0] ?? '';
  const sentence = /^(.{20,}?[.!?])["”’]?\s/.exec(first)?.[1] ?? first;
  if (sentence.length <= 90) return sentence;
  const cut = sentence.slice(0, 90);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 40))}…`;
}
