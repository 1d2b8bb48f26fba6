/**
 * What a question says about time, as a date range of articles and/or a preference for the newest reporting.
 * Pure: the corpus span (the index's first and last dates) is an argument, never a constant, so a day or month
 * without a year takes the latest year whose range meets the indexed articles.
 */

/** The invasion began on 2022-02-24; "before/after the invasion" and "the first week of the war" count from it. */
const INVASION_DAY = '2022-02-24';

/** Days from the first and last indexed article. */
export interface CorpusSpan {
  first: string;
  last: string;
}

/** What a question asks of time. */
export interface TimeReading {
  /** Articles dated on or after this day (YYYY-MM-DD), or null. */
  after: string | null;
  /** Articles dated on or before this day, or null. */
  before: string | null;
  /** The question asks for the newest reporting ("latest", "most recent", "now"). */
  recency: boolean;
  /** The range in words, e.g. "March 2022", "2022-02-24 to 2022-03-02"; null without a range. */
  label: string | null;
  /** The words of the question that said it, in question order (to strip them from the search text if wanted). */
  phrases: string[];
  /** A range the question named that lies wholly outside the indexed articles' span (not applied). */
  outside: string | null;
  /**
   * That range begins after the newest indexed article: nothing indexed can report it (unlike a range before the
   * first, which later articles often recall).
   */
  afterSpan: boolean;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const YEAR = '((?:19|20)\\d{2})';

interface Range {
  start: string;
  end: string;
  label: string;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function iso(y: number, m: number, d: number): string {
  return `${y}-${pad(m)}-${pad(d)}`;
}

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function monthIndex(name: string): number {
  return MONTHS.findIndex((m) => m.startsWith(name.toLowerCase().slice(0, 3))) + 1;
}

function monthName(m: number): string {
  return MONTHS[m - 1]!.charAt(0).toUpperCase() + MONTHS[m - 1]!.slice(1);
}

/** The latest year, up to the span's last, for which `make(year)` meets the span; the span's last year else. */
function pickYear(span: CorpusSpan, make: (year: number) => Range | null): Range | null {
  const lastYear = Number(span.last.slice(0, 4));
  const firstYear = Number(span.first.slice(0, 4));
  for (let y = lastYear; y >= firstYear; y--) {
    const r = make(y);
    if (r && r.start <= span.last && r.end >= span.first) return r;
  }
  return make(lastYear);
}

function monthRange(y: number, m: number, part: string | undefined): Range {
  const last = daysIn(y, m);
  const [from, to, word] =
    part === 'early'
      ? [1, 10, 'early ']
      : part === 'mid'
        ? [11, 20, 'mid-']
        : part === 'late'
          ? [21, last, 'late ']
          : [1, last, ''];
  return { start: iso(y, m, from), end: iso(y, m, to), label: `${word}${monthName(m)} ${y}` };
}

function dayRange(y: number, m: number, d: number): Range | null {
  if (m < 1 || d < 1 || d > daysIn(y, m)) return null;
  const day = iso(y, m, d);
  return { start: day, end: day, label: day };
}

interface Found {
  range: Range;
  at: number;
  text: string;
}

/** Every date-like phrase in the question with its range (years resolved against the span), in order. */
function findPoints(q: string, span: CorpusSpan): Found[] {
  const found: Found[] = [];
  const taken: [number, number][] = [];
  const free = (a: number, b: number): boolean => taken.every(([s, e]) => b <= s || a >= e);
  const scan = (re: RegExp, make: (m: RegExpExecArray) => Range | null): void => {
    for (const m of q.matchAll(re)) {
      const at = m.index!;
      if (!free(at, at + m[0].length)) continue;
      const range = make(m as RegExpExecArray);
      if (range === null) continue;
      taken.push([at, at + m[0].length]);
      // A leading preposition belongs to the reading of the range ("since April"), not to the point.
      const pre =
        /^(?:in|during|since|from|until|till|by|before|after|of|through) /i.exec(m[0])?.[0].length ?? 0;
      found.push({ range, at: at + pre, text: m[0].slice(pre) });
    }
  };
  const ordinalWeek = (w: string): number => ['first', 'second', 'third', 'fourth'].indexOf(w.toLowerCase());
  // Event anchors first: they would otherwise be read as nothing at all.
  scan(/\b(first|second|third|fourth) (week|month) of the (?:war|invasion|conflict)\b/gi, (m) => {
    const n = ordinalWeek(m[1]!);
    const start =
      m[2]!.toLowerCase() === 'week' ? addDays(INVASION_DAY, 7 * n) : addMonthsDay(INVASION_DAY, n);
    const end =
      m[2]!.toLowerCase() === 'week' ? addDays(start, 6) : addDays(addMonthsDay(INVASION_DAY, n + 1), -1);
    return { start, end, label: `${start} to ${end} (the ${m[0].toLowerCase()})` };
  });
  scan(/\b(?:the )?(?:first|opening) days? of the (?:war|invasion)\b/gi, () => ({
    start: INVASION_DAY,
    end: addDays(INVASION_DAY, 2),
    label: `${INVASION_DAY} to ${addDays(INVASION_DAY, 2)} (the first days of the war)`,
  }));
  scan(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (m) => dayRange(+m[1]!, +m[2]!, +m[3]!));
  scan(new RegExp(`\\b${DAY} (?:of )?${MONTH}\\.?,? ${YEAR}\\b`, 'gi'), (m) =>
    dayRange(+m[3]!, monthIndex(m[2]!), +m[1]!),
  );
  scan(new RegExp(`\\b${MONTH}\\.? ${DAY},? ${YEAR}\\b`, 'gi'), (m) =>
    dayRange(+m[3]!, monthIndex(m[1]!), +m[2]!),
  );
  scan(new RegExp(`\\b${DAY} (?:of )?${MONTH}\\b`, 'gi'), (m) =>
    pickYear(span, (y) => dayRange(y, monthIndex(m[2]!), +m[1]!)),
  );
  scan(new RegExp(`\\b${MONTH}\\.? ${DAY}\\b(?!,? (?:19|20)\\d{2})`, 'gi'), (m) =>
    +m[2]! > 31 ? null : pickYear(span, (y) => dayRange(y, monthIndex(m[1]!), +m[2]!)),
  );
  scan(new RegExp(`\\b(?:(early|mid|late)[- ])?${MONTH},? ${YEAR}\\b`, 'gi'), (m) =>
    monthRange(+m[3]!, monthIndex(m[2]!), m[1]?.toLowerCase()),
  );
  // A bare month name needs a preposition or a qualifier: "may" and "march" are also ordinary words.
  scan(
    new RegExp(
      `\\b(?:(?:in|during|since|from|until|till|by|before|after|of|through) (?:(early|mid|late)[- ])?|(early|mid|late)[- ])${MONTH}\\b`,
      'gi',
    ),
    (m) => {
      const name = m[3]!;
      const part = (m[1] ?? m[2])?.toLowerCase();
      return pickYear(span, (y) => monthRange(y, monthIndex(name), part));
    },
  );
  scan(/\b(?:in|during|since|from|until|by|before|after|through|of) ((?:19|20)\d{2})\b/gi, (m) => ({
    start: `${m[1]}-01-01`,
    end: `${m[1]}-12-31`,
    label: m[1]!,
  }));
  return found.sort((a, b) => a.at - b.at);
}

function addMonthsDay(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + n;
  return iso(
    Math.floor(total / 12),
    (total % 12) + 1,
    Math.min(d, daysIn(Math.floor(total / 12), (total % 12) + 1)),
  );
}

// "now" alone asks for the latest only at the end of a question ("what is happening in Kherson now?"), not in
// "now that he is in exile" or "who now wants to …" (measured on eval/news-heldout.jsonl, docs/time.md).
const RECENCY =
  /\b(latest|most recent|newest|recent(?:ly)?|right now|by now|as of now|currently|current|these days|at present|so far|today|this week)\b|\bnow(?=\s*[?.!]*\s*$)/gi;
const INVASION =
  /\b(before|after|since|prior to|ahead of|following) (?:russia'?s |the (?:russian |full[- ]scale )?)?(invasion|war (?:began|started)|start of the war|outbreak of the war)\b/gi;

/**
 * Reads the time in a question. Open words ("before", "after", "since", "until", "by") around one point make a
 * half-open range; "between A and B", "from A to B" make a range; one point is its own range.
 */
export function readTime(question: string, span: CorpusSpan): TimeReading {
  const phrases: { at: number; text: string }[] = [];
  let after: string | null = null;
  let before: string | null = null;
  let label: string | null = null;
  const anchor = [...question.matchAll(INVASION)][0];
  if (anchor) {
    const isBefore = /^(before|prior to|ahead of)$/i.test(anchor[1]!);
    phrases.push({ at: anchor.index!, text: anchor[0] });
    if (isBefore)
      [before, label] = [
        addDays(INVASION_DAY, -1),
        `up to ${addDays(INVASION_DAY, -1)} (before the invasion)`,
      ];
    else [after, label] = [INVASION_DAY, `from ${INVASION_DAY} (since the invasion)`];
  }
  const points = anchor ? [] : findPoints(question, span);
  let outside: string | null = null;
  let afterSpan = false;
  if (points.length > 0) {
    const first = points[0]!;
    const second = points[1];
    const lead = question.slice(Math.max(0, first.at - 12), first.at).toLowerCase();
    const between = second
      ? question
          .slice(first.at + first.text.length, second.at)
          .toLowerCase()
          .trim()
      : '';
    let range: { start: string | null; end: string | null; label: string };
    if (second && /^(and|to|until|till|through|-|–|—)$/.test(between) && /(between|from)\s*$/.test(lead)) {
      range = {
        start: first.range.start,
        end: second.range.end,
        label: `${first.range.label} to ${second.range.label}`,
      };
      phrases.push({
        at: first.at - (lead.match(/(between|from)\s*$/)?.[0].length ?? 0),
        text: question.slice(
          first.at - (lead.match(/(between|from)\s*$/)?.[0].length ?? 0),
          second.at + second.text.length,
        ),
      });
    } else {
      const open = /\b(before|prior to|until|till|by|after|since|from)\s*$/.exec(lead)?.[1];
      const r = first.range;
      // The phrase to strip from the search text includes the word that opened it ("since", or a plain "in").
      const opener = open ?? /\b(in|on|during)\s*$/.exec(lead)?.[1];
      const from = opener ? first.at - (lead.length - lead.lastIndexOf(opener)) : first.at;
      phrases.push({ at: from, text: question.slice(from, first.at + first.text.length) });
      range =
        open === 'before' || open === 'prior to'
          ? { start: null, end: addDays(r.start, -1), label: `before ${r.label}` }
          : open === 'until' || open === 'till' || open === 'by'
            ? { start: null, end: r.end, label: `up to ${r.label}` }
            : open === 'after'
              ? { start: addDays(r.end, 1), end: null, label: `after ${r.label}` }
              : open === 'since' || open === 'from'
                ? { start: r.start, end: null, label: `since ${r.label}` }
                : { start: r.start, end: r.end, label: r.label };
    }
    if ((range.start !== null && range.start > span.last) || (range.end !== null && range.end < span.first)) {
      outside = range.label;
      afterSpan = range.start !== null && range.start > span.last;
    } else {
      [after, before, label] = [range.start, range.end, range.label];
    }
  }
  const recency = [...question.matchAll(RECENCY)];
  for (const m of recency) phrases.push({ at: m.index!, text: m[0] });
  return {
    after,
    before,
    recency: recency.length > 0,
    label,
    phrases: phrases.sort((a, b) => a.at - b.at).map((p) => p.text),
    outside,
    afterSpan,
  };
}

/** The question with the time phrases taken out (for measuring whether the search text should keep them). */
export function withoutTime(question: string, reading: TimeReading): string {
  let out = question;
  for (const p of reading.phrases) out = out.replace(p, ' ');
  out = out
    .replace(/\s+/g, ' ')
    .replace(/\s([?.!,])/g, '$1')
    .trim();
  return out.length >= 3 ? out : question;
}
