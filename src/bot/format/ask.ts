/**
 * The /ask reply: a header with the question, one embed per passage, and the "More results" and "Sources"
 * buttons. When nothing is relevant it says so plainly and points to /sources.
 */
import { ButtonStyle, ComponentType, type APIEmbed } from 'discord.js';
import type { Answer, AskOptions } from '../../types.ts';
import { customId } from '../command.ts';
import { DISCORD_LIMITS, embedLength, type ButtonRow, type ReplyDraft } from '../limits.ts';
import type { Passage } from '../../types.ts';
import { clip } from './cut.ts';
import { plain } from './escape.ts';
import { defaultPassageBudget, passageEmbed } from './passage.ts';

export interface AskView {
  /** Id of the stored ask state (AskStore) that the buttons point to. */
  stateId: string;
  offset: number;
  filters: Omit<AskOptions, 'k' | 'offset'>;
  /** Articles in the whole index, for the "none of the N" message. */
  indexedArticles: number;
  /**
   * Outlets this server leaves out (/settings exclude) that would have answered when nothing else does; said
   * instead of a bare "nothing is about this". Default none.
   */
  excludedAnswering?: readonly string[];
}

/** "outlet Reuters, after 2022-02-01"; empty when no filter is set. */
function describeFilters(filters: AskView['filters']): string {
  const parts: string[] = [];
  if (filters.source !== undefined) parts.push(`outlet ${plain(filters.source)}`);
  if (filters.after !== undefined) parts.push(`from ${filters.after}`);
  if (filters.before !== undefined) parts.push(`until ${filters.before}`);
  return parts.join(', ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Longest note shown; notes are one line each and never the bulk of a reply. */
const NOTE_MAX = 300;

/** How the question was read (the language, the dates applied): one subtext line each, under the question. */
function noteLines(answer: Answer): string {
  return answer.notes.map((n) => `\n-# ${plain(clip(n, NOTE_MAX))}`).join('');
}

/** Said above the passages when they are on topic but none answers the question itself. */
export const RELATED_NOTE = 'No passage answers this directly; closest reporting:';

/** The reply when the index has nothing relevant (or nothing past this page). */
function noAnswerMessage(answer: Answer, view: AskView): string {
  const filters = describeFilters(view.filters);
  const question = `**Q:** ${plain(answer.question)}${noteLines(answer)}`;
  if (view.offset > 0) return `${question}\nNo more passages answer this question.`;
  const excluded = view.excludedAnswering ?? [];
  if (excluded.length > 0) {
    const names = excluded.map(plain).join(', ');
    return (
      `${question}\nThis server leaves out ${names} (\`/settings exclude\`), and only ${excluded.length === 1 ? 'that outlet reports' : 'those outlets report'} on this: ` +
      `nothing else in the ${plural(view.indexedArticles, 'indexed article')} is about it. ` +
      'A server manager can bring them back with `/settings include`; `/sources` shows what the knowledge base covers.'
    );
  }
  const scope =
    filters === ''
      ? `Nothing in the ${plural(view.indexedArticles, 'indexed article')} is about this.`
      : `Nothing in the ${plural(view.indexedArticles, 'indexed article')} is about this ` +
        `(${plural(answer.articlesConsidered, 'article')} matched the filters: ${filters}).`;
  return `${question}\n${scope}\nTry other words${filters === '' ? '' : ' or fewer filters'}, or run \`/sources\` to see what the knowledge base covers.`;
}

function askButtons(stateId: string, offset: number, shown: number, hasMore: boolean): ButtonRow[] {
  const buttons: ButtonRow['components'] = [];
  if (hasMore) {
    buttons.push({
      type: ComponentType.Button,
      style: ButtonStyle.Primary,
      label: 'More results',
      custom_id: customId('ask', 'more', stateId, offset + shown),
    });
  }
  if (shown > 0) {
    buttons.push({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label: 'Sources',
      custom_id: customId('ask', 'sources', stateId, offset),
    });
  }
  return buttons.length === 0 ? [] : [{ type: ComponentType.ActionRow, components: buttons }];
}

/** Notes as lines under a heading (the timeline's, which has no Answer). */
export function notesBlock(notes: readonly string[]): string {
  return notes.map((n) => `\n-# ${plain(clip(n, NOTE_MAX))}`).join('');
}

/** Builds the reply for one page of an answer. */
export function formatAnswer(answer: Answer, view: AskView): ReplyDraft {
  if (answer.confidence === 'none' || answer.passages.length === 0)
    return { content: noAnswerMessage(answer, view), embeds: [] };
  const first = answer.passages[0]!.rank;
  const last = answer.passages.at(-1)!.rank;
  const filters = describeFilters(view.filters);
  const summary = [
    `passages ${first === last ? first : `${first}–${last}`}`,
    `${plural(answer.articlesConsidered, 'article')} considered`,
    ...(filters === '' ? [] : [`filters: ${filters}`]),
  ].join(' · ');
  // Closest reporting is shown, but never passed off as an answer.
  const related = answer.confidence === 'related' ? `\n${RELATED_NOTE}` : '';
  return {
    content: `**Q:** ${plain(answer.question)}${noteLines(answer)}${related}\n-# ${summary}`,
    embeds: passageEmbeds(answer.passages),
    components: askButtons(view.stateId, view.offset, answer.passages.length, answer.hasMore),
  };
}

/**
 * One embed per passage, sharing the 6,000-character total fairly: when the default budget would overflow,
 * every passage gets the same smaller budget, cut around its highlight, instead of the last ones losing it.
 */
export function passageEmbeds(passages: readonly Passage[]): APIEmbed[] {
  const embeds = passages.map((p) => passageEmbed(p));
  const total = embeds.reduce((n, e) => n + embedLength(e), 0);
  if (total <= DISCORD_LIMITS.embedTotal || passages.length === 0) return embeds;
  const others = total - embeds.reduce((n, e) => n + (e.description?.length ?? 0), 0);
  const budget = Math.floor((DISCORD_LIMITS.embedTotal - others) / passages.length);
  return passages.map((p) => passageEmbed(p, Math.max(80, Math.min(defaultPassageBudget, budget))));
}
