/**
 * Cutting Markdown to a length without breaking it. A scan marks which positions are safe to cut at (never
 * inside a link, a URL, an escape, inline code, a mention or a surrogate pair) and which emphasis markers are
 * open there, so a cut inside **bold** closes it again. Cuts prefer a sentence end, then a word boundary.
 */

/** Things that must stay whole: escapes, masked links, <…> tokens, bare URLs, inline code. */
const ATOMIC = [
  /^\\[\uD800-\uDBFF][\uDC00-\uDFFF]/,
  /^\\[\s\S]/,
  /^\[(?:\\[\s\S]|[^\]\\])*\]\(<?https?:\/\/[^\s)>]*>?\)/,
  /^<(?:https?:\/\/[^\s>]+|[@#][!&]?\d+|t:-?\d+(?::[tTdDfFR])?|a?:\w+:\d+|\/[\w -]+:\d+)>/,
  // A bare URL ends at a space or a `<`; an escape pair inside it (`\_`, `\<`) is taken whole, never split.
  /^https?:\/\/(?:\\[\s\S]|[^\s<\\])+/,
  /^`[^`\n]+`/,
];
const WRAPPERS = ['**', '__', '~~', '||', '*', '_'];
const SENTENCE_END = /[.!?…]["'”’)\]*_~|]*$/;

interface Scan {
  /** safe[i]: may the text be cut just before index i? */
  safe: boolean[];
  /** open[i]: emphasis markers open just before index i, outermost first. */
  open: (readonly string[])[];
}

function scan(text: string): Scan {
  const safe: boolean[] = new Array<boolean>(text.length + 1).fill(true);
  const open: (readonly string[])[] = new Array<readonly string[]>(text.length + 1).fill([]);
  let stack: readonly string[] = [];
  let i = 0;
  while (i < text.length) {
    open[i] = stack;
    const rest = text.slice(i, i + 2048);
    const atomic = ATOMIC.map((re) => re.exec(rest)?.[0].length ?? 0).find((n) => n > 0);
    const marker = atomic === undefined ? WRAPPERS.find((w) => rest.startsWith(w)) : undefined;
    const code = text.charCodeAt(i);
    const width = atomic ?? marker?.length ?? (code >= 0xd800 && code <= 0xdbff ? 2 : 1);
    for (let j = i + 1; j < i + width && j <= text.length; j++) {
      safe[j] = false;
      open[j] = stack;
    }
    if (marker !== undefined) stack = stack.at(-1) === marker ? stack.slice(0, -1) : [...stack, marker];
    i += width;
  }
  open[text.length] = stack;
  return { safe, open };
}

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && /\s/.test(ch);
}

/**
 * Shortens `text` to at most `max` characters, keeping the start. Returns `text` when it already fits.
 * The result ends with `suffix` (default "…") and closes any emphasis the cut left open.
 */
export function clip(text: string, max: number, suffix = '…'): string {
  if (text.length <= max) return text;
  const { safe, open } = scan(text);
  const build = (i: number): string => text.slice(0, i).trimEnd() + [...open[i]!].reverse().join('') + suffix;
  let sentence = -1;
  let word = -1;
  let any = -1;
  for (let i = Math.min(max, text.length - 1); i > 0; i--) {
    if (!safe[i] || build(i).length > max) continue;
    if (any < 0) any = i;
    if (word < 0 && isSpace(text[i])) word = i;
    if (isSpace(text[i]) && SENTENCE_END.test(text.slice(0, i).trimEnd())) {
      sentence = i;
      break;
    }
  }
  // A sentence end is best unless it throws away most of the room; then a word boundary, then anything safe.
  const chosen =
    sentence > 0 && sentence >= max * 0.6 ? sentence : word > 0 ? word : sentence > 0 ? sentence : any;
  if (chosen <= 0) return suffix.length <= max ? suffix : '';
  return build(chosen);
}

/**
 * Shortens `text` to at most `max` characters, keeping the end (for the context before a highlight).
 * The result starts with `prefix` (default "…") and reopens any emphasis that was open at the cut.
 */
export function clipStart(text: string, max: number, prefix = '…'): string {
  if (text.length <= max) return text;
  const { safe, open } = scan(text);
  const build = (i: number): string => prefix + open[i]!.join('') + text.slice(i).trimStart();
  let sentence = -1;
  let word = -1;
  let any = -1;
  for (let i = Math.max(1, text.length - max); i < text.length; i++) {
    if (!safe[i] || build(i).length > max) continue;
    if (any < 0) any = i;
    if (word < 0 && isSpace(text[i - 1])) word = i;
    if (isSpace(text[i - 1]) && SENTENCE_END.test(text.slice(0, i).trimEnd())) {
      sentence = i;
      break;
    }
  }
  const keptBy = (i: number): number => text.length - i;
  const chosen =
    sentence > 0 && keptBy(sentence) >= max * 0.6
      ? sentence
      : word > 0
        ? word
        : sentence > 0
          ? sentence
          : any;
  if (chosen <= 0) return prefix.length <= max ? prefix : '';
  return build(chosen);
}
