/** /reindex replies: progress while it runs (edited in place), the summary, and the polite refusals. */
import type { IndexProgress, IndexSummary } from '../../types.ts';
import type { ReplyDraft } from '../limits.ts';
import { plain } from './escape.ts';

const STAGES: IndexProgress['stage'][] = ['reading', 'chunking', 'embedding', 'indexing', 'writing', 'done'];

/** A ten-cell text bar: renders the same on every client, no images needed. */
export function progressBar(done: number, total: number): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(ratio * 10);
  return `${'▰'.repeat(filled)}${'▱'.repeat(10 - filled)} ${Math.round(ratio * 100)}%`;
}

export function formatProgress(progress: IndexProgress, elapsedSeconds: number): ReplyDraft {
  const step = STAGES.indexOf(progress.stage) + 1;
  const counts = progress.total > 0 ? ` (${progress.done}/${progress.total})` : '';
  return {
    content:
      `Re-indexing in the background; /ask keeps answering from the current index.\n` +
      `Step ${step}/${STAGES.length}: ${progress.stage}${counts}\n${progressBar(progress.done, progress.total)} · ${Math.round(elapsedSeconds)} s`,
  };
}

export function formatStarting(): ReplyDraft {
  return {
    content: 'Re-indexing in the background; /ask keeps answering from the current index.\nStarting…',
  };
}

export function formatSummary(summary: IndexSummary): ReplyDraft {
  const skipped =
    summary.skipped.length === 0
      ? ''
      : `\nSkipped ${summary.skipped.length}: ` +
        summary.skipped
          .slice(0, 5)
          .map((s) => `${plain(s.path)}${s.line === undefined ? '' : `:${s.line}`} (${plain(s.reason)})`)
          .join('; ');
  return {
    content:
      `Re-index finished in ${summary.seconds.toFixed(1)} s; the new index is live (generation ${plain(summary.generation)}).\n` +
      `${summary.added} added, ${summary.changed} changed, ${summary.removed} removed, ${summary.unchanged} unchanged` +
      `${summary.moved ? `, ${summary.moved} moved` : ''}${summary.kept ? `, ${summary.kept} kept (not read this run)` : ''}; ` +
      `${summary.articles} articles, ${summary.chunks} passages, ${summary.embedded} texts embedded.${feedsLine(summary)}${skipped}`,
  };
}

/** "Feeds: 3 read, 5 new items; 1 failed: <url> (reason)"; empty when the run read no feeds. */
function feedsLine(summary: IndexSummary): string {
  const feeds = summary.feeds ?? [];
  if (feeds.length === 0) return '';
  const failed = feeds.filter((f) => f.status === 'failed');
  const added = feeds.reduce((n, f) => n + f.added, 0);
  const failures = failed
    .slice(0, 3)
    .map((f) => `${plain(f.url)} (${plain(f.error ?? 'unknown')})`)
    .join('; ');
  return `\nFeeds: ${feeds.length - failed.length} read, ${added} new items${failed.length ? `; ${failed.length} failed: ${failures}` : ''}.`;
}

export function formatBusy(): ReplyDraft {
  return {
    content: 'A re-index is already running. Please wait for it to finish; its reply shows the progress.',
  };
}

export function formatReindexFailed(): ReplyDraft {
  return {
    content:
      'The re-index failed; the bot keeps answering from the previous index. The details are in the log.',
  };
}

/** With SEARCH_URL the bot holds no index: the service's host indexes, and the service picks it up. */
export function formatReindexElsewhere(): ReplyDraft {
  return {
    content:
      "This bot searches through a shared search service, so re-indexing happens on the service's host " +
      '(`npm run index` there); the service switches to the new index by itself.',
  };
}
