/**
 * Fits the same-thing / same-story lines of src/search/story.ts on labelled passage pairs
 * (eval/story-pairs.jsonl, drawn by scripts/story-pairs.ts and labelled by reading both passages):
 * the line with the best F0.5 (precision counts double: a wrong "reported by 3 outlets" misleads) on the
 * `tune` half, then its precision and recall on the `heldout` half. Usage:
 *   npx tsx scripts/story-threshold.ts eval/story-pairs.jsonl
 */
import { readFileSync } from 'node:fs';
import { wantsHelp } from '../src/cli/run.ts';

const USAGE = [
  'usage: npm run eval:story -- <story-pairs.jsonl>',
  '',
  'Fits the same-thing / same-story lines of src/search/story.ts on labelled passage pairs (eval/story-pairs.jsonl).',
].join('\n');

interface Pair {
  cosine: number;
  containment: number;
  label: 'thing' | 'story' | 'other';
  split: 'tune' | 'heldout';
  a: { date: string | null };
  b: { date: string | null };
}

function days(p: Pair): number {
  return p.a.date === null || p.b.date === null
    ? Infinity
    : Math.abs(Date.parse(p.a.date) - Date.parse(p.b.date)) / 86_400_000;
}

function score(pairs: Pair[], predict: (p: Pair) => boolean, positive: (p: Pair) => boolean) {
  let tp = 0,
    fp = 0,
    fn = 0;
  for (const p of pairs) {
    const y = positive(p),
      yhat = predict(p);
    if (y && yhat) tp++;
    else if (yhat) fp++;
    else if (y) fn++;
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f05 = precision + recall === 0 ? 0 : (1.25 * precision * recall) / (0.25 * precision + recall);
  return { precision, recall, f05, n: pairs.length, positives: tp + fn };
}

const fmt = (s: ReturnType<typeof score>): string =>
  `precision ${s.precision.toFixed(2)} recall ${s.recall.toFixed(2)} F0.5 ${s.f05.toFixed(2)} (${s.positives} positive of ${s.n})`;

if (wantsHelp(process.argv.slice(2))) {
  console.log(USAGE);
  process.exit(0);
}
const file = process.argv[2];
if (!file) {
  console.error(`story-threshold: expected the labelled pairs file\n${USAGE}`);
  process.exit(2);
}
const pairs: Pair[] = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));
const tune = pairs.filter((p) => p.split === 'tune');
const held = pairs.filter((p) => p.split === 'heldout');
const cosines = Array.from({ length: 21 }, (_, i) => Math.round((0.76 + i * 0.01) * 100) / 100);

const thing = (p: Pair): boolean => p.label === 'thing';
let best = { cos: 0, maxDays: 0, f: -1 };
for (const maxDays of [0, 1, 2, 3, Infinity])
  for (const cos of cosines) {
    const s = score(tune, (p) => p.containment >= 0.6 || (p.cosine >= cos && days(p) <= maxDays), thing);
    if (s.f05 > best.f + 1e-9) best = { cos, maxDays, f: s.f05 };
  }
const thingRule = (p: Pair): boolean =>
  p.containment >= 0.6 || (p.cosine >= best.cos && days(p) <= best.maxDays);
console.log(`same thing: cosine ≥ ${best.cos} and at most ${best.maxDays} days apart (or containment ≥ 0.6)`);
console.log(`  tune:    ${fmt(score(tune, thingRule, thing))}`);
console.log(`  heldout: ${fmt(score(held, thingRule, thing))}`);

const story = (p: Pair): boolean => p.label !== 'other';
let bestStory = { cos: 0, f: -1 };
for (const cos of cosines) {
  const s = score(tune, (p) => p.cosine >= cos, story);
  if (s.f05 > bestStory.f + 1e-9) bestStory = { cos, f: s.f05 };
}
console.log(`same story: cosine ≥ ${bestStory.cos}`);
console.log(`  tune:    ${fmt(score(tune, (p) => p.cosine >= bestStory.cos, story))}`);
console.log(`  heldout: ${fmt(score(held, (p) => p.cosine >= bestStory.cos, story))}`);
console.log(
  `labels: ${pairs.filter(thing).length} thing, ${pairs.filter((p) => p.label === 'story').length} story, ${pairs.filter((p) => p.label === 'other').length} other`,
);
