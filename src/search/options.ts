/** Validation of what a user asks for: every bad value is an AskInputError saying what was expected. */
import type { AskOptions } from '../types.ts';
import { CrisisDeskError } from '../errors.ts';

export class AskInputError extends CrisisDeskError {
  constructor(message: string) {
    super('AskInputError', message);
  }
}

/**
 * The error for a `source` no indexed article carries, listing up to 12 indexed outlets most-reported first (as
 * `stats()` orders them), so the bot's check before it defers and the engine's own check use the same words.
 */
export function unknownSourceError(
  outlets: readonly { source: string; articles: number }[],
  got: string,
): AskInputError {
  const known = [...outlets]
    .sort((a, b) => b.articles - a.articles || a.source.localeCompare(b.source))
    .slice(0, 12)
    .map((o) => o.source)
    .join(', ');
  return new AskInputError(`source: expected an indexed outlet (${known}), got ${JSON.stringify(got)}`);
}

export const MAX_K = 50;
export const MAX_QUESTION_CHARS = 1000;

export interface ResolvedAskOptions {
  k: number;
  offset: number;
  source: string | null;
  after: string | null;
  before: string | null;
  /** Lower-cased outlet names to leave out; empty when none. */
  excludeSources: ReadonlySet<string>;
  /** Only these article ids; null for all. */
  ids: ReadonlySet<string> | null;
}

function isoDay(value: string | undefined, name: string): string | null {
  if (value === undefined || value === '') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const d = m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)) : null;
  if (!m || !d || d.getUTCDate() !== +m[3]! || d.getUTCMonth() !== +m[2]! - 1) {
    throw new AskInputError(`${name}: expected a date as YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function resolveAskOptions(question: string, options: AskOptions = {}): ResolvedAskOptions {
  if (typeof question !== 'string' || question.trim().length === 0) {
    throw new AskInputError('question: expected some words, got an empty question');
  }
  if (question.length > MAX_QUESTION_CHARS) {
    throw new AskInputError(
      `question: expected at most ${MAX_QUESTION_CHARS} characters, got ${question.length}`,
    );
  }
  const k = options.k ?? 3;
  if (!Number.isInteger(k) || k < 1 || k > MAX_K)
    throw new AskInputError(`k: expected an integer from 1 to ${MAX_K}, got ${k}`);
  const offset = options.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0)
    throw new AskInputError(`offset: expected an integer ≥ 0, got ${offset}`);
  const after = isoDay(options.after, 'after');
  const before = isoDay(options.before, 'before');
  if (after && before && after > before) {
    throw new AskInputError(`after (${after}) is later than before (${before}); expected after ≤ before`);
  }
  const source = options.source?.trim() || null;
  const excludeSources = new Set(
    (options.excludeSources ?? []).map((s) => s.trim().toLowerCase()).filter(Boolean),
  );
  const ids = options.ids === undefined ? null : new Set(options.ids);
  return { k, offset, source, after, before, excludeSources, ids };
}
