/**
 * Errors whose message tells the user what to change in what they typed. The CLI prints such a message as
 * `error: <line>` and exits 2; the bot answers `<line>` ephemerally: the same words on both.
 */

/** Error names (kept across a worker or service boundary, where `instanceof` would not hold) that are input errors. */
export const INPUT_ERRORS: ReadonlySet<string> = new Set(['AskInputError', 'WatchLimitError']);

/** The message as the user reads it: without the library prefix (the bot's `plain` also folds it onto one line). */
export function userLine(error: Error): string {
  return error.message.replace(/^crisis-desk: /, '');
}

/** The line to show for an input error; null for anything else (an internal failure, to log and apologise for). */
export function inputErrorLine(error: unknown): string | null {
  return error instanceof Error && INPUT_ERRORS.has(error.name) ? userLine(error) : null;
}
