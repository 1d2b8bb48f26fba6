/**
 * How on-topic and how long timelines are at each relevance floor (the share of the best fused score a
 * candidate must reach, TIMELINE_SCORE_SHARE in src/search/timeline.ts), and whether uncovered topics find
 * nothing. A covered topic's event counts as on topic when its article's title or its sentence's passage
 * names the topic's keyword. Usage:
 *   npx tsx scripts/eval-timeline.ts <data-dir> eval/timeline-topics.jsonl [--shares 0.5,0.6,0.7,0.8]
 */
import { readFileSync } from 'node:fs';
import { loadEngineConfig } from '../src/config.ts';
import { openEngine } from '../src/cli/open-engine.ts';
import { buildTimeline } from '../src/search/timeline.ts';

interface Topic {
  topic: string;
  keyword: string | null;
  covered: boolean;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--shares');
  const shares = (at >= 0 ? argv[at + 1]! : '0.5,0.6,0.7,0.8').split(',').map(Number);
  const [dataDir, file] = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--shares');
  if (!dataDir || !file) throw new Error('eval-timeline: expected <data-dir> <topics.jsonl>');
  const topics: Topic[] = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Topic);
  const { engine, embedder } = await openEngine(loadEngineConfig(), dataDir);
  const text = new Map(engine.data.manifest.documents.map((d, i) => [d.id, i]));
  for (const share of shares) {
    let events = 0;
    let onTopic = 0;
    let merged = 0;
    let falseFound = 0;
    let missed = 0;
    for (const t of topics) {
      const tl = await buildTimeline(engine, t.topic, {}, share);
      if (!t.covered) {
        falseFound += tl.events.length > 0 ? 1 : 0;
        continue;
      }
      if (tl.events.length === 0) missed++;
      for (const e of tl.events) {
        events++;
        merged += e.alsoReportedBy.length;
        const doc = text.get(e.citation.id)!;
        const chunks = engine.data.chunks.filter((c) => c.doc === doc).map((c) => c.text).join(' ');
        if (`${e.citation.title} ${e.sentence} ${chunks.slice(0, 3000)}`.toLowerCase().includes(t.keyword!)) onTopic++;
      }
    }
    const covered = topics.filter((t) => t.covered).length;
    console.log(
      `share ${share}: ${(events / covered).toFixed(1)} events per covered topic, on topic ${(onTopic / Math.max(1, events)).toFixed(2)}, ` +
        `${merged} reports merged into events, covered topics with nothing ${missed}/${covered}, uncovered topics with events ${falseFound}/${topics.length - covered}`,
    );
  }
  await embedder.close();
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
