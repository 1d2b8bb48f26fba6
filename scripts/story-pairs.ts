/**
 * Draws pairs of passages from different outlets that questions bring up together, for labelling the
 * "same thing" / "same story" rule of src/search/story.ts. Pairs are sampled evenly across cosine bins so the
 * thresholds are seen from both sides. Usage:
 *   npx tsx scripts/story-pairs.ts <data-dir> <questions.jsonl…> [--per-bin 8] [--seed 1] [--max-days N] > pairs.jsonl
 * --max-days keeps only pairs dated at most N days apart (where reports of the same event are).
 * Each output line: {cosine, containment, a, b, label: null}; label it "thing" (the same fact or event
 * reported), "story" (the same developing story, not the same report) or "other".
 */
import { readFileSync } from 'node:fs';
import { loadEngineConfig } from '../src/config.ts';
import { openEngine } from '../src/cli/open-engine.ts';
import { containment } from '../src/search/ranking.ts';

const BINS = [0.75, 0.8, 0.83, 0.86, 0.88, 0.9, 0.92, 0.95, 1.01];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function daysApart(a: string | null, b: string | null): number {
  return a === null || b === null ? Infinity : Math.abs(Date.parse(a) - Date.parse(b)) / 86_400_000;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const flag = (name: string, d: string): string => (argv.includes(name) ? argv[argv.indexOf(name) + 1]! : d);
  const perBin = Number(flag('--per-bin', '8'));
  const random = rng(Number(flag('--seed', '1')));
  const maxDays = Number(flag('--max-days', 'Infinity'));
  const [dataDir, ...files] = argv.filter((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
  if (!dataDir || files.length === 0) throw new Error('story-pairs: expected <data-dir> <questions.jsonl…>');
  const questions = files.flatMap((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l).question as string),
  );
  const { engine, embedder } = await openEngine(loadEngineConfig(), dataDir);
  const pairs: { cosine: number; containment: number; a: object; b: object; question: string }[] = [];
  const seen = new Set<string>();
  for (const question of questions) {
    const { ranked } = await engine.assess(question);
    const top = ranked.slice(0, 12).map((r) => engine.stories.item(r.chunk));
    for (let i = 0; i < top.length; i++)
      for (let j = i + 1; j < top.length; j++) {
        const [a, b] = [top[i]!, top[j]!];
        if (a.doc === b.doc || a.citation.source === b.citation.source) continue;
        if (daysApart(a.citation.date, b.citation.date) > maxDays) continue;
        const key = [a.chunk, b.chunk].sort().join('-');
        if (seen.has(key)) continue;
        seen.add(key);
        const view = (x: typeof a): object => ({
          id: x.citation.id,
          source: x.citation.source,
          date: x.citation.date,
          title: x.citation.title,
          text: engine.data.chunks[x.chunk]!.text,
        });
        pairs.push({
          cosine: Math.round(engine.stories.similarity(a.chunk, b.chunk) * 1000) / 1000,
          containment:
            Math.round(
              Math.max(containment(a.shingles, b.shingles), containment(b.shingles, a.shingles)) * 100,
            ) / 100,
          a: view(a),
          b: view(b),
          question,
        });
      }
  }
  await embedder.close();
  for (let k = 0; k + 1 < BINS.length; k++) {
    const bin = pairs.filter((p) => p.cosine >= BINS[k]! && p.cosine < BINS[k + 1]!);
    for (let n = 0; n < perBin && bin.length > 0; n++) {
      const [p] = bin.splice(Math.floor(random() * bin.length), 1);
      console.log(JSON.stringify({ ...p, label: null }));
    }
  }
  console.error(`story-pairs: ${pairs.length} cross-outlet pairs from ${questions.length} questions`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
