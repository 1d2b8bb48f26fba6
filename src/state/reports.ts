/** The admins' reports over the state database: vote rates per day and reason, and voted-up answers as QA items. */
import type { QaItem } from '../types.ts';
import { DOWNVOTE_REASONS, type DownvoteReason, type FeedbackStore } from './feedback.ts';

export interface FeedbackDay {
  day: string;
  /** Answer pages shown (declined ones not counted). */
  answers: number;
  up: number;
  down: number;
  /** Votes up among all votes that day; null when nobody voted. */
  upRate: number | null;
  /** Votes down per reason; `unstated` when the member never picked one. */
  reasons: Record<DownvoteReason | 'unstated', number>;
}

function noReasons(): FeedbackDay['reasons'] {
  return Object.fromEntries([...DOWNVOTE_REASONS, 'unstated'].map((r) => [r, 0])) as FeedbackDay['reasons'];
}

export function feedbackByDay(store: FeedbackStore, since = ''): { days: FeedbackDay[]; total: FeedbackDay } {
  const days = new Map<string, FeedbackDay>();
  const day = (d: string) => {
    let entry = days.get(d);
    if (entry === undefined)
      days.set(d, (entry = { day: d, answers: 0, up: 0, down: 0, upRate: null, reasons: noReasons() }));
    return entry;
  };
  for (const row of store.answersByDay(since)) day(row.day).answers = row.answers;
  for (const row of store.votesByDay(since)) {
    const entry = day(row.day);
    if (row.vote === 1) entry.up += row.votes;
    else {
      entry.down += row.votes;
      entry.reasons[row.reason ?? 'unstated'] += row.votes;
    }
  }
  const total: FeedbackDay = { day: 'total', answers: 0, up: 0, down: 0, upRate: null, reasons: noReasons() };
  const sorted = [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
  for (const d of sorted) {
    d.upRate = d.up + d.down === 0 ? null : d.up / (d.up + d.down);
    total.answers += d.answers;
    total.up += d.up;
    total.down += d.down;
    for (const r of Object.keys(d.reasons) as (keyof FeedbackDay['reasons'])[])
      total.reasons[r] += d.reasons[r];
  }
  total.upRate = total.up + total.down === 0 ? null : total.up / (total.up + total.down);
  return { days: sorted, total };
}

/** Longest gold phrase kept: the highlighted sentence, cut at a word so a reworded tail cannot miss. */
const MAX_PHRASE = 160;

function goldPhrase(highlight: string): string {
  const text = highlight.replace(/\s+/g, ' ').trim();
  if (text.length <= MAX_PHRASE) return text;
  const cut = text.lastIndexOf(' ', MAX_PHRASE);
  return text.slice(0, cut > 40 ? cut : MAX_PHRASE);
}

/**
 * Voted-up answers as eval questions (src/eval/qa.ts): answerable, with the highlighted sentence of every passage
 * shown as gold (the member said the answer was there, not which passage held it). One item per distinct question.
 */
export function votedUpAsQa(store: FeedbackStore, since = ''): QaItem[] {
  const seen = new Set<string>();
  const items: QaItem[] = [];
  for (const ask of store.votedUp(since)) {
    const key = ask.question.trim().toLowerCase();
    if (seen.has(key) || ask.passages.length === 0) continue;
    seen.add(key);
    items.push({
      id: `community-${ask.id}`,
      question: ask.question,
      answerable: true,
      gold: ask.passages.map((p) => ({ article: p.article, phrase: goldPhrase(p.highlight) })),
    });
  }
  return items;
}
