/** Turning raw file bytes into trustworthy text, or a reason why not. */

/** Longest line we accept; a longer one is minified, binary or broken, not an article. */
export const MAX_LINE_CHARS = 1_000_000;

export type Decoded = { ok: true; text: string } | { ok: false; reason: string };

/** Decodes UTF-8 strictly; rejects empty, binary (NUL bytes) and invalid UTF-8 input with a reason. */
export function decodeUtf8(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) return { ok: false, reason: 'empty file' };
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes), expected UTF-8 text' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, reason: `not valid UTF-8 (at or after byte ${firstInvalidUtf8(bytes)})` };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return { ok: false, reason: 'empty file (whitespace only)' };
  return { ok: true, text };
}

/** Byte offset of the first invalid UTF-8 sequence, for error messages. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  // Binary search on the longest valid prefix. Stream mode lets a cut inside a multi-byte sequence pass; a fresh
  // decoder per probe, because flushing one that holds such a partial sequence throws.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return lo;
}

/** Normalizes line endings and Unicode so offsets and hashes are stable across platforms. */
export function normalizeText(text: string): string {
  return text.replace(/\r\n?/g, '\n').normalize('NFC');
}

/** 1-based number of the first line longer than MAX_LINE_CHARS, or 0. */
export function overlongLine(text: string): number {
  let line = 1;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (end - start > MAX_LINE_CHARS) return line;
    start = end + 1;
    line++;
  }
  return 0;
}
