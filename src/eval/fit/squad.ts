/**
 * SQuAD v1.1 (the format of ../shared/datasets/squad) as a corpus and labelled questions: every paragraph is
 * one article, so a question's own paragraph, its article's other paragraphs and other articles can be told
 * apart when fitting the answer/related/none decision.
 */
import type { Article } from '../../types.ts';
import { CrisisDeskError } from '../../errors.ts';

export interface SquadQuestion {
  id: string;
  question: string;
  /** Answer texts given by the annotators (any of them counts). */
  answers: string[];
  /** Article id of the paragraph that holds the answer. */
  paragraph: string;
  /** The Wikipedia article the paragraph belongs to (its title). */
  topic: string;
}

export interface SquadSet {
  articles: Article[];
  questions: SquadQuestion[];
  topics: string[];
}

interface RawSquad {
  data?: {
    title?: unknown;
    paragraphs?: {
      context?: unknown;
      qas?: { id?: unknown; question?: unknown; answers?: { text?: unknown }[] }[];
    }[];
  }[];
}

/** Parses a SQuAD v1.1 JSON file; anything off-format is an error naming where. */
export function parseSquad(content: string, name: string): SquadSet {
  let raw: RawSquad;
  try {
    raw = JSON.parse(content) as RawSquad;
  } catch (error) {
    throw new CrisisDeskError(
      'DataFileError',
      `${name}: expected SQuAD JSON, got malformed JSON (${(error as Error).message})`,
      { cause: error },
    );
  }
  if (!Array.isArray(raw.data))
    throw new CrisisDeskError(
      'DataFileError',
      `${name}: expected {"data": [...]} (SQuAD v1.1), got no data array`,
    );
  const articles: Article[] = [];
  const questions: SquadQuestion[] = [];
  const topics: string[] = [];
  raw.data.forEach((entry, a) => {
    const topic = typeof entry.title === 'string' ? entry.title : `article-${a}`;
    topics.push(topic);
    (entry.paragraphs ?? []).forEach((p, i) => {
      if (typeof p.context !== 'string')
        throw new CrisisDeskError(
          'DataFileError',
          `${name}: data[${a}].paragraphs[${i}]: expected a context string`,
        );
      const id = `${a}-${i}`;
      articles.push({
        id,
        title: topic.replace(/_/g, ' '),
        text: p.context,
        source: 'Wikipedia',
        date: null,
        url: null,
        path: `squad/${id}`,
      });
      for (const qa of p.qas ?? []) {
        if (typeof qa.id !== 'string' || typeof qa.question !== 'string') continue;
        const answers = (qa.answers ?? [])
          .map((x) => x.text)
          .filter((t): t is string => typeof t === 'string' && t.trim() !== '');
        if (answers.length > 0)
          questions.push({ id: qa.id, question: qa.question, answers, paragraph: id, topic });
      }
    });
  });
  return { articles, questions, topics };
}
