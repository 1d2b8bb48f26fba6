/** Scoring answers against gold phrases: pure functions, so the numbers can be tested. */
import { foldForCompare } from '../search/fold.ts';
import type { Answer, Engine, GoldSpan, Passage, QaItem } from '../types.ts';
import { CrisisDeskError, malformedJson } from '../errors.ts';

/** Parses the questions file; a bad line is an error naming the line and what was expected. */
export function parseQaFile(content: string, name: string): QaItem[] {
  return content
    .split('\n')
    .map((line, i) => ({ line, n: i + 1 }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, n }) => {
      let raw: Partial<QaItem>;
      try {
        raw = JSON.parse(line) as Partial<QaItem>;
      } catch (error) {
        throw malformedJson(`${name}:${n}`, error);
      }
      const goldOk = (g: Partial<GoldSpan>): boolean =>
        typeof g.phrase === 'string' && (typeof g.seed === 'string' || typeof g.article === 'string');
      if (
        typeof raw.id !== 'string' ||
        typeof raw.question !== 'string' ||
        typeof raw.answerable !== 'boolean' ||
        !Array.isArray(raw.gold) ||
        !raw.gold.every(goldOk)
      ) {
        throw new CrisisDeskError(
          'DataFileError',
          `${name}:${n}: expected {id, question, answerable, gold: [{seed or article, phrase}]}`,
        );
      }
      return raw as QaItem;
    });
}

/** Case, quotes, dashes and spacing folded, so a phrase matches however the outlet typeset it. */
export const foldText = foldForCompare;

/** A test for "does this text hold one of these phrases", folding the phrases once rather than per text. */
export function phraseFinder(phrases: readonly string[]): (text: string) => boolean {
  const folded = phrases.map(foldText);
  return (text) => {
    const t = foldText(text);
    return folded.some((p) => t.includes(p));
  };
}

function baseName(p: string): string {
  return p.split('/').pop() ?? p;
}

/** Does this passage answer by the gold standard: from a gold file and containing its phrase? */
export function passageMatches(p: Passage, gold: readonly GoldSpan[], anyOutlet = false): boolean {
  const text = foldText(p.text);
  const cited = [p.citation, ...p.alsoReportedBy];
  const files = cited.map((c) => baseName(c.path));
  const ids = cited.map((c) => c.id);
  const fromGold = (g: GoldSpan): boolean =>
    anyOutlet ||
    (g.seed !== undefined && files.includes(g.seed)) ||
    (g.article !== undefined && ids.includes(g.article));
  return gold.some((g) => text.includes(foldText(g.phrase)) && fromGold(g));
}

/** 1-based rank of the first matching passage, or null. */
export function firstHit(answer: Answer, gold: readonly GoldSpan[], anyOutlet = false): number | null {
  const i = answer.passages.findIndex((p) => passageMatches(p, gold, anyOutlet));
  return i === -1 ? null : i + 1;
}

export interface QaRow {
  id: string;
  question: string;
  answerable: boolean;
  answered: boolean;
  confidence: 'answer' | 'related' | 'none';
  /** Rank of the first gold passage (gold file + phrase) within the top 10. */
  rank: number | null;
  /** Rank of the first passage from any article that contains a gold phrase. */
  anyRank: number | null;
  top: string;
}

/** Asks every question (top 10) and scores it against its gold; `describeTop` says what a row shows as `top`. */
export async function qaRows(
  engine: Pick<Engine, 'ask'>,
  items: readonly QaItem[],
  describeTop: (answer: Answer) => string,
): Promise<QaRow[]> {
  const rows: QaRow[] = [];
  for (const item of items) {
    const answer = await engine.ask(item.question, { k: 10 });
    rows.push({
      id: item.id,
      question: item.question,
      answerable: item.answerable,
      answered: answer.answered,
      confidence: answer.confidence,
      rank: firstHit(answer, item.gold),
      anyRank: firstHit(answer, item.gold, true),
      top: describeTop(answer),
    });
  }
  return rows;
}

export interface QaReport {
  answerable: number;
  unanswerable: number;
  hitAt1: number;
  hitAt3: number;
  hitAt5: number;
  mrrAt10: number;
  /** Share of gold-phrase passages from any outlet in the top k. */
  anyOutletHitAtK: number;
  /** Unanswerable questions not presented as answered (confidence related or none). */
  abstainedOffTopic: number;
  /** Unanswerable questions with nothing shown at all (confidence none). */
  declinedEntirely: number;
  /** Answerable questions not presented as answered. */
  falseAbstentions: number;
  k: number;
  rows: QaRow[];
}

export function summarize(rows: QaRow[], k: number): QaReport {
  const ans = rows.filter((r) => r.answerable);
  const off = rows.filter((r) => !r.answerable);
  const share = (f: (r: QaRow) => boolean): number => (ans.length ? ans.filter(f).length / ans.length : 0);
  return {
    answerable: ans.length,
    unanswerable: off.length,
    hitAt1: share((r) => r.rank !== null && r.rank <= 1),
    hitAt3: share((r) => r.rank !== null && r.rank <= 3),
    hitAt5: share((r) => r.rank !== null && r.rank <= 5),
    mrrAt10: ans.length
      ? ans.reduce((s, r) => s + (r.rank !== null && r.rank <= 10 ? 1 / r.rank : 0), 0) / ans.length
      : 0,
    anyOutletHitAtK: share((r) => r.anyRank !== null && r.anyRank <= k),
    abstainedOffTopic: off.filter((r) => !r.answered).length,
    declinedEntirely: off.filter((r) => r.confidence === 'none').length,
    falseAbstentions: ans.filter((r) => !r.answered).length,
    k,
    rows,
  };
}
