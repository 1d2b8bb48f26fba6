/**
 * Prints, for the top passages of sample questions, what the corroboration count rests on: each counted
 * report (outlet, date, title, the matched passage's opening, cosine) and the near misses (other outlets
 * within the day window whose cosine fell just short), so a reader can judge whether the count is right.
 * Usage:  npx tsx scripts/corroboration-sample.ts <data-dir> <questions.jsonl> [--limit 15]
 */
import { readFileSync } from 'node:fs';
import { loadEngineConfig } from '../src/config.ts';
import { openEngine } from '../src/cli/open-engine.ts';
import { resolveAskOptions } from '../src/search/options.ts';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--limit');
  const limit = at >= 0 ? Number(argv[at + 1]) : 15;
  const [dataDir, file] = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--limit');
  if (!dataDir || !file) throw new Error('corroboration-sample: expected <data-dir> <questions.jsonl>');
  const questions = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { question: string }).question)
    .slice(0, limit);
  const { engine, embedder } = await openEngine(loadEngineConfig(), dataDir);
  const { stories } = engine;
  const opening = (chunk: number): string =>
    engine.data.chunks[chunk]!.text.replace(/\s+/g, ' ').slice(0, 150);
  for (const question of questions) {
    const scoped = await engine.scoped(question, resolveAskOptions(question, { k: 3 }));
    const shown = scoped.ranked.slice(0, 60);
    const { groups } = engine.mergeDuplicates(shown, 3);
    const notes = stories.notes(groups, shown);
    console.log(`\n## ${question}`);
    groups.forEach((g, i) => {
      const best = stories.item(g.best.chunk);
      const note = notes[i]!;
      console.log(
        `- [${note.corroboration.outlets}] ${best.citation.source} ${best.citation.date} “${best.citation.title}”: ${opening(g.best.chunk)}`,
      );
      for (const s of note.same)
        console.log(
          `    + ${s.citation.source} ${s.citation.date} cos ${stories.similarity(best.chunk, s.chunk).toFixed(3)} “${s.citation.title}”: ${opening(s.chunk)}`,
        );
      for (const r of shown) {
        const c = stories.item(r.chunk);
        if (
          c.doc === best.doc ||
          note.same.some((s) => s.doc === c.doc) ||
          c.citation.source === best.citation.source
        )
          continue;
        const cos = stories.similarity(best.chunk, c.chunk);
        const days =
          Math.abs(Date.parse(c.citation.date ?? '') - Date.parse(best.citation.date ?? '')) / 86_400_000;
        if (
          days <= stories.rule.sameThingDays &&
          cos >= stories.rule.sameThing - 0.08 &&
          cos < stories.rule.sameThing
        )
          console.log(
            `    ? near miss ${c.citation.source} ${c.citation.date} cos ${cos.toFixed(3)} “${c.citation.title}”: ${opening(c.chunk)}`,
          );
      }
    });
  }
  await embedder.close();
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
