/**
 * Does reading time from questions change answers to questions it was not written for? Runs gold-phrase
 * question files over an existing index twice, time reading off and on, and prints hit@1/3/5, MRR@10 and
 * the answer/related/none counts of each, plus the questions whose first hit or confidence changed. Usage:
 *   npx tsx scripts/eval-time-effect.ts <data-dir> <qa.jsonl…> [--time-words keep|strip|strip-filtered]
 * The index is only read (unlike `npm run eval`, which rebuilds its data dir), so the 4,545-article bench
 * index can be used.
 */
import { readFileSync } from 'node:fs';
import { loadEngineConfig } from '../src/config.ts';
import { openEngine } from '../src/cli/open-engine.ts';
import { parseQaFile, qaRows, summarize, type QaRow } from '../src/eval/qa.ts';
import { SearchEngine } from '../src/search/engine.ts';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--time-words');
  const timeWords = at === -1 ? 'keep' : argv[at + 1];
  if (timeWords !== 'keep' && timeWords !== 'strip' && timeWords !== 'strip-filtered') {
    throw new Error(`eval-time-effect: --time-words expects keep, strip or strip-filtered, got ${timeWords}`);
  }
  const [dataDir, ...files] = at === -1 ? argv : [...argv.slice(0, at), ...argv.slice(at + 2)];
  if (!dataDir || files.length === 0) throw new Error('eval-time-effect: expected <data-dir> <qa.jsonl…>');
  const items = files.flatMap((f) => parseQaFile(readFileSync(f, 'utf8'), f));
  const { embedder } = await openEngine(loadEngineConfig(), dataDir);
  const runs: QaRow[][] = [];
  for (const readTime of [false, true]) {
    const engine = await SearchEngine.open(dataDir, embedder, { readTime, timeWords });
    const rows = await qaRows(engine, items, (answer) => answer.notes.join(' | '));
    runs.push(rows);
    const r = summarize(rows, 5);
    const count = (c: string): number => rows.filter((x) => x.confidence === c).length;
    console.log(
      `time ${readTime ? 'read' : 'not read'}: hit@1 ${r.hitAt1.toFixed(2)} hit@3 ${r.hitAt3.toFixed(2)} hit@5 ${r.hitAt5.toFixed(2)} MRR@10 ${r.mrrAt10.toFixed(2)} · answer ${count('answer')} related ${count('related')} none ${count('none')} of ${rows.length}`,
    );
  }
  const [off, on] = runs as [QaRow[], QaRow[]];
  on.forEach((row, i) => {
    const was = off[i]!;
    if (row.rank !== was.rank || row.confidence !== was.confidence) {
      console.log(
        `  ${row.id}: rank ${was.rank ?? '-'} → ${row.rank ?? '-'}, ${was.confidence} → ${row.confidence} · ${row.top} · ${row.question}`,
      );
    }
  });
  await embedder.close();
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
