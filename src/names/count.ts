/**
 * Named entities and their spelling variants in a corpus, counted so that a curator can decide what goes into
 * ./aliases.txt. The method is deliberately simple and explainable: an entity is a run of capitalised words;
 * two spellings are candidate variants when they reduce to the same consonant skeleton after folding the usual
 * Ukrainian/Russian transliteration differences (kh/h/g, zh, ts, x/ks, y/i/j, doubled letters, vowels).
 */

/** Capitalised words that start sentences or headlines far more often than they name anything. */
const NOT_NAMES = new Set(
  `A An And As At But By For From He Her His How I If In Is It Its Mr Mrs Ms Dr No Not Of On Or She So That The
Their There These They This Those To We What When Where Which While Who Why With You Our Your After Before During
Also Some All Many More Most One Two Three Last Next New First Over Under Since Until Yet Still Now Then Here Just
Read More Image Photo Getty Images Sunday Monday Tuesday Wednesday Thursday Friday Saturday January February March
April May June July August September October November December However According Meanwhile Earlier Speaking Despite
Another Even Such Both Instead Asked Among Although Because Several Following Others Every Only Later Let Any`.split(
    /\s+/,
  ),
);

/** One capitalised word: a letter in upper case, then letters, apostrophes or hyphens inside the word. */
const WORD = /\p{Lu}[\p{L}]*(?:['’-]\p{L}+)*/gu;

/** Words of a run joined by one space only (no punctuation between them). */
const RUN = /\p{Lu}[\p{L}]*(?:['’-]\p{L}+)*(?: \p{Lu}[\p{L}]*(?:['’-]\p{L}+)*)*/gu;

/** A word without its possessive ending ("Kyiv's" → "Kyiv"). */
function dropPossessive(word: string): string {
  return word.replace(/['’]s$/u, '');
}

/**
 * The transliteration-blind key of a Latin-script name. `strict` (the default) keeps where vowels stand, as one
 * mark per run of vowels: Kyiv and Kiev → "kVv", Kharkiv and Kharkov → "hVrkVv", Zelensky/Zelenskyy/Zelenskiy →
 * "zVlVnskV", Zaporizhzhia/Zaporozhye → "zVpVrVžV". `loose` drops vowels altogether, which also pairs
 * Vladimir/Volodymyr and Oleksandr/Alexander but many unrelated words too (Ukraine/Korean). Different names can
 * share a key either way (Zelensky/Zelenska): it proposes candidates, a person decides.
 */
export function skeleton(word: string, mode: 'strict' | 'loose' = 'strict'): string {
  let w = word
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f'’-]/g, '');
  w = w
    .replace(/x/g, 'ks')
    .replace(/ph/g, 'f')
    .replace(/kh/g, 'ĥ')
    .replace(/shch|sch/g, 'š')
    .replace(/zh/g, 'ž');
  w = w.replace(/ch/g, 'č').replace(/sh/g, 'š').replace(/t[sz]/g, 'c').replace(/h/g, 'g').replace(/ĥ/g, 'h');
  w = w
    .replace(/w/g, 'v')
    .replace(/ck/g, 'k')
    .replace(/(.)\1+/g, '$1');
  return w.replace(/[aeiouyj]+/g, mode === 'strict' ? 'V' : '').replace(/(.)\1+/g, '$1');
}

export interface EntityCount {
  text: string;
  count: number;
}

export interface VariantGroup {
  key: string;
  total: number;
  /** Spellings with their counts, most frequent first. */
  variants: EntityCount[];
}

export interface NameCounts {
  articles: number;
  /** Runs of capitalised words ("Volodymyr Zelensky", "Kyiv"), most frequent first. */
  entities: EntityCount[];
  /** Single capitalised words sharing a skeleton, with at least two spellings. */
  groups: VariantGroup[];
}

export interface CountOptions {
  /** Entities to report. Default 200. */
  top: number;
  /** A spelling seen fewer times is left out of the variant groups (typos, one-offs). Default 3. */
  minCount: number;
  /** Which skeleton groups spellings (see `skeleton`). Default strict. */
  mode: 'strict' | 'loose';
}

const defaultCountOptions: Readonly<CountOptions> = Object.freeze({ top: 200, minCount: 3, mode: 'strict' });

/** Counts capitalised runs and words in `texts` and groups the words into candidate variants. */
export function countNames(texts: Iterable<string>, options: Partial<CountOptions> = {}): NameCounts {
  const { top, minCount, mode } = { ...defaultCountOptions, ...options };
  const runs = new Map<string, number>();
  const single = new Map<string, number>();
  let articles = 0;
  for (const text of texts) {
    articles++;
    for (const m of text.matchAll(RUN)) {
      const parts = m[0].split(' ').map(dropPossessive);
      // A sentence's first word ("The", "In") is no part of the name that follows it.
      while (parts.length && NOT_NAMES.has(parts[0]!)) parts.shift();
      while (parts.length && NOT_NAMES.has(parts.at(-1)!)) parts.pop();
      if (parts.length === 0 || parts.join('').length < 3) continue;
      bump(runs, parts.join(' '));
    }
    for (const m of text.matchAll(WORD)) {
      const w = dropPossessive(m[0]);
      if (w.length >= 3 && !NOT_NAMES.has(w) && w !== w.toUpperCase()) bump(single, w);
    }
  }
  const byKey = new Map<string, EntityCount[]>();
  for (const [text, count] of single) {
    if (count < minCount) continue;
    const key = skeleton(text, mode);
    if (key.replace(/V/g, '').length < 2) continue;
    let list = byKey.get(key);
    if (!list) byKey.set(key, (list = []));
    list.push({ text, count });
  }
  const groups: VariantGroup[] = [];
  for (const [key, list] of byKey) {
    if (list.length < 2) continue;
    list.sort(byCount);
    groups.push({ key, total: list.reduce((s, v) => s + v.count, 0), variants: list });
  }
  groups.sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
  const entities = [...runs]
    .map(([text, count]) => ({ text, count }))
    .sort(byCount)
    .slice(0, top);
  return { articles, entities, groups };
}

/**
 * The variant groups that matter for the top entities: a group is kept when one of its spellings is a word of
 * one of the top entities, so the report stays about names people ask about.
 */
export function groupsForTop(counts: NameCounts): VariantGroup[] {
  const words = new Set(counts.entities.flatMap((e) => e.text.split(' ')));
  return counts.groups.filter((g) => g.variants.some((v) => words.has(v.text)));
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function byCount(a: EntityCount, b: EntityCount): number {
  return b.count - a.count || a.text.localeCompare(b.text);
}

/** How the alias file treats a variant group: every spelling in one name, some of them, or none. */
export function aliasStatus(
  group: VariantGroup,
  nameOf: (spelling: string) => string | undefined,
): 'aliased' | 'partly' | 'absent' {
  const names = group.variants.map((v) => nameOf(v.text));
  const known = names.filter((n): n is string => n !== undefined);
  if (known.length === 0) return 'absent';
  return known.length === names.length && new Set(known).size === 1 ? 'aliased' : 'partly';
}
