/**
 * Article text and user questions are shown as text, never as Markdown: every character Discord would read as
 * formatting is backslash-escaped, mention syntax is defused, and links are only ever built by `maskedLink`.
 * `allowedMentions: { parse: [] }` already stops pings; escaping also stops `<@123>` rendering as a mention.
 */

/** Characters that start or end inline formatting, links or mentions anywhere in a line. */
const INLINE = /[\\*_~`|[\]<>]/g;
/** Block syntax that only counts at the start of a line: headings, quotes, lists, subtext. */
const LINE_START = /^(\s*)(?:([#>+-])|(\d+)([.)]))/gm;

/** Escapes `text` so Discord shows it literally. */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(INLINE, (ch) => `\\${ch}`)
      // A backslash before a digit would show, so a numbered list is defused by escaping its dot instead.
      .replace(LINE_START, (_m, indent: string, mark?: string, digits?: string, dot?: string) =>
        mark === undefined ? `${indent}${digits}\\${dot}` : `${indent}\\${mark}`,
      )
      .replace(/@(everyone|here)/gi, '@\u200b$1')
  );
}

/** Collapses runs of whitespace (article line breaks, tabs) to single spaces. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Escaped, single-line: how any article-derived string enters a reply. */
export function plain(text: string): string {
  return escapeMarkdown(oneLine(text));
}

/** Returns `url` normalised when it is an absolute http(s) URL, else null (no javascript:, no relative). */
export function safeUrl(url: string | null | undefined): string | null {
  if (url === null || url === undefined) return null;
  try {
    const parsed = new URL(url.trim());
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    // Characters that would end a masked link early are percent-encoded.
    // encodeURIComponent leaves ( and ) alone, so encode by hand.
    return parsed.href.replace(
      /[()<>[\]\s]/g,
      (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
    );
  } catch {
    return null;
  }
}

/** `[label](url)` with the label escaped; just the escaped label when the URL is unusable. */
export function maskedLink(label: string, url: string | null | undefined): string {
  const href = safeUrl(url);
  const text = plain(label) || 'link';
  return href === null ? text : `[${text}](${href})`;
}
