/** Parsing of slash-command option values that Discord cannot validate for us (dates). */
import type { AskOptions } from '../types.ts';
import { plain } from './format/escape.ts';

export type AskFilters = Pick<AskOptions, 'source' | 'after' | 'before'>;

/**
 * Accepts a real calendar day written YYYY-MM-DD. Returns `{}` for no value, `{ day }` when valid, or
 * `{ error }` with a message for the user naming the option, what was expected and what arrived.
 */
export function parseDay(value: string | null | undefined, option: string): { day?: string; error?: string } {
  const raw = value?.trim();
  if (raw === undefined || raw === '') return {};
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  const date =
    match === null ? null : new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (date === null || date.toISOString().slice(0, 10) !== raw) {
    return {
      error: `The \`${option}\` option expects a day written YYYY-MM-DD, such as 2022-02-24; got “${plain(raw)}”.`,
    };
  }
  return { day: raw };
}
