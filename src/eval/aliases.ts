/**
 * Does a question find the same passage however its names are spelled? Each question is asked with every
 * name in its canonical spelling, then once per other spelling of each name (Latin spellings, and the Ukrainian
 * and Russian Cyrillic forms dropped into the English sentence), and the top passages are compared.
 */
import { foldSpelling } from '../names/aliases.ts';
import { spellingsOf, type AliasTable } from '../names/table.ts';
import { words } from '../index/tokenize.ts';
import type { Engine, QaItem } from '../types.ts';
import { firstHit } from './qa.ts';

export interface SpellingVariant {
  /** The question with every name canonical, but for `spelling`. */
  question: string;
  /** The name's canonical spelling, and the spelling this variant uses for it. */
  name: string;
  spelling: string;
  script: 'latin' | 'cyrillic';
}

/** Rewrites each word of `question` that belongs to a name: `pick` returns the spelling to use. */
function respell(question: string, table: AliasTable, pick: (canonical: string) => string): string {
  return question.replace(/[\p{L}\p{M}\p{N}]+/gu, (token) => {
    const folded = words(token);
    const group = folded.length === 1 ? table.groupOf(folded[0]!) : undefined;
    return group ? pick(group.english[0]!) : token;
  });
}

/** The question with every name canonical, and one variant per other spelling of each name it holds. */
export function spellingVariants(
  question: string,
  table: AliasTable,
): { canonical: string; variants: SpellingVariant[] } {
  const canonical = respell(question, table, (c) => c);
  const names = new Map<string, string[]>();
  for (const w of words(question)) {
    const g = table.groupOf(w);
    if (g && !names.has(g.english[0]!)) names.set(g.english[0]!, spellingsOf(g));
  }
  const variants: SpellingVariant[] = [];
  for (const [name, spellings] of names) {
    const seen = new Set([foldSpelling(name)]);
    for (const spelling of spellings) {
      if (seen.has(foldSpelling(spelling))) continue;
      seen.add(foldSpelling(spelling));
      variants.push({
        question: respell(question, table, (c) => (c === name ? spelling : c)),
        name,
        spelling,
        script: /\p{Script=Cyrillic}/u.test(spelling) ? 'cyrillic' : 'latin',
      });
    }
  }
  return { canonical, variants };
}

export interface VariantRow {
  id: string;
  name: string;
  spelling: string;
  script: 'latin' | 'cyrillic';
  question: string;
  /** chunk id of the variant's top passage, and of the canonical question's; null when nothing was shown. */
  top: string | null;
  canonicalTop: string | null;
  /** Is the top passage a gold one (the answer), for the variant and for the canonical question? */
  hit: boolean;
  canonicalHit: boolean;
}

/** Asks every question and its variants; `table` finds the names (the engine may or may not use it). */
export async function runVariants(
  engine: Engine,
  items: readonly QaItem[],
  table: AliasTable,
): Promise<VariantRow[]> {
  const rows: VariantRow[] = [];
  for (const item of items) {
    const { canonical, variants } = spellingVariants(item.question, table);
    const base = await engine.ask(canonical, { k: 3 });
    const canonicalTop = base.passages[0]?.chunkId ?? null;
    const canonicalHit = firstHit(base, item.gold) === 1;
    for (const v of variants) {
      const answer = await engine.ask(v.question, { k: 3 });
      rows.push({
        id: item.id,
        name: v.name,
        spelling: v.spelling,
        script: v.script,
        question: v.question,
        top: answer.passages[0]?.chunkId ?? null,
        canonicalTop,
        hit: firstHit(answer, item.gold) === 1,
        canonicalHit,
      });
    }
  }
  return rows;
}

export interface VariantSummary {
  variants: number;
  /** Share of variants whose top passage is the canonical question's. */
  sameTop: number;
  /** Share of variants whose top passage answers (gold), and of their canonical questions. */
  hitAt1: number;
  canonicalHitAt1: number;
}

export function summarizeVariants(rows: readonly VariantRow[]): VariantSummary {
  const share = (f: (r: VariantRow) => boolean): number =>
    rows.length ? rows.filter(f).length / rows.length : 0;
  return {
    variants: rows.length,
    sameTop: share((r) => r.top === r.canonicalTop),
    hitAt1: share((r) => r.hit),
    canonicalHitAt1: share((r) => r.canonicalHit),
  };
}
