/** Sentence boundaries for news English, as character spans. Pure and deterministic. */

export interface Span {
  start: number;
  end: number;
}

/** Words that end with a period but do not end a sentence (lower-cased, without the period). */
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sen',
  'rep',
  'gov',
  'gen',
  'lt',
  'col',
  'maj',
  'capt',
  'sgt',
  'adm',
  'cmdr',
  'pres',
  'amb',
  'sec',
  'st',
  'mt',
  'ft',
  'jr',
  'sr',
  'rev',
  'hon',
  'no',
  'nos',
  'vol',
  'art',
  'fig',
  'approx',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'inc',
  'corp',
  'co',
  'ltd',
  'dept',
  'univ',
  'est',
  'vs',
  'etc',
  'al',
  'cf',
  'ca',
  'conn',
  'calif',
  'mass',
  'fla',
  'ill',
  'wash',
  'mich',
  'penn',
  'ariz',
  'colo',
  'tenn',
  'okla',
  'minn',
  'wis',
]);

/** True when the word before a period is an abbreviation, an initial or a dotted acronym (U.S., D.C., a.m.). */
function isAbbreviation(word: string): boolean {
  const w = word.replace(/^[("'“‘[]+/, '');
  if (w.length === 0) return false;
  if (ABBREVIATIONS.has(w.toLowerCase())) return true;
  if (/^\p{L}$/u.test(w)) return true; // an initial: "Christi C. Elwood"
  if (/^(\p{L}\.)+\p{L}$/u.test(w)) return true; // U.S, D.C, a.m, e.g
  if (/-\p{Lu}\p{Ll}{1,4}$/u.test(w)) return true; // D-Conn.
  return false;
}

/**
 * Splits `text` into sentence spans. A sentence ends at `.`, `!` or `?` (with any closing quotes or brackets)
 * followed by whitespace and an opening capital, digit or quote, unless the period closes an abbreviation;
 * a line break always ends one. Whitespace between sentences belongs to no span.
 */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  let start = skipSpace(text, 0);
  const push = (end: number): void => {
    let e = end;
    while (e > start && /\s/.test(text[e - 1]!)) e--;
    if (e > start) spans.push({ start, end: e });
  };
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      push(i);
      start = skipSpace(text, i + 1);
      i = start - 1;
      continue;
    }
    if (c !== '.' && c !== '!' && c !== '?' && c !== '…') continue;
    let j = i + 1;
    while (j < text.length && /[.!?…"'”’)\]]/.test(text[j]!)) j++;
    if (j < text.length && !/\s/.test(text[j]!)) continue; // "3.5", "U.S.-led", "bbc.co.uk"
    const next = skipInlineSpace(text, j);
    const following = text[next];
    if (following !== undefined && following !== '\n' && !/[\p{Lu}\p{N}"'“‘([—–-]/u.test(following)) continue;
    if (c === '.' && j === i + 1) {
      const wordStart = text.lastIndexOf(' ', i - 1) + 1;
      const lineStart = text.lastIndexOf('\n', i - 1) + 1;
      if (isAbbreviation(text.slice(Math.max(wordStart, lineStart), i))) continue;
    }
    push(j);
    start = skipSpace(text, j);
    i = start - 1;
  }
  if (start < text.length) push(text.length);
  return spans;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

function skipInlineSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\u00a0')) i++;
  return i;
}

/** Number of whitespace-separated words in a span of text. */
export function countWords(text: string): number {
  const m = text.match(/\S+/g);
  return m ? m.length : 0;
}
