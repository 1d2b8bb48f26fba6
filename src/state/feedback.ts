/**
 * Asked questions and members' votes on the answers. An answer is stored with the question, the passages shown,
 * the index generation and the model, so a vote can be read later against exactly what the member saw.
 */
import type { Answer } from '../types.ts';
import type { StateDb } from './db.ts';
import { hashUser } from './secret.ts';

/** Why a member voted an answer down; the select menu offers these. */
export const DOWNVOTE_REASONS = [
  'wrong-passage',
  'not-an-answer',
  'outdated',
  'bad-source',
  'other',
] as const;
export type DownvoteReason = (typeof DOWNVOTE_REASONS)[number];

export const REASON_LABELS: Readonly<Record<DownvoteReason, string>> = Object.freeze({
  'wrong-passage': 'Wrong passage',
  'not-an-answer': 'Not an answer',
  outdated: 'Outdated',
  'bad-source': 'Bad or biased source',
  other: 'Other',
});

export function isDownvoteReason(value: string): value is DownvoteReason {
  return (DOWNVOTE_REASONS as readonly string[]).includes(value);
}

/** A passage as stored with an answer: enough to rebuild a citation and a gold phrase. */
export interface ShownPassage {
  rank: number;
  chunkId: string;
  article: string;
  title: string;
  source: string | null;
  date: string | null;
  highlight: string;
}

export interface AskRecord {
  guildId: string | null;
  answer: Answer;
  generation: string;
  model: string;
}

export interface StoredAsk {
  id: number;
  guildId: string | null;
  question: string;
  confidence: Answer['confidence'];
  passages: ShownPassage[];
  generation: string;
  model: string;
  askedAt: string;
}

export interface VoteTally {
  up: number;
  down: number;
}

interface AskRow {
  id: number;
  guild_id: string | null;
  question: string;
  confidence: Answer['confidence'];
  passages: string;
  generation: string;
  model: string;
  asked_at: string;
}

function toStoredAsk(row: AskRow): StoredAsk {
  return {
    id: row.id,
    guildId: row.guild_id,
    question: row.question,
    confidence: row.confidence,
    passages: JSON.parse(row.passages) as ShownPassage[],
    generation: row.generation,
    model: row.model,
    askedAt: row.asked_at,
  };
}

export class FeedbackStore {
  constructor(
    private readonly db: StateDb,
    private readonly secret: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  /** Stores one answer page; returns the id its vote buttons carry. */
  recordAsk(record: AskRecord): number {
    const passages: ShownPassage[] = record.answer.passages.map((p) => ({
      rank: p.rank,
      chunkId: p.chunkId,
      article: p.citation.id,
      title: p.citation.title,
      source: p.citation.source,
      date: p.citation.date,
      highlight: p.highlight,
    }));
    return this.db.run(
      'INSERT INTO asks (guild_id, question, confidence, passages, generation, model, asked_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      record.guildId,
      record.answer.question,
      record.answer.confidence,
      JSON.stringify(passages),
      record.generation,
      record.model,
      new Date(this.now()).toISOString(),
    ).lastInsertRowid;
  }

  ask(id: number): StoredAsk | null {
    const row = this.db.get<AskRow>('SELECT * FROM asks WHERE id = ?', id);
    return row === undefined ? null : toStoredAsk(row);
  }

  /**
   * Records (or changes) `userId`'s vote on answer `askId`: one row per member and answer. A vote up clears any
   * reason; a vote down keeps the earlier reason unless a new one is given. False when the answer is unknown.
   */
  vote(askId: number, userId: string, vote: 1 | -1, reason?: DownvoteReason): boolean {
    if (this.db.get('SELECT 1 FROM asks WHERE id = ?', askId) === undefined) return false;
    this.db.run(
      `INSERT INTO votes (ask_id, user_hash, vote, reason, voted_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (ask_id, user_hash) DO UPDATE SET vote = excluded.vote,
         reason = CASE WHEN excluded.vote = 1 THEN NULL ELSE COALESCE(excluded.reason, votes.reason) END,
         voted_at = excluded.voted_at`,
      askId,
      hashUser(this.secret, userId),
      vote,
      vote === 1 ? null : (reason ?? null),
      new Date(this.now()).toISOString(),
    );
    return true;
  }

  tally(askId: number): VoteTally {
    const row = this.db.get<{ up: number | null; down: number | null }>(
      'SELECT SUM(vote = 1) AS up, SUM(vote = -1) AS down FROM votes WHERE ask_id = ?',
      askId,
    );
    return { up: row?.up ?? 0, down: row?.down ?? 0 };
  }

  /** The vote of `userId` on `askId`, or null. */
  voteOf(askId: number, userId: string): { vote: 1 | -1; reason: DownvoteReason | null } | null {
    const row = this.db.get<{ vote: 1 | -1; reason: DownvoteReason | null }>(
      'SELECT vote, reason FROM votes WHERE ask_id = ? AND user_hash = ?',
      askId,
      hashUser(this.secret, userId),
    );
    return row ?? null;
  }

  /** Questions the bot declined (confidence none or related) or members voted down, oldest first. */
  gapCandidates(filter: { since?: string; guildId?: string } = {}): GapCandidate[] {
    return this.db.all<GapCandidate>(
      `SELECT a.id, a.question, a.asked_at AS askedAt, a.confidence,
              (SELECT COUNT(*) FROM votes v WHERE v.ask_id = a.id AND v.vote = -1) AS downvotes
         FROM asks a
        WHERE (a.confidence != 'answer' OR EXISTS (SELECT 1 FROM votes v WHERE v.ask_id = a.id AND v.vote = -1))
          AND a.asked_at >= ? AND (? IS NULL OR a.guild_id = ?)
        ORDER BY a.asked_at, a.id`,
      filter.since ?? '',
      filter.guildId ?? null,
      filter.guildId ?? null,
    );
  }

  /** Votes per day: up, down, and down per reason. */
  votesByDay(since = ''): { day: string; vote: 1 | -1; reason: DownvoteReason | null; votes: number }[] {
    return this.db.all(
      `SELECT substr(voted_at, 1, 10) AS day, vote, reason, COUNT(*) AS votes FROM votes
        WHERE voted_at >= ? GROUP BY day, vote, reason ORDER BY day, vote DESC, reason`,
      since,
    );
  }

  /** Answers shown per day, for the vote rate. */
  answersByDay(since = ''): { day: string; answers: number }[] {
    return this.db.all(
      `SELECT substr(asked_at, 1, 10) AS day, COUNT(*) AS answers FROM asks
        WHERE asked_at >= ? AND confidence != 'none' GROUP BY day ORDER BY day`,
      since,
    );
  }

  /** Answers with more votes up than down (and at least one up), oldest first. */
  votedUp(since = ''): (StoredAsk & VoteTally)[] {
    return this.db
      .all<AskRow & VoteTally>(
        `SELECT a.*, SUM(v.vote = 1) AS up, SUM(v.vote = -1) AS down FROM asks a JOIN votes v ON v.ask_id = a.id
          WHERE a.asked_at >= ? AND a.confidence != 'none' GROUP BY a.id HAVING up > down ORDER BY a.asked_at, a.id`,
        since,
      )
      .map((row) => ({ ...toStoredAsk(row), up: row.up, down: row.down }));
  }
}

export interface GapCandidate {
  id: number;
  question: string;
  askedAt: string;
  confidence: Answer['confidence'];
  downvotes: number;
}
