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

/**
 * Unicode bidirectional controls: embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069), the
 * LRM/RLM marks (U+200E/U+200F) and the Arabic letter mark (U+061C). A title holding U+202E shows the rest of
 * the line reversed, in a terminal and in Discord alike, so a headline could disguise what follows it.
 */
const BIDI = /[‪-‮⁦-⁩‎‏؜]/g;

/** Article text for a terminal: escape sequences, control and bidi characters removed; newlines and tabs kept. */
export function stripControls(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '').replace(BIDI, '');
}

/** Text for Discord (a reply, an embed, a label): as stripControls. Used by the bot's fitReply on every reply. */
export function displaySafe(text: string): string {
  return stripControls(text);
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
  return text
    .replace(BIDI, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(ANY_CONTROL, (ch) => {
      if (ch === '\n') return '\\n';
      if (ch === '\t') return '\\t';
      if (ch === '\r') return '\\r';
      return `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
    });
}

/**
 * JSON for a line of output: `JSON.stringify` escapes C0 controls but writes DEL, C1 controls (U+009B is an
 * 8-bit CSI), the JavaScript line separators and the bidi controls raw; these are escaped too. Parsing gives back the same values.
 */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
