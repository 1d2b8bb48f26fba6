/**
 * One passage as an embed: the passage text with its highlighted sentence in bold, outlet and date, a masked
 * link to the article, wire-copy outlets, and rank and score. Pure: plain objects in, plain JSON out.
 */
import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { Citation, Corroboration, Passage } from '../../types.ts';
import { citationLabel } from '../../outlets/labels.ts';
import { clip, clipStart } from './cut.ts';
import { escapeMarkdown, maskedLink, plain, safeUrl } from './escape.ts';
import { DISCORD_LIMITS } from '../limits.ts';

/** Characters of passage text per embed before the reply-wide budget shrinks it further. Default 1,000. */
export const defaultPassageBudget = 1000;

/** Escapes a piece of passage text, collapsing whitespace but keeping a space at either edge. */
function piece(text: string): string {
  return escapeMarkdown(text.replace(/\s+/g, ' '));
}

/** Passage text with the highlight in bold, cut around the highlight so it stays visible. */
export function passageBody(passage: Passage, budget = defaultPassageBudget): string {
  const { text, highlightStart: hs, highlightEnd: he } = passage;
  if (!(hs >= 0 && he > hs && he <= text.length)) return clip(piece(text).trim(), budget);
  const highlight = piece(text.slice(hs, he)).trim();
  const before = piece(text.slice(0, hs)).trimStart();
  const after = piece(text.slice(he)).trimEnd();
  // The highlight is the answer: it gets up to 70% of the room, the context shares the rest.
  const bold = `**${clip(highlight, Math.max(1, Math.floor(budget * 0.7) - 4))}**`;
  const room = Math.max(0, budget - bold.length - 2);
  const beforeRoom = Math.min(before.length, Math.floor(room / 2));
  const head = beforeRoom > 0 ? clipStart(before, beforeRoom) : '';
  const tail = clip(after, room - head.length);
  const join = (left: string, right: string): string =>
    left === '' || right === ''
      ? left + right
      : /\s$/.test(left) || /^\s/.test(right)
        ? left + right
        : `${left} ${right}`;
  return join(join(head.trimEnd(), bold), tail.trimStart()).trim();
}

/**
 * "RT · Russian state media · 2022-03-02": the outlet, its label from src/outlets/outlets.json ("unreviewed" when
 * not listed) and the date, with the honest fallbacks when the corpus does not say.
 */
export function outletAndDate(citation: Citation): string {
  return plain(citationLabel(citation));
}

/** "[Reuters](url), AP" for wire copy. */
export function alsoReportedBy(citations: readonly Citation[]): string {
  return citations.map((c) => maskedLink(c.source ?? c.title, c.url)).join(', ');
}

/** "Reported by 4 outlets (AP, Reuters, BBC News, HuffPost)". */
function reportedBy(c: Corroboration): string {
  return `Reported by ${c.outlets} outlet${c.outlets === 1 ? '' : 's'} (${c.names.map(plain).join(', ')})`;
}

/** "Newer: 2022-03-15, [The Guardian](url)": newer reporting on the same story exists. */
function newerNote(c: Citation): string {
  return `Newer: ${c.date ?? 'undated'}, ${maskedLink(c.source ?? c.title, c.url)}`;
}

export function passageEmbed(passage: Passage, budget = defaultPassageBudget): APIEmbed {
  const { citation } = passage;
  const fields: APIEmbedField[] = [
    { name: 'Outlet', value: outletAndDate(citation), inline: true },
    {
      name: 'Article',
      value:
        safeUrl(citation.url) === null
          ? `File ${plain(citation.path)}`
          : maskedLink('Read the article', citation.url),
      inline: true,
    },
  ];
  if (passage.alsoReportedBy.length > 0) {
    const value = clip(alsoReportedBy(passage.alsoReportedBy), DISCORD_LIMITS.fieldValue);
    fields.push({ name: 'Also reported by', value, inline: false });
  }
  // "Reported by 1 outlet" on nearly every passage tells nothing; corroboration is shown where there is some.
  if (passage.corroboration.outlets > 1)
    fields.push({
      name: 'Corroboration',
      value: clip(reportedBy(passage.corroboration), DISCORD_LIMITS.fieldValue),
      inline: false,
    });
  if (passage.newer !== null) {
    fields.push({
      name: 'Newer reporting',
      value: clip(newerNote(passage.newer), DISCORD_LIMITS.fieldValue),
      inline: false,
    });
  }
  const embed: APIEmbed = {
    title: clip(`${passage.rank}. ${plain(citation.title) || 'Untitled article'}`, DISCORD_LIMITS.embedTitle),
    description: passageBody(passage, budget),
    fields,
    footer: { text: `Rank ${passage.rank} · relevance ${passage.score.toFixed(2)}` },
  };
  const url = safeUrl(citation.url);
  if (url !== null) embed.url = url;
  return embed;
}
