/**
 * The dates a question is searched with: the `after`/`before` options when given (they win), else what the
 * question says (./time.ts); and how a recency preference re-ranks candidates. Pure functions.
 */
import type { AppliedTime } from '../types.ts';
import { type CorpusSpan, readTime } from './time.ts';

export interface TimeScope {
  time: AppliedTime | null;
  /** The range in words for the notes, e.g. "March 2022"; null without a range. */
  label: string | null;
  notes: string[];
  /**
   * The question names a time after the newest indexed article: what the articles say can be related, never its
   * answer (the engine caps the decision at "related").
   */
  afterSpan: boolean;
}

/** "Articles from March 2022", "Articles before 2022-03-01", "Articles up to …". */
export function rangeNote(label: string): string {
  return /^(before|after|since|up to|from) /.test(label) ? `Articles ${label}` : `Articles from ${label}`;
}

/** The note said when the question asks for the newest reporting. */
export const RECENCY_NOTE = 'Newest reporting ranked first (the question asks for the latest).';

/**
 * Explicit options win over the question's dates; the question's recency wish holds either way. A question
 * without time gets null: it is ranked as today, with no recency bias.
 */
export function timeScope(
  question: string,
  options: { after: string | null; before: string | null },
  span: CorpusSpan | null,
): TimeScope {
  const reading = span === null ? null : readTime(question, span);
  const notes: string[] = [];
  const recency = reading?.recency ?? false;
  let time: AppliedTime | null = null;
  let label: string | null = null;
  if (options.after !== null || options.before !== null) {
    time = { after: options.after, before: options.before, recency, source: 'options' };
    label =
      options.after !== null && options.before !== null
        ? `${options.after} to ${options.before}`
        : options.after !== null
          ? `since ${options.after}`
          : `up to ${options.before}`;
    const overridden = reading?.label ? ` (the question's “${reading.label}” is overridden)` : '';
    notes.push(`${rangeNote(label)}, as the after/before options ask${overridden}.`);
  } else if (reading && (reading.after !== null || reading.before !== null)) {
    time = { after: reading.after, before: reading.before, recency, source: 'question' };
    label = reading.label;
    notes.push(`${rangeNote(label!)}, as the question asks.`);
  } else if (recency) {
    time = { after: null, before: null, recency, source: 'question' };
  }
  if (reading?.outside && span) {
    notes.push(
      reading.afterSpan
        ? `The question names ${reading.outside}, after the newest indexed article (${span.last}): the articles cannot report it, so none is given as its answer.`
        : `The question names ${reading.outside}, outside the indexed articles (${span.first} to ${span.last}); no dates applied for it.`,
    );
  }
  if (recency) notes.push(RECENCY_NOTE);
  return { time, label, notes, afterSpan: reading?.afterSpan ?? false };
}

/**
 * Days since the span's first day, as a share of the span (0 for undated articles): what recency adds,
 * times `weight`, to a candidate's fused score. The weight is measured in docs/time.md.
 */
export function recencyShare(date: string | null, span: CorpusSpan): number {
  if (date === null) return 0;
  const t0 = Date.parse(span.first);
  const t1 = Date.parse(span.last);
  if (!(t1 > t0)) return 1;
  return Math.min(1, Math.max(0, (Date.parse(date) - t0) / (t1 - t0)));
}

/** Weight of recency in the score when the question asks for the latest (docs/time.md). */
export const RECENCY_WEIGHT = 2;

/** Re-ranks by score plus `weight × recencyShare`; ties keep the earlier order. */
export function preferRecent<T extends { score: number }>(
  ranked: readonly T[],
  dateOf: (item: T) => string | null,
  span: CorpusSpan,
  weight = RECENCY_WEIGHT,
): T[] {
  return ranked
    .map((r, i) => ({ r, i, s: r.score + weight * recencyShare(dateOf(r), span) }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => x.r);
}
