/**
 * /sources replies: the full citations behind an answer, an overview of the knowledge base, and documents
 * matching a query. Lists are paged with buttons whose custom_id carries the page (and the query), so no
 * server state is needed to turn a page.
 */
import { ButtonStyle, ComponentType, type APIEmbed } from 'discord.js';
import type { CorpusRecord, CorpusStats, DocumentInfo, FeedStatus, Passage } from '../../types.ts';
import { customId } from '../command.ts';
import type { ButtonRow, ReplyDraft } from '../limits.ts';
import { maskedLink, plain } from './escape.ts';
import { outletLabels } from '../../outlets/labels.ts';
import { alsoReportedBy, outletAndDate } from './passage.ts';

/** Documents per page in overviews and query results. */
const sourcesPageSize = 10;
/** Longest /sources query, so that `sources:find:<page>:<query>` fits a 100-character custom_id. */
export const maxSourcesQuery = 80;

/** The full citation of each passage: title, outlet, date, URL, file and where in the article. */
export function formatCitations(question: string, passages: readonly Passage[]): ReplyDraft {
  const fields = passages.map((p) => {
    const c = p.citation;
    const lines = [
      outletAndDate(c),
      c.url === null ? 'No URL recorded' : maskedLink(c.url, c.url),
      `File ${plain(c.path)}, characters ${p.start}–${p.end}`,
    ];
    if (p.alsoReportedBy.length > 0) lines.push(`Also reported by ${alsoReportedBy(p.alsoReportedBy)}`);
    return { name: `${p.rank}. ${plain(c.title) || 'Untitled article'}`, value: lines.join('\n') };
  });
  const embed: APIEmbed = { title: 'Sources', description: `For: ${plain(question)}`, fields };
  if (passages.length === 0) embed.description += '\nThat answer quoted no passages.';
  return {
    embeds: [embed],
    components: [pageRow([], 'Knowledge base overview', customId('sources', 'page', 0))],
  };
}

function pageRow(pager: ButtonRow['components'], extraLabel?: string, extraId?: string): ButtonRow {
  const components = [...pager];
  if (extraLabel !== undefined && extraId !== undefined) {
    components.push({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label: extraLabel,
      custom_id: extraId,
    });
  }
  return { type: ComponentType.ActionRow, components };
}

/** Previous/Next buttons; `idFor(page)` builds each custom_id. Empty when everything fits one page. */
export function pager(page: number, pages: number, idFor: (page: number) => string): ButtonRow[] {
  if (pages <= 1) return [];
  const button = (label: string, target: number, disabled: boolean) => ({
    type: ComponentType.Button as const,
    style: ButtonStyle.Secondary as const,
    label,
    custom_id: idFor(target),
    disabled,
  });
  return [pageRow([button('Previous', page - 1, page <= 0), button('Next', page + 1, page >= pages - 1)])];
}

function documentLine(d: DocumentInfo): string {
  return `• ${outletAndDate(d)} · ${maskedLink(d.title || d.path, d.url)}`;
}

function clampPage(page: number, count: number): { page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(count / sourcesPageSize));
  return { page: Math.min(Math.max(0, Math.trunc(page) || 0), pages - 1), pages };
}

/** Overview of the knowledge base: counts, outlets with counts, date range, then one page of documents. */
export function formatOverview(
  stats: CorpusStats,
  documents: readonly DocumentInfo[],
  page: number,
  feeds: readonly FeedStatus[] = [],
  excluded: ReadonlySet<string> = new Set(),
): ReplyDraft {
  const { page: p, pages } = clampPage(page, documents.length);
  const range =
    stats.firstDate === null
      ? 'no dated articles'
      : `${stats.firstDate} to ${stats.lastDate ?? stats.firstDate}`;
  const outlets = stats.outlets.map((o) => outletEntry(o, excluded)).join('\n') || 'none recorded';
  const shown = documents.slice(p * sourcesPageSize, (p + 1) * sourcesPageSize);
  const embed: APIEmbed = {
    title: 'Knowledge base',
    description: [
      `${stats.articles} articles in ${stats.chunks} passages, ${range}.`,
      `Indexed ${stats.indexedAt} with ${plain(stats.embedder)}.`,
      ...(stats.corpus === undefined ? [] : [corpusSentence(stats.corpus)]),
      '',
      ...shown.map(documentLine),
    ].join('\n'),
    fields: [
      { name: `Outlets (${stats.outlets.length})`, value: outlets },
      ...(feeds.length ? [{ name: `Feeds (${feeds.length})`, value: feeds.map(feedLine).join('\n') }] : []),
    ],
    footer: { text: `Page ${p + 1} of ${pages} · ask with /ask, filter by outlet with its source option` },
  };
  return { embeds: [embed], components: pager(p, pages, (n) => customId('sources', 'page', n)) };
}

/** What the index was built from, which /reindex re-reads; said plainly for an index that does not record it. */
function corpusSentence(corpus: CorpusRecord | null): string {
  if (corpus === null) return 'Built before indexes recorded their corpus: /reindex reads seeds/ and FEEDS.';
  const files =
    corpus.paths.length === 0
      ? 'no files'
      : corpus.paths.map((p) => `\`${p.replace(/`/g, "'")}\``).join(', ');
  const feeds =
    corpus.feeds.length === 0
      ? ''
      : ` and ${corpus.feeds.length} feed${corpus.feeds.length === 1 ? '' : 's'}`;
  return `Built from ${files}${feeds}; /reindex reads the same.`;
}

/** "RT (Russian state media): 1628 articles", marked when this server leaves the outlet out of answers. */
function outletEntry(
  o: { source: string; articles: number },
  excluded: ReadonlySet<string> = new Set(),
): string {
  const label = outletLabels().lookup(o.source).label;
  const off = excluded.has(o.source.toLowerCase()) ? ' — excluded from answers here' : '';
  return `${plain(o.source)} (${plain(label)}): ${o.articles}${off}`;
}

/** "• Title — last read <t:…>" (Discord shows the time in each reader's zone), or why it is failing. */
function feedLine(f: FeedStatus): string {
  const name = maskedLink(f.title ?? f.url, f.url);
  const read =
    f.lastSuccess === null
      ? 'never read successfully'
      : `last read <t:${Math.floor(Date.parse(f.lastSuccess) / 1000)}:R>`;
  return `• ${name} · ${f.articles} articles · ${read}${f.lastError ? ` · last try failed: ${plain(f.lastError)}` : ''}`;
}

/** Documents whose title, outlet, id, file or URL contains `query` (case-insensitive). */
export function matchDocuments(documents: readonly DocumentInfo[], query: string): DocumentInfo[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [...documents];
  return documents.filter((d) =>
    [d.title, d.source ?? '', d.id, d.path, d.url ?? ''].some((s) => s.toLowerCase().includes(needle)),
  );
}

export function formatDocumentMatches(
  query: string,
  matches: readonly DocumentInfo[],
  page: number,
): ReplyDraft {
  if (matches.length === 0) {
    return {
      content: `No indexed document matches “${plain(query)}”. Run \`/sources\` without a query for an overview.`,
    };
  }
  const { page: p, pages } = clampPage(page, matches.length);
  const shown = matches.slice(p * sourcesPageSize, (p + 1) * sourcesPageSize);
  const embed: APIEmbed = {
    title: `Documents matching “${plain(query)}”`,
    description: shown
      .map(
        (d) =>
          `${documentLine(d)}\n  File ${plain(d.path)} · ${d.chunks} passages · ${d.characters} characters`,
      )
      .join('\n'),
    footer: { text: `${matches.length} found · page ${p + 1} of ${pages}` },
  };
  return { embeds: [embed], components: pager(p, pages, (n) => customId('sources', 'find', n, query)) };
}
