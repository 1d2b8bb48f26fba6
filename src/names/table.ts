/**
 * Alias groups indexed by folded spelling, so a word of a question or a passage finds its name in one lookup.
 * Cyrillic words in a question are inflected ("в Киеве", "Зеленського"), so a Cyrillic word that is no
 * spelling itself is also tried without its case ending.
 */
import { type AliasGroup, foldSpelling, loadAliases } from './aliases.ts';

/** Russian and Ukrainian case endings, longest first (folded: й is и, ї is і). */
const CASE_ENDINGS = [
  'ого',
  'его',
  'ому',
  'ему',
  'ові',
  'еві',
  'ою',
  'ею',
  'ом',
  'ем',
  'ой',
  'еи',
  'ах',
  'ях',
  'ым',
  'им',
  'а',
  'я',
  'у',
  'ю',
  'е',
  'і',
  'и',
  'ы',
];
/** What a stem may have ended with in the dictionary form: Зеленськ+ий, Одес+а, Запоріжж+я, Кита+й (й folds to и). */
const DICTIONARY_ENDINGS = ['', 'и', 'ии', 'ыи', 'іи', 'а', 'я', 'ь', 'о'];

const CYRILLIC = /^\p{Script=Cyrillic}+$/u;

export class AliasTable {
  private readonly bySpelling = new Map<string, AliasGroup>();

  constructor(readonly groups: readonly AliasGroup[]) {
    for (const g of groups) for (const s of spellingsOf(g)) this.bySpelling.set(foldSpelling(s), g);
  }

  static readonly empty = new AliasTable([]);

  /** The group a folded word (as `words()` gives it) belongs to, if any. */
  groupOf(word: string): AliasGroup | undefined {
    const exact = this.bySpelling.get(word);
    if (exact || !CYRILLIC.test(word)) return exact;
    for (const ending of CASE_ENDINGS) {
      if (!word.endsWith(ending) || word.length - ending.length < 3) continue;
      const stem = word.slice(0, -ending.length);
      // Ukrainian closes an o/e into і in the nominative: Харкова → Харків, Києва → Київ, Львова → Львів.
      const stems = [stem, stem.replace(/[оеє](\p{L})$/u, 'і$1')];
      for (const s of stems) {
        for (const end of DICTIONARY_ENDINGS) {
          const g = this.bySpelling.get(s + end);
          if (g) return g;
        }
      }
    }
    return undefined;
  }
}

/** Every spelling of a group, English first. */
export function spellingsOf(g: AliasGroup): string[] {
  return [...new Set([...g.english, ...g.uk, ...g.ru])];
}

let bundled: AliasTable | undefined;

/** The bundled alias file, loaded (and validated) once per process. */
export function bundledAliases(): AliasTable {
  bundled ??= new AliasTable(loadAliases());
  return bundled;
}
