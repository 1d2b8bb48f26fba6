/**
 * The /timeline reply: the topic, how its dates were read, then one page of events in date order, one line
 * each (date, outlets, the key sentence quoted, a link), with Previous/Next buttons. A topic the corpus does
 * not cover gets a plain "nothing found".
 */
import type { APIEmbed } from 'discord.js';
import type { Timeline, TimelineEvent, TimelineOptions } from '../../types.ts';
import { customId } from '../command.ts';
import { DISCORD_LIMITS, type ReplyDraft } from '../limits.ts';
import { notesBlock } from './ask.ts';
import { clip } from './cut.ts';
import { maskedLink, plain } from './escape.ts';
import { pager } from './sources.ts';

/** Events per page: eight lines of up to ~480 characters stay well inside one 4,096-character description. */
export const timelinePageSize = 8;
/** Characters of a quoted key sentence before it is cut. */
const SENTENCE_BUDGET = 300;

export interface TimelineView {
  /** Id of the stored timeline (TimelineStore) that the page buttons point to. */
  stateId: string;
  page: number;
  filters: Omit<TimelineOptions, 'limit'>;
  indexedArticles: number;
}

/** "**2022-02-24** · ABC News, +2 (Reuters, AP) — “…sentence…” [Read](url)" */
function eventLine(e: TimelineEvent): string {
  const others = e.corroboration.names.slice(1);
  const outlets = `${plain(e.corroboration.names[0] ?? e.citation.source ?? 'Unknown outlet')}${others.length ? `, +${others.length} (${others.map(plain).join(', ')})` : ''}`;
  const quote = clip(plain(e.sentence), SENTENCE_BUDGET);
  return `**${e.date ?? 'undated'}** · ${outlets} — “${quote}” ${maskedLink('Read', e.citation.url)}`;
}

function filtersText(f: TimelineView['filters']): string {
  const parts: string[] = [];
  if (f.source !== undefined) parts.push(`outlet ${plain(f.source)}`);
  if (f.after !== undefined) parts.push(`from ${f.after}`);
  if (f.before !== undefined) parts.push(`until ${f.before}`);
  return parts.join(', ');
}

export function formatTimeline(timeline: Timeline, view: TimelineView): ReplyDraft {
  const head = `**Timeline:** ${plain(timeline.topic)}${notesBlock(timeline.notes)}`;
  const filters = filtersText(view.filters);
  if (timeline.confidence === 'none' || timeline.events.length === 0) {
    const scope =
      filters === '' ? '' : ` (${timeline.articlesConsidered} articles matched the filters: ${filters})`;
    return {
      content: `${head}\nNothing found: nothing in the ${view.indexedArticles} indexed articles is about this${scope}.\nTry other words, or run \`/sources\` to see what the knowledge base covers.`,
    };
  }
  const pages = Math.max(1, Math.ceil(timeline.events.length / timelinePageSize));
  const page = Math.min(Math.max(0, Math.trunc(view.page) || 0), pages - 1);
  const shown = timeline.events.slice(page * timelinePageSize, (page + 1) * timelinePageSize);
  const first = timeline.events[0]!.date ?? 'undated';
  const last = timeline.events.at(-1)!.date ?? 'undated';
  const embed: APIEmbed = {
    title: clip(`Timeline: ${plain(timeline.topic)}`, DISCORD_LIMITS.embedTitle),
    description: clip(shown.map(eventLine).join('\n\n'), DISCORD_LIMITS.embedDescription),
    footer: {
      text: `${timeline.events.length} events, ${first} to ${last} · page ${page + 1} of ${pages}${filters ? ` · ${filters}` : ''}`,
    },
  };
  const related =
    timeline.confidence === 'related' ? '\nNo report matches this topic exactly; closest reporting:' : '';
  return {
    content: `${head}${related}`,
    embeds: [embed],
    components: pager(page, pages, (n) => customId('timeline', 'page', view.stateId, n)),
  };
}
