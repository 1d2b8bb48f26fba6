/** Text folded for comparing sentences: case, quotes, dashes and spacing do not make two sentences differ. */
export function foldForCompare(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[“”„"«»‘’`']/g, '')
    .replace(/[‐‑‒–—-]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}
