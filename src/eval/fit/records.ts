/**
 * What fitting needs from one question run through the engine: every candidate's raw signals, so fusion
 * weights can be re-tried offline without asking again, and whether each candidate is gold.
 */
import type { Reader } from '../../read/reader.ts';
import type { RankedChunk, SearchEngine } from '../../search/engine.ts';
import { readerProbability } from '../../search/reading.ts';

/** A ranked chunk's raw signals (the fused score is recomputed offline), its article and its gold labels. */
export interface CandidateRecord extends Omit<RankedChunk, 'chunk' | 'score'> {
  /** Article id of the candidate's chunk. */
  doc: string;
  /** Does this passage answer the question by the data set's own standard? */
  gold: boolean;
  /** Does it contain an answer text at all (for SQuAD: maybe in another paragraph)? */
  hasAnswerText: boolean;
}

export interface QuestionRecord {
  id: string;
  /** Which data set and condition this comes from, e.g. `squad/full`. */
  set: string;
  unknownShare: number;
  candidates: CandidateRecord[];
  /** SQuAD: the Wikipedia article the question is about (for splitting by topic). */
  topic?: string;
  /** BEIR: how many documents are judged relevant (for nDCG's ideal ranking). */
  relevant?: number;
}

/** How a data set judges a passage. */
export interface GoldCheck {
  gold(text: string, docId: string): boolean;
  hasAnswerText(text: string): boolean;
}

/** A reader to record: its probability is stored on the engine's first `depth` candidates (`reader`). */
export interface ReadingToRecord {
  reader: Reader;
  depth: number;
}

/**
 * Runs one question and records every candidate the engine considered (in the engine's order, without a reader);
 * with `reading`, the reader's probability on the first `depth` of them, so blends can be fit offline.
 */
export async function collect(
  engine: SearchEngine,
  item: { id: string; question: string; set: string },
  check: GoldCheck,
  acceptDoc?: (doc: number) => boolean,
  reading?: ReadingToRecord,
): Promise<QuestionRecord> {
  const { ranked, features } = await engine.assess(item.question, acceptDoc ? { filter: acceptDoc } : {});
  if (reading) {
    const top = ranked.slice(0, reading.depth);
    const logits = await reading.reader.score(
      item.question,
      top.map((r) => engine.readerText(r.chunk)),
    );
    top.forEach((r, i) => (r.reader = readerProbability(logits[i]!)));
  }
  const docs = engine.data.manifest.documents;
  const candidates = ranked.map(({ chunk: row, score: _score, ...signals }): CandidateRecord => {
    const chunk = engine.data.chunks[row]!;
    const docId = docs[chunk.doc]!.id;
    return {
      ...signals,
      doc: docId,
      gold: check.gold(chunk.text, docId),
      hasAnswerText: check.hasAnswerText(chunk.text),
    };
  });
  return { id: item.id, set: item.set, unknownShare: features.unknownShare, candidates };
}
