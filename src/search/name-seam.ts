/**
 * What the search engine asks of the alias file, in one place: the question's words as BM25 term groups, as
 * weighted coverage terms whose alternatives are the other spellings, the text the dense side embeds, and the
 * notes on how the question was read.
 */
import type { TermGroup } from '../index/bm25.ts';
import type { WeightedTerm } from './ranking.ts';
import { type QuestionReading, QuestionReader } from '../names/reader.ts';
import { type AliasTable, bundledAliases } from '../names/table.ts';

export interface NameOptions {
  /** Spellings read as one name. Default: the bundled src/names/aliases.txt. */
  aliases?: AliasTable;
  /**
   * What the dense side embeds: `canonical` writes every name in its first English spelling (Kiev → Kyiv; given
   * names only when written in Cyrillic), so the spellings of a question get the same vector; `question` embeds
   * the question as asked. Default canonical (measured in docs/names.md).
   */
  embed?: 'canonical' | 'question';
}

export class NameSeam {
  private readonly reader: QuestionReader;
  private readonly embed: 'canonical' | 'question';
  private last: { question: string; reading: QuestionReading } | null = null;

  constructor(
    /** Corpus statistics: a group's idf (an in-memory BM25 index, or the database's statistics). */
    private readonly bm25: { groupIdf(group: TermGroup): number },
    options: NameOptions = {},
  ) {
    this.reader = new QuestionReader(options.aliases ?? bundledAliases());
    this.embed = options.embed ?? 'canonical';
  }

  /** The question read once; an ask reads the same question several times. */
  read(question: string): QuestionReading {
    if (this.last?.question !== question) this.last = { question, reading: this.reader.read(question) };
    return this.last.reading;
  }

  termGroups(question: string): TermGroup[] {
    return this.read(question).terms.map((t) => t.terms);
  }

  /** Coverage terms: a name's idf is its group's, and it is known when the corpus uses any of its spellings. */
  weightedTerms(question: string, isKnown: (stem: string) => boolean): WeightedTerm[] {
    return this.read(question).terms.map((t) => {
      const alternatives = [...new Set(t.stems)].filter((s) => s !== t.stems[0]);
      return {
        term: t.stems[0]!,
        idf: this.bm25.groupIdf(t.terms),
        known: t.stems.some(isKnown),
        ...(alternatives.length ? { alternatives } : {}),
      };
    });
  }

  embedText(question: string): string {
    return this.embed === 'canonical' ? this.read(question).canonical : question;
  }

  notes(question: string): string[] {
    return this.read(question).notes;
  }
}
