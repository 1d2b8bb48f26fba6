/**
 * Do questions with time in them get passages from the time they ask about? For each question of a
 * dated file ({question, after, before, kind, split}), the share of the top 3 passages dated inside the
 * intended range, with the time reading off ("before") and on ("after"), for each recency weight and for
 * time words kept in or stripped from the search text. Usage:
 *   npx tsx scripts/eval-dated.ts <data-dir> eval/news-dated.jsonl [--weights 0,0.05,0.1,0.2] [--kind recency|range] [--keep-only] [--per-question]
 */
import { readFileSync } from 'node:fs';
import { wantsHelp } from '../src/cli/run.ts';
import { loadEngineConfig } from '../src/config.ts';
import { openEngine } from '../src/cli/open-engine.ts';
import { SearchEngine, type SearchParams } from '../src/search/engine.ts';

interface Dated {
  id: string;
  question: string;
  after: string;
  before: string;
  kind: string;
  split: string;
  /** For "latest" questions: the topic word, to check the newer passages are still about it. */
  topic?: string;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const flag = (name: string, d: string): string => (argv.includes(name) ? argv[argv.indexOf(name) + 1]! : d);
  const [dataDir, file] = argv.filter((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--w'));
  if (!dataDir || !file) throw new Error(`eval-dated: expected <data-dir> <dated.jsonl>\n${USAGE}`);
  const weights = flag('--weights', '0.1').split(',').map(Number);
  const perQuestion = argv.includes('--per-question');
  const kind = flag('--kind', '');
  const rows: Dated[] = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Dated)
    .filter((r) => kind === '' || (kind === 'recency') === (r.kind === 'recency'));
  const { embedder } = await openEngine(loadEngineConfig(), dataDir);
  const variants: { name: string; params: Partial<SearchParams> }[] = [
    { name: 'before (time not read)', params: { readTime: false } },
    ...weights.flatMap((w) => [
      {
        name: `after, keep time words, recency ${w}`,
        params: { recencyWeight: w, timeWords: 'keep' as const },
      },
      ...(argv.includes('--keep-only')
        ? []
        : [
            {
              name: `after, strip time words, recency ${w}`,
              params: { recencyWeight: w, timeWords: 'strip' as const },
            },
          ]),
      ...(argv.includes('--keep-only')
        ? []
        : [
            {
              name: `after, strip time words while the question's range filters, recency ${w}`,
              params: { recencyWeight: w, timeWords: 'strip-filtered' as const },
            },
          ]),
    ]),
  ];
  for (const v of variants) {
    const engine = await SearchEngine.open(dataDir, embedder, v.params);
    const bySplit = new Map<
      string,
      {
        inRange: number;
        shown: number;
        allThree: number;
        questions: number;
        none: number;
        onTopic: number;
        topical: number;
      }
    >();
    for (const q of rows) {
      const answer = await engine.ask(q.question, { k: 3 });
      const dates = answer.passages.map((p) => p.citation.date);
      const inRange = dates.filter((d) => d !== null && d >= q.after && d <= q.before).length;
      const topic = q.topic?.toLowerCase();
      const onTopic =
        topic === undefined
          ? 0
          : answer.passages.filter((p) => `${p.citation.title} ${p.text}`.toLowerCase().includes(topic))
              .length;
      for (const key of [
        `${q.split} ${q.kind === 'recency' ? 'recency' : 'range'}`,
        `${q.split} all`,
        'all all',
      ]) {
        const s = bySplit.get(key) ?? {
          inRange: 0,
          shown: 0,
          allThree: 0,
          questions: 0,
          none: 0,
          onTopic: 0,
          topical: 0,
        };
        s.onTopic += onTopic;
        s.topical += topic === undefined ? 0 : 3;
        s.inRange += inRange;
        s.shown += 3;
        s.allThree += inRange === 3 ? 1 : 0;
        s.questions += 1;
        s.none += answer.confidence === 'none' ? 1 : 0;
        bySplit.set(key, s);
      }
      if (perQuestion)
        console.log(
          `  ${q.id} ${inRange}/3 ${answer.confidence} ${dates.join(' ')} ${answer.notes.join(' | ')}`,
        );
    }
    console.log(v.name);
    for (const [key, s] of [...bySplit].sort()) {
      console.log(
        `  ${key.padEnd(16)} top-3 in range ${(s.inRange / s.shown).toFixed(2)} · all 3 in range ${s.allThree}/${s.questions} · none ${s.none}${s.topical ? ` · top 3 naming the topic ${(s.onTopic / s.topical).toFixed(2)}` : ''}`,
      );
    }
  }
  await embedder.close();
}

const USAGE = [
  'usage: npm run eval:dated -- <data-dir> <dated.jsonl> [--weights 0,0.05,0.1,0.2] [--kind recency|range] [--keep-only] [--per-question]',
  '',
  "The share of the top 3 passages dated inside each dated question's range, time reading off and on.",
].join('\n');

if (wantsHelp(process.argv.slice(2))) console.log(USAGE);
else {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
}
