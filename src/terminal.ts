/**
 * Text bound for a terminal. Article text, titles, file names and error details can hold control characters:
 * an escape sequence in a headline could clear the screen, retitle the window or forge output. Everything the
 * CLI and the bot's log print goes through one of these; JSON output keeps every value exact (`jsonLine`).
 */

/**
 * ESC sequences (CSI, OSC, DCS/SOS/PM/APC strings and two-character escapes) and their 8-bit C1 forms,
 * whole: stripping only the ESC would leave "[2J" behind.
 */
const ESCAPE_SEQUENCE =
  // eslint-disable-next-line no-control-regex
  /\x1b\[[0-?]*[ -/]*[@-~]?|\x9b[0-?]*[ -/]*[@-~]?|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?|\x1b[ -/]*[0-~]?/g;
/** C0 controls but tab and newline, DEL, and C1 controls. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\x00-\x1f\x7f-\x9f]/g;

/** Article text for a terminal: escape sequences and control characters removed; newlines and tabs kept. */
export function stripControls(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
}

/** One line of article text for a terminal: as `stripControls`, with newlines and tabs as spaces. */
export function stripToLine(text: string): string {
  return stripControls(text).replace(/[\t\n]/g, ' ');
}

/**
 * A name or message for a terminal, where every character matters (a file name with a newline must still be
 * findable): control characters become visible escapes (`\n`, `\t`, `\x1b`), so the text stays on one line.
 */
export function escapeControls(text: string): string {
  return text.replace(ANY_CONTROL, (ch) => {
    if (ch === '\n') return '\\n';
    if (ch === '\t') return '\\t';
    if (ch === '\r') return '\\r';
    return `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

/**
 * JSON for a line of output: `JSON.stringify` escapes C0 controls but writes DEL, C1 controls (U+009B is an
 * 8-bit CSI) and the JavaScript line separators raw; these are escaped too. Parsing gives back the same values.
 */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\x7f-\x9f\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
