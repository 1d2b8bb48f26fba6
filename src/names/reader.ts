/**
 * How a question is read through the alias file: each content word becomes the set of index terms and
 * coverage stems that count as that word (every spelling of a name), the question gets a canonical spelling for
 * the dense side, and a question written in Cyrillic gets a note that the articles are in English.
 */
import { coverageStem, isContentWord, stem, words } from '../index/tokenize.ts';
import type { AliasGroup } from './aliases.ts';
import { AliasTable, spellingsOf } from './table.ts';

/** One word of the question and every form that counts as it. */
export interface ReadTerm {
  /** BM25 index terms (S-stems); the question's own spelling first. */
  terms: string[];
  /** Coverage stems (Porter), in the same order. */
  stems: string[];
  /** The name it belongs to, when it is an alias. */
  group?: AliasGroup;
}

export interface QuestionReading {
  /** Distinct content words, in question order; two spellings of one name are one word. */
  terms: ReadTerm[];
  /** The question with every name in its canonical (first English) spelling; Latin given names stay as asked. */
  canonical: string;
  /** Names found, in question order. */
  names: AliasGroup[];
  /** One-line notes on how the question was read. */
  notes: string[];
}

/** Share of letters that must be Cyrillic for a question to count as written in Ukrainian or Russian. */
const CYRILLIC_SHARE = 0.9;

export class QuestionReader {
  constructor(readonly table: AliasTable = AliasTable.empty) {}

  read(question: string): QuestionReading {
    const terms: ReadTerm[] = [];
    const names: AliasGroup[] = [];
    const seen = new Set<string>();
    for (const w of words(question)) {
      if (!isContentWord(w)) continue;
      const group = this.table.groupOf(w);
      if (group) {
        if (names.includes(group)) continue;
        names.push(group);
        terms.push(groupTerm(w, group, seen));
        continue;
      }
      const term = stem(w);
      if (seen.has(term)) continue;
      seen.add(term);
      terms.push({ terms: [term], stems: [coverageStem(w)] });
    }
    // A given name stays as asked unless it is in Cyrillic: "Vladimir" is right for Kara-Murza and "Volodymyr"
    // for Zelensky, and rewriting one as the other moved a question's answer (docs/names.md).
    const canonical = question.replace(/[\p{L}\p{M}\p{N}]+/gu, (token) => {
      const folded = words(token);
      const group = folded.length === 1 ? this.table.groupOf(folded[0]!) : undefined;
      if (!group || (group.kind === 'name' && !/\p{Script=Cyrillic}/u.test(token))) return token;
      return group.english[0]!;
    });
    const note = languageNote(question, names);
    return { terms, canonical, names, notes: note ? [note] : [] };
  }
}

/** The question's word first, then every other spelling of its name, each index term once. */
function groupTerm(word: string, group: AliasGroup, seen: Set<string>): ReadTerm {
  const out: ReadTerm = { terms: [], stems: [], group };
  for (const w of [word, ...spellingsOf(group).map((s) => words(s)[0]!)]) {
    const term = stem(w);
    if (out.terms.includes(term)) continue;
    seen.add(term);
    out.terms.push(term);
    out.stems.push(coverageStem(w));
  }
  return out;
}

/** Question words only one of the two languages uses, for questions without a telling letter. */
const UKRAINIAN_WORDS = new Set([
  'що',
  'хто',
  'як',
  'де',
  'коли',
  'чому',
  'скільки',
  'це',
  'та',
  'або',
  'чи',
]);
const RUSSIAN_WORDS = new Set(['что', 'кто', 'как', 'где', 'когда', 'почему', 'сколько', 'это', 'или', 'ли']);

/** The language of a Cyrillic question: і ї є ґ are Ukrainian only, ы э ъ ё Russian only, then question words. */
export function cyrillicLanguage(question: string): 'Ukrainian' | 'Russian' | 'Ukrainian or Russian' | null {
  const letters = question.match(/\p{L}/gu) ?? [];
  const cyrillic = letters.filter((l) => /\p{Script=Cyrillic}/u.test(l)).length;
  if (letters.length === 0 || cyrillic / letters.length < CYRILLIC_SHARE) return null;
  if (/[іїєґ]/iu.test(question)) return 'Ukrainian';
  if (/[ыэъё]/iu.test(question)) return 'Russian';
  const tokens = question.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (tokens.some((t) => UKRAINIAN_WORDS.has(t))) return 'Ukrainian';
  if (tokens.some((t) => RUSSIAN_WORDS.has(t))) return 'Russian';
  return 'Ukrainian or Russian';
}

/** "The question is in Russian; the articles are in English, so only the names in it can match their words: Kyiv, Lavrov." */
function languageNote(question: string, names: readonly AliasGroup[]): string | null {
  const language = cyrillicLanguage(question);
  if (language === null) return null;
  const lead = `The question is in ${language}; the articles are in English`;
  if (names.length === 0)
    return `${lead}, and it names nothing we know an English spelling for: ask in English.`;
  return `${lead}, so only the names in it can match their words: ${names.map((g) => g.english[0]).join(', ')}.`;
}
