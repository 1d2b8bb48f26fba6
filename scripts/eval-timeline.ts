/**
 * How timelines fare on eval/timeline-topics.jsonl (eval/README.md, docs/time.md).
 *
 * Topics labelled by reading (`articles`): recall of their labelled events and articles, and the precision of
 * what the timeline shows, per topic, for the topics whose labelled articles are all in the index (others are
 * named and skipped); with `--variants`, for each way of choosing articles (which landmark patterns are on,
 * whether passages naming the topic are considered beyond the ranked ones), and how each landmark rule sorts the
 * labelled articles themselves. Keyword-only topics: how on-topic and how long timelines are at each relevance floor (the
 * share of the best fused score a candidate must reach, TIMELINE_SCORE_SHARE in src/search/timeline.ts), and
 * whether uncovered topics find nothing; an event counts as on topic when its article's title or first 3,000
 * characters name the keyword, in any English spelling the alias file gives it (Zaporizhzhia, Zaporozhye). Usage:
 *   npx tsx scripts/eval-timeline.ts <data-dir> eval/timeline-topics.jsonl [--shares 0.5,0.6,0.7,0.8] [--only labelled|keyword]
 *     [--variants ranked,names,locative,region,comparison,near] [--verbose]
 */
import { readFileSync } from 'node:fs';
import { loadEngineConfig } from '../src/config.ts';
import { openEngine } from '../src/cli/open-engine.ts';
import { bundledAliases } from '../src/names/table.ts';
import {
  parseTopicsFile,
  ratio,
  scoreTimeline,
  totalScore,
  type TimelineScore,
  type TimelineTopic,
} from '../src/eval/timeline.ts';
import type { SearchEngine } from '../src/search/engine.ts';
import { defaultLandmarkRule, type LandmarkRule, noLandmarkRule } from '../src/search/landmark.ts';
import { QueryMatcher } from '../src/search/match.ts';
import {
  buildTimeline,
  defaultTimelineTuning,
  landmarkOnly,
  TIMELINE_SCORE_SHARE,
  type TimelineTuning,
} from '../src/search/timeline.ts';

/** Ways of choosing a timeline's articles, each adding to the one before (`default`: what ships). */
const VARIANTS: Record<string, Partial<TimelineTuning>> = {
  ranked: { naming: false, landmarks: noLandmarkRule },
  names: { landmarks: noLandmarkRule },
  locative: { landmarks: { ...noLandmarkRule, locative: true } },
  region: { landmarks: { ...noLandmarkRule, locative: true, region: true } },
  comparison: { landmarks: { ...noLandmarkRule, locative: true, region: true, comparison: true } },
  near: { landmarks: { locative: true, region: true, comparison: true, near: true } },
  default: {},
};

function flag(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
}

async function labelled(
  engine: SearchEngine,
  topics: TimelineTopic[],
  tuning: Partial<TimelineTuning>,
  name: string,
  verbose: boolean,
): Promise<void> {
  const ids = new Set(engine.data.manifest.documents.map((d) => d.id));
  const rows: { t: TimelineTopic; s: TimelineScore; confidence: string }[] = [];
  for (const t of topics) {
    const missing = t.articles!.filter((a) => !ids.has(a.article)).length;
    if (missing > 0) {
      console.log(
        `${t.topic}: skipped, ${missing} of its ${t.articles!.length} labelled articles are not in this index (corpus ${t.corpus ?? 'not named'})`,
      );
      continue;
    }
    const tl = await buildTimeline(engine, t.topic, {}, tuning);
    const s = scoreTimeline(tl, t.articles!);
    rows.push({ t, s, confidence: tl.confidence });
    if (verbose)
      for (const e of tl.events)
        console.log(
          `  ${t.topic} | ${e.date} ${e.citation.id} +${e.alsoReportedBy.map((c) => c.id).join(',')} | ${e.sentence.slice(0, 140)}`,
        );
  }
  if (rows.length === 0) return;
  const line = (name: string, s: TimelineScore, confidence: string, counts = false) =>
    `| ${name} | ${confidence} | ${s.eventsFound}/${s.events} = ${ratio(s.eventsFound, s.events)} | ${s.reportsFound}/${s.reports} | ` +
    `${s.shownReports}/${s.shown} = ${ratio(s.shownReports, s.shown)} | ${s.citedReports}/${s.cited} = ${ratio(s.citedReports, s.cited)} | ` +
    (counts
      ? `${s.landmarks.length} landmark, ${s.unlabelled.length} not naming it | ${s.missed.length} |`
      : `${[...s.landmarks, ...s.unlabelled.map((id) => `${id} (not naming it)`)].join(', ') || '–'} | ${s.missed.join(', ') || '–'} |`);
  console.log(`\n${name}, labelled topics:`);
  console.log(
    '| topic | confidence | events recalled | reporting articles cited | precision: events led by a report | precision: articles cited | landmark or other articles cited | events missed |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const { t, s, confidence } of rows)
    console.log(line(`${t.topic}${t.heldout ? ' (held out)' : ''}`, s, confidence));
  const chosen = rows.filter((r) => !r.t.heldout).map((r) => r.s);
  console.log(line('**all but held out**', totalScore(chosen), '', true));
  console.log(line('**all**', totalScore(rows.map((r) => r.s)), '', true));
}

/** The keyword and, when it starts a spelling in the alias file, that name's other English spellings ("zaporizh" → "zaporozh…"). */
function keywordSpellings(keyword: string): string[] {
  const out = new Set([keyword]);
  for (const g of bundledAliases().groups) {
    const english = g.english.map((e) => e.toLowerCase());
    if (english.some((e) => e.startsWith(keyword)))
      for (const e of english) out.add(e.slice(0, Math.max(keyword.length, 5)));
  }
  return [...out];
}

async function keywordSweep(
  engine: SearchEngine,
  topics: TimelineTopic[],
  shares: number[],
  verbose: boolean,
): Promise<void> {
  const text = new Map(engine.data.manifest.documents.map((d, i) => [d.id, i]));
  for (const share of shares) {
    let events = 0;
    let onTopic = 0;
    let merged = 0;
    let falseFound = 0;
    let missed = 0;
    for (const t of topics) {
      const tl = await buildTimeline(engine, t.topic, {}, { scoreShare: share });
      if (!t.covered) {
        falseFound += tl.events.length > 0 ? 1 : 0;
        continue;
      }
      if (tl.events.length === 0) missed++;
      let named = 0;
      const spellings = keywordSpellings(t.keyword!);
      for (const e of tl.events) {
        events++;
        merged += e.alsoReportedBy.length;
        const doc = text.get(e.citation.id)!;
        const chunks = engine
          .chunksOf(doc)
          .map((c) => engine.data.chunks[c]!.text)
          .join(' ');
        const seen = `${e.citation.title} ${e.sentence} ${chunks.slice(0, 3000)}`.toLowerCase();
        if (spellings.some((k) => seen.includes(k))) named++;
      }
      onTopic += named;
      if (verbose)
        console.log(
          `  share ${share} | ${t.topic}: ${tl.confidence}, ${tl.events.length} events, ${named} naming "${t.keyword}"`,
        );
    }
    const covered = topics.filter((t) => t.covered).length;
    console.log(
      `share ${share}: ${(events / Math.max(1, covered)).toFixed(1)} events per covered topic, on topic ${(onTopic / Math.max(1, events)).toFixed(2)}, ` +
        `${merged} reports merged into events, covered topics with nothing ${missed}/${covered}, uncovered topics with events ${falseFound}/${topics.length - covered}`,
    );
  }
}

/** How a landmark rule sorts the labelled articles (all labelled topics, held-out ones apart): landmarks caught, reports lost. */
function ruleOnArticles(
  engine: SearchEngine,
  topics: TimelineTopic[],
  rule: LandmarkRule,
  name: string,
): void {
  const doc = new Map(engine.data.manifest.documents.map((d, i) => [d.id, i]));
  for (const heldout of [false, true]) {
    let landmarks = 0;
    let caught = 0;
    let reports = 0;
    let lost = 0;
    const wrong: string[] = [];
    for (const t of topics.filter((x) => Boolean(x.heldout) === heldout)) {
      const matcher = new QueryMatcher(engine.weightedTerms(t.topic));
      for (const a of t.articles!) {
        if (a.label === 'unnamed' || !doc.has(a.article)) continue;
        const only = landmarkOnly(engine, doc.get(a.article)!, matcher, rule);
        if (a.label === 'landmark') {
          landmarks++;
          if (only) caught++;
        } else {
          reports++;
          if (only) {
            lost++;
            wrong.push(`${t.topic}: ${a.article}`);
          }
        }
      }
    }
    if (landmarks + reports === 0) continue;
    console.log(
      `rule ${name}${heldout ? ' (held-out topics)' : ''}: landmark-only articles left out ${caught}/${landmarks}, reporting articles left out ${lost}/${reports}` +
        `${wrong.length ? ` (${wrong.join(', ')})` : ''}`,
    );
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const shares = (flag(argv, '--shares') ?? '0.5,0.6,0.7,0.8').split(',').map(Number);
  const only = flag(argv, '--only');
  const variants = flag(argv, '--variants')?.split(',') ?? [];
  const unknown = variants.filter((v) => !(v in VARIANTS));
  if (unknown.length)
    throw new Error(
      `eval-timeline: --variants: expected some of ${Object.keys(VARIANTS).join(', ')}, got ${unknown.join(', ')}`,
    );
  const [dataDir, file] = argv.filter(
    (a, i) => !a.startsWith('--') && !['--shares', '--only', '--variants'].includes(argv[i - 1]!),
  );
  if (!dataDir || !file) throw new Error('eval-timeline: expected <data-dir> <topics.jsonl>');
  const topics = parseTopicsFile(readFileSync(file, 'utf8'), file);
  const { engine, embedder } = await openEngine(loadEngineConfig(), dataDir);
  try {
    if (only !== 'keyword') {
      const withLabels = topics.filter((t) => t.articles);
      const verbose = argv.includes('--verbose');
      if (variants.length > 0) {
        for (const v of variants) {
          const rule = { ...defaultTimelineTuning, ...VARIANTS[v] }.landmarks;
          if (rule !== noLandmarkRule || v === 'names') ruleOnArticles(engine, withLabels, rule, v);
          await labelled(engine, withLabels, VARIANTS[v]!, `variant ${v}`, verbose);
        }
      } else {
        const list = flag(argv, '--shares') ? shares : [TIMELINE_SCORE_SHARE];
        ruleOnArticles(engine, withLabels, defaultLandmarkRule, 'default');
        for (const share of list)
          await labelled(engine, withLabels, { scoreShare: share }, `share ${share}`, verbose);
      }
    }
    if (only !== 'labelled')
      await keywordSweep(
        engine,
        topics.filter((t) => !t.articles),
        shares,
        argv.includes('--verbose'),
      );
  } finally {
    await embedder.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
