/** /watch replies and the messages a watch posts in its channel. */
import type { APIEmbed } from 'discord.js';
import type { Passage } from '../../types.ts';
import type { Watch } from '../../state/watch-store.ts';
import type { ReplyDraft } from '../limits.ts';
import { clip } from './cut.ts';
import { maskedLink, plain } from './escape.ts';
import { passageEmbed } from './passage.ts';

/** Longest watch query: a question, as /ask takes. */
export const maxWatchQuery = 300;

function describe(w: Watch): string {
  return `\`${w.id}\` “${plain(clip(w.query, 200))}”${w.source ? ` · outlet ${plain(w.source)}` : ''}`;
}

export function formatWatchAdded(w: Watch): ReplyDraft {
  return {
    content:
      `Watching ${describe(w)} in this channel. After each feed update, new articles that answer it are posted here ` +
      `(the same test as /ask), one message per story. \`/watch remove id:${w.id}\` stops it.`,
  };
}

export function formatWatchList(watches: readonly Watch[], here: string): ReplyDraft {
  if (watches.length === 0)
    return { content: 'No watches in this server. Add one with `/watch add query:…`.' };
  const lines = watches.map(
    (w) => `• ${describe(w)} in <#${w.channelId}>${w.channelId === here ? ' (here)' : ''}`,
  );
  return { embeds: [{ title: `Watches (${watches.length})`, description: lines.join('\n') }] };
}

export function formatWatchRemoved(id: string, removed: boolean): ReplyDraft {
  return {
    content: removed
      ? `Watch \`${plain(id)}\` removed.`
      : `No watch \`${plain(id)}\` in this server; \`/watch list\` shows the ids.`,
  };
}

/** One new story that answers a watch: the passage as /ask shows it, under the watch's query. */
export function formatWatchHit(w: Watch, passage: Passage): ReplyDraft {
  const embed: APIEmbed = passageEmbed({ ...passage, rank: 1 });
  embed.title = clip(plain(passage.citation.title) || 'Untitled article', 256);
  embed.footer = { text: `Watch ${w.id} · relevance ${passage.score.toFixed(2)}` };
  return { content: `New reporting for your watch “${plain(clip(w.query, 200))}”:`, embeds: [embed] };
}

/** What a channel's budget left out, as one message of links. */
export function formatWatchOverflow(w: Watch, passages: readonly Passage[]): ReplyDraft {
  const lines = passages.map(
    (p) =>
      `• ${maskedLink(p.citation.title || p.citation.path, p.citation.url)} (${plain(p.citation.source ?? 'unknown outlet')})`,
  );
  return {
    content: `${passages.length} more new ${passages.length === 1 ? 'story' : 'stories'} for “${plain(clip(w.query, 200))}”:\n${lines.join('\n')}`,
  };
}
