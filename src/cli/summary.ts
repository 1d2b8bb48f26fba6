/** The closing report of an indexing run. Paths and reasons are shown with control characters escaped. */
import { escapeControls } from '../terminal.ts';
import type { FeedReport, IndexSummary, IngestIssue } from '../types.ts';

const SHOWN = 50;

export function printSummary(
  s: IndexSummary,
  dataDir: string,
  out: (line: string) => void = console.log,
): void {
  out(
    escapeControls(
      `Indexed ${s.articles} articles (${s.chunks} chunks) into ${dataDir} in ${s.seconds.toFixed(1)} s.`,
    ),
  );
  out(
    `  added ${s.added}, changed ${s.changed}, moved ${s.moved}, removed ${s.removed}, unchanged ${s.unchanged}, ` +
      `kept ${s.kept}, skipped ${s.skipped.length}`,
  );
  if (s.kept > 0)
    out(
      `  kept: ${s.kept} articles from files, folders or feeds this run did not read (--prune removes them)`,
    );
  out(`  texts embedded this run: ${s.embedded}`);
  for (const f of s.feeds ?? []) {
    out(escapeControls(feedLine(f)));
    for (const p of f.pageProblems.slice(0, SHOWN)) out(`    page ${issueText(p)}`);
  }
  list(s.skipped, 'skipped', out);
  list(s.warnings, 'warning', out);
}

/** One feed's outcome: `feed <url> (<title>): 3 items, 1 added, …` or why it failed. */
export function feedLine(f: FeedReport): string {
  const name = `${f.url}${f.title ? ` (${f.title})` : ''}`;
  if (f.status === 'failed') return `  feed ${name}: FAILED: ${f.error ?? 'unknown'}`;
  if (f.status === 'not-modified') return `  feed ${name}: not modified since the last read`;
  return (
    `  feed ${name}: ${f.items} items, ${f.added} added, ${f.changed} changed, ${f.unchanged} unchanged, ` +
    `${f.fetched} pages fetched${f.blocked ? `, ${f.blocked} blocked by robots.txt` : ''}` +
    `${f.refused ? `, ${f.refused} refused (not a public address)` : ''}${f.summaries ? `, ${f.summaries} from the feed's summary` : ''}`
  );
}

function list(issues: readonly IngestIssue[], label: string, out: (line: string) => void): void {
  for (const issue of issues.slice(0, SHOWN)) out(`  ${label} ${issueText(issue)}`);
  if (issues.length > SHOWN)
    out(`  … and ${issues.length - SHOWN} more ${label === 'warning' ? 'warnings' : 'skipped'}`);
}

/** `path:line: reason`, on one line whatever the file name holds. */
export function issueText(issue: IngestIssue): string {
  return escapeControls(`${issue.path}${issue.line ? `:${issue.line}` : ''}: ${issue.reason}`);
}
