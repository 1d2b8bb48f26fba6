/**
 * How the gaps report's grouping treats questions that are all different: the distinct questions of
 * eval/*.jsonl (written by us, none a rewording of another) should each stay a group of their own, so every
 * merge printed here is a false merge at the given overlap. A check of the display rule, not a fit.
 *
 *   npx tsx scripts/check-gap-grouping.ts [--min-overlap 0.5]
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultMinOverlap, groupGaps } from '../src/state/gaps.ts';

const at = process.argv.indexOf('--min-overlap');
const minOverlap = at > 0 ? Number(process.argv[at + 1]) : defaultMinOverlap;
const dir = path.join(import.meta.dirname, '..', 'eval');
const questions = [
  ...new Set(
    readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .flatMap((f) => readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean))
      .map((line) => (JSON.parse(line) as { question: string }).question),
  ),
];
const groups = groupGaps(
  questions.map((question, id) => ({ id, question, askedAt: '', confidence: 'none' as const, downvotes: 0 })),
  minOverlap,
);
const merged = groups.filter((g) => g.count > 1);
console.log(
  `${questions.length} distinct questions → ${groups.length} groups at overlap ≥ ${minOverlap}; false merges: ${merged.length}`,
);
for (const g of merged) console.log(`  ${[g.question, ...g.variants].join('  |  ')}`);
