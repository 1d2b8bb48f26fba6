/**
 * npm run bench:reader -- --data-dir D --qa <files…> [--depths 0,5,10,20,40] [--askers 8] [--held-out] [--out bench-out]
 *
 * What the reader costs and buys at each depth on an existing index (opened read-only): per question wall and CPU
 * time (p50/p95, one asker), the share of answerable questions whose gold passage is first and in the top 3, and
 * the decisions; then 8 concurrent askers at the fitted depth (throughput, errors) and the process's RSS. Writes
 * reader-depth.svg (quality and latency against depth) under --out. --held-out keeps only the questions the fit
 * never saw (the split of `npm run fit:reader`).
 */
import 'dotenv/config';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { percentile } from '../bench/stats.ts';
import { peakRssMb, rssMb, settledRssMb } from '../bench/tasks.ts';
import { lineChart } from '../chart/svg.ts';
import { loadEngineConfig } from '../config.ts';
import { createEmbedder } from '../embed/factory.ts';
import { isHeldOut } from '../eval/fit/fit.ts';
import { firstHit, parseQaFile } from '../eval/qa.ts';
import type { QaItem } from '../types.ts';
import { openRequiredReader } from '../read/factory.ts';
import { SearchEngine } from '../search/engine.ts';
import { readerFitFor } from '../search/tuning.ts';
import { defineCommand, UsageError } from './args.ts';
import { benchIndexOption } from './options.ts';
import { runCommand } from './run.ts';
import { int, ints } from './values.ts';
import { chooseModel } from '../host/model-choice.ts';

export const command = defineCommand({
  usage: [
    'npm run bench:reader -- --data-dir D --qa <files…> [--depths 0,5,10,20,40] [--askers 8] [--held-out] [--out bench-out]',
  ],
  summary: [
    'Latency, CPU and quality of the reader at each depth on an existing index (opened read-only), after concurrent',
    'askers at the fitted depth and the RSS; writes reader-depth.svg under --out.',
  ].join('\n'),
  options: {
    'data-dir': benchIndexOption,
    qa: { type: 'list', value: '<files…>', noun: 'question files', help: 'the questions (JSON Lines)' },
    depths: {
      type: 'string',
      value: 'L',
      parse: ints(0),
      default: [0, 5, 10, 20, 40],
      help: 'candidates the reader re-reads, each measured (0: no reader)',
    },
    askers: {
      type: 'string',
      value: 'N',
      parse: int(1, 64),
      default: 8,
      help: 'concurrent askers at the fitted depth',
    },
    'held-out': { type: 'boolean', help: "only the questions the reader's fit never saw" },
    out: { type: 'string', value: 'DIR', default: 'bench-out', help: 'where reader-depth.svg goes' },
  },
});

runCommand(command, async ({ values }) => {
  const { 'data-dir': dataDir, qa: qaFiles, depths, askers, out } = values;
  if (qaFiles.length === 0) throw new UsageError('expected --data-dir <index> --qa <question files…>');
  // Unanswerable questions from a file named *offtopic* are off-topic, the rest on-topic (the fit's rule).
  const items: (QaItem & { offTopic: boolean })[] = [];
  for (const f of qaFiles) {
    // The fit's record id is `<file name>:<question id>` (src/eval/fit/reader-collect.ts); its hash picks the split.
    const heldOut = (q: QaItem): boolean =>
      isHeldOut({ id: `${path.basename(f, '.jsonl')}:${q.id}`, set: 'qa', unknownShare: 0, candidates: [] });
    const offTopic = path.basename(f).includes('offtopic');
    items.push(
      ...parseQaFile(await readFile(f, 'utf8'), f)
        .filter((q) => !values['held-out'] || heldOut(q))
        .map((q) => ({ ...q, offTopic })),
    );
  }
  const settings = loadEngineConfig();
  const config = await chooseModel(settings, dataDir, { purpose: 'open', log: (l) => console.error(l) });
  const embedder = await createEmbedder(config, 'query');
  const reader = await openRequiredReader(settings);
  const fit = readerFitFor(embedder.id, reader.id);
  if (!fit)
    throw new UsageError(`no reader fit for ${embedder.id} with ${reader.id}: run npm run fit:reader first`);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `CPU: ${cpu}, ${os.availableParallelism()} cores; load average at start ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `${items.length} questions (${qaFiles.join(', ')}), index ${dataDir}; fitted depth ${fit.blend.depth}, weight ${fit.blend.weight}\n`,
  );
  console.log(
    '| depth | wall p50 ms | wall p95 ms | CPU ms / question | first | top 3 | answered / related / none | answerable not answered | on-topic unanswerable answered | off-topic answered / shown |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  const rows = [];
  try {
    // First, while this process holds one engine: the depth sweep below opens one per depth, which would count.
    const concurrent = await askConcurrently(
      await SearchEngine.open(dataDir, embedder, { reader }),
      items,
      askers,
    );
    for (const depth of depths) {
      // Depth 0: the engine alone (no reader at all), its own decision.
      const run =
        depth === 0
          ? await SearchEngine.open(dataDir, embedder)
          : await SearchEngine.open(dataDir, embedder, {
              reader,
              readerBlend: { depth, weight: fit.blend.weight },
              readerDecision: fit.decision,
            });
      await run.ask('warm up', { k: 3 });
      const wall: number[] = [];
      let cpuMs = 0;
      let first = 0;
      let top3 = 0;
      let answerable = 0;
      const decisions = { answer: 0, related: 0, none: 0 };
      let hedged = 0;
      const onTopic = { questions: 0, answered: 0 };
      const offTopic = { questions: 0, answered: 0, shown: 0 };
      for (const item of items) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const answer = await run.ask(item.question, { k: 3 });
        wall.push(performance.now() - t0);
        const c = process.cpuUsage(c0);
        cpuMs += (c.user + c.system) / 1000;
        decisions[answer.confidence]++;
        if (!item.answerable) {
          const tally = item.offTopic ? offTopic : onTopic;
          tally.questions++;
          if (answer.answered) tally.answered++;
          if (item.offTopic && answer.confidence !== 'none') offTopic.shown++;
          continue;
        }
        answerable++;
        if (!answer.answered) hedged++;
        const rank = firstHit(answer, item.gold, true);
        if (rank === 1) first++;
        if (rank !== null && rank <= 3) top3++;
      }
      const row = {
        depth,
        p50: percentile(wall, 50),
        p95: percentile(wall, 95),
        cpu: cpuMs / items.length,
        first: first / Math.max(1, answerable),
        top3: top3 / Math.max(1, answerable),
        decisions,
      };
      rows.push(row);
      console.log(
        `| ${depth} | ${row.p50.toFixed(0)} | ${row.p95.toFixed(0)} | ${row.cpu.toFixed(0)} | ${(100 * row.first).toFixed(1)} % | ${(100 * row.top3).toFixed(1)} % | ${decisions.answer} / ${decisions.related} / ${decisions.none} | ${hedged} of ${answerable} | ${onTopic.answered} of ${onTopic.questions} | ${offTopic.answered} / ${offTopic.shown} of ${offTopic.questions} |`,
      );
    }
    console.log(
      `\n${askers} concurrent askers at the fitted depth: ${concurrent.done} questions in ${concurrent.seconds.toFixed(1)} s = ${(concurrent.done / concurrent.seconds).toFixed(1)} q/s, ${concurrent.errors} errors; ` +
        `RSS after the questions ${concurrent.rssMb.toFixed(0)} MB, settled (after GC) ${concurrent.settledMb.toFixed(0)} MB, peak ${concurrent.peakMb.toFixed(0)} MB`,
    );
    await mkdir(out, { recursive: true });
    const svg = lineChart({
      title: 'The reader: quality and cost against depth',
      xLabel: 'candidates the reader re-reads (depth)',
      yLabel: '% of answerable questions; ms (p95 / 10)',
      series: [
        { name: 'gold passage first (%)', points: rows.map((r) => [r.depth, 100 * r.first] as const) },
        { name: 'gold passage in top 3 (%)', points: rows.map((r) => [r.depth, 100 * r.top3] as const) },
        { name: 'p95 latency (ms / 10)', points: rows.map((r) => [r.depth, r.p95 / 10] as const) },
      ],
    });
    await writeFile(path.join(out, 'reader-depth.svg'), svg);
    console.log(`Wrote ${path.join(out, 'reader-depth.svg')}`);
  } finally {
    await embedder.close();
    await reader.close();
  }
});

/** `askers` concurrent askers over the questions twice; the process's RSS after them, after a GC, and its peak. */
async function askConcurrently(engine: SearchEngine, items: readonly QaItem[], askers: number) {
  let errors = 0;
  let done = 0;
  const t0 = performance.now();
  const queue = [...items, ...items];
  await Promise.all(
    Array.from({ length: askers }, async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        try {
          await engine.ask(item.question, { k: 3 });
          done++;
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { done, errors, seconds, rssMb: rssMb(), settledMb: settledRssMb(), peakMb: peakRssMb() };
}
