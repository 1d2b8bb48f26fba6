/**
 * A response's bytes → text by the charset it declares: a byte order mark, then the HTTP Content-Type header,
 * then the XML prolog's `encoding`, then an HTML `<meta charset>` (or `http-equiv` Content-Type) near the top.
 * Decoded with TextDecoder (WHATWG labels: windows-1251, koi8-r, iso-8859-2, shift_jis, gbk…). A charset that
 * TextDecoder does not know, or UTF-8 assumed for bytes that are not UTF-8, is read as UTF-8 with a warning, so
 * a feed in an unexpected encoding is noticed instead of silently indexed as U+FFFD.
 */

export interface Decoded {
  text: string;
  /** The label used, as TextDecoder names it (`utf-8`, `windows-1251`). */
  charset: string;
  /** Why the text may be wrong; null when the declared charset was used. */
  warning: string | null;
}

/** Where the charset was found, for the warning. */
type Source = 'byte order mark' | 'Content-Type header' | 'XML prolog' | 'HTML meta';

/** The charset parameter of a Content-Type value (`text/html; charset="windows-1251"` → `windows-1251`). */
export function headerCharset(contentType: string): string | null {
  const m = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType);
  return m ? m[2]! : null;
}

function bomCharset(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return null;
}

/** The encoding of `<?xml version="1.0" encoding="windows-1251"?>` at the very start. */
function prologCharset(head: string): string | null {
  const m = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*(["'])([^"']+)\1/i.exec(head);
  return m ? m[2]! : null;
}

/** `<meta charset="…">` or `<meta http-equiv="Content-Type" content="text/html; charset=…">`. */
function metaCharset(head: string): string | null {
  const direct = /<meta\s[^>]*?\bcharset\s*=\s*["']?([^"'\s/>;]+)/i.exec(head);
  return direct ? direct[1]! : null;
}

/** A decoder for `label`, or null when TextDecoder does not know it. */
function decoderFor(label: string): InstanceType<typeof TextDecoder> | null {
  try {
    return new TextDecoder(label.trim());
  } catch {
    return null;
  }
}

/** Decodes `bytes` by the charset they declare (see the module comment). */
export function decodeBody(bytes: Uint8Array, contentType: string): Decoded {
  // The prolog and meta are ASCII in every charset they may name, so a latin1 view finds them.
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const declared: [string | null, Source][] = [
    [bomCharset(bytes), 'byte order mark'],
    [headerCharset(contentType), 'Content-Type header'],
    [prologCharset(head), 'XML prolog'],
    [metaCharset(head), 'HTML meta'],
  ];
  const found = declared.find(([label]) => label !== null) as [string, Source] | undefined;
  if (found) {
    const [label, source] = found;
    const decoder = decoderFor(label);
    if (decoder) return { text: decoder.decode(bytes), charset: decoder.encoding, warning: null };
    const text = new TextDecoder().decode(bytes);
    return {
      text,
      charset: 'utf-8',
      warning: `expected a charset TextDecoder knows, got ${JSON.stringify(label.slice(0, 40))} (${source}); read as UTF-8`,
    };
  }
  const text = new TextDecoder().decode(bytes);
  const warning = text.includes('\ufffd')
    ? 'no charset declared and the bytes are not UTF-8; read as UTF-8 (some characters are lost)'
    : null;
  return { text, charset: 'utf-8', warning };
}
