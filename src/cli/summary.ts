/** The closing report of an indexing run. */
import type { IndexSummary } from '../types.ts';

export function printSummary(s: IndexSummary, dataDir: string, out: (line: string) => void = console.log): void {
  out(`Indexed ${s.articles} articles (${s.chunks} chunks) into ${dataDir} in ${s.seconds.toFixed(1)} s.`);
  out(`  added ${s.added}, changed ${s.changed}, removed ${s.removed}, unchanged ${s.unchanged}, skipped ${s.skipped.length}`);
  out(`  texts embedded this run: ${s.embedded}`);
  for (const issue of s.skipped.slice(0, 50)) {
    out(`  skipped ${issue.path}${issue.line ? `:${issue.line}` : ''}: ${issue.reason}`);
  }
  if (s.skipped.length > 50) out(`  … and ${s.skipped.length - 50} more skipped`);
}
