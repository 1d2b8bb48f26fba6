/** Benchmark report → markdown tables, target checks and SVG charts. Pure: no clock, no files. */
import { barChart, lineChart } from '../chart/svg.ts';
import type { BenchReport, IndexRun, QueryRun, QueryRunAt } from './types.ts';

/** The targets; `value` is null when the run did not measure it (e.g. a smaller corpus). */
export interface TargetCheck {
  target: string;
  value: string;
  met: boolean | null;
}

const FULL_CORPUS_ARTICLES = 4545;

const f1 = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '–');
const f2 = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : '–');
const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '–');
const mb = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);
const load = (l: readonly number[]): string => l.map((x) => x.toFixed(2)).join(' ');

/** Whole indexing run: reading the corpus, starting the embedder, building. */
function indexingTotalMs(run: IndexRun): number {
  return run.readMs + run.embedderStartMs + run.buildMs;
}

/** The RSS a long-running process settles at: after a full GC when measured, else after the runs. */
function steadyRss(rss: QueryRun['rss']): number {
  return Number.isFinite(rss.settledMb) ? rss.settledMb : rss.afterQueriesMb;
}

/** The targets of issue 8 (the real embedding model): one asker's p95, steady RSS, full-corpus indexing time. */
const TARGETS = Object.freeze({ p95Ms: 50, rssMb: 800, indexingMinutes: 15 });

export function targetChecks(r: BenchReport): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const q = r.queries;
  const full = (q?.articles ?? 0) >= FULL_CORPUS_ARTICLES;
  const one = q?.runs.find((x) => x.concurrency === 1);
  const eight = q?.runs.find((x) => x.concurrency === 8);
  checks.push({
    target: `queries at ${FULL_CORPUS_ARTICLES} articles: p95 ≤ ${TARGETS.p95Ms} ms, one asker`,
    value: one ? `${f1(one.latency.p95)} ms at ${q!.articles} articles` : 'not measured',
    met: one && full ? one.latency.p95 <= TARGETS.p95Ms : null,
  });
  checks.push({
    target: '8 concurrent askers: no errors',
    value: eight ? `${eight.errors} errors in ${eight.questions} questions` : 'not measured',
    met: eight ? eight.errors === 0 : null,
  });
  checks.push({
    target: `bot RSS ≤ ${TARGETS.rssMb} MB (process holding the index + query embedder)`,
    value: q
      ? `${f1(steadyRss(q.rss))} MB steady (${f1(q.rss.afterQueriesMb)} MB before GC, peak ${f1(q.rss.peakMb)} MB) at ${q.articles} articles`
      : 'not measured',
    met: q && full ? steadyRss(q.rss) <= TARGETS.rssMb : null,
  });
  const inc = r.incremental;
  checks.push({
    target: 'adding one article ≤ 2 s',
    value: inc
      ? `${f2(inc.addMs / 1000)} s at ${inc.articles} articles (+ ${f2(inc.embedderStartMs / 1000)} s embedder start)`
      : 'not measured',
    met: inc && inc.articles >= FULL_CORPUS_ARTICLES ? inc.addMs <= 2000 : null,
  });
  const shipped = q?.recall.find((x) => x.shipped);
  checks.push({
    target: 'HNSW recall@10 ≥ 0.99 at the shipped ef',
    value: shipped
      ? `${f3(shipped.questions)} (questions), ${f3(shipped.stored)} (stored vectors), ef ${shipped.ef}`
      : 'not measured',
    met: shipped
      ? Math.min(shipped.questions, Number.isFinite(shipped.stored) ? shipped.stored : 1) >= 0.99
      : null,
  });
  const big = r.indexing.find((x) => x.articles >= FULL_CORPUS_ARTICLES);
  const largest = r.indexing.at(-1);
  checks.push({
    target: `indexing ${FULL_CORPUS_ARTICLES} articles ≤ ${TARGETS.indexingMinutes} min`,
    value: big
      ? `${f1(indexingTotalMs(big) / 60000)} min`
      : largest
        ? `not run at full size (${largest.articles} articles: ${f1(indexingTotalMs(largest) / 1000)} s)`
        : 'not measured',
    met: big ? indexingTotalMs(big) <= TARGETS.indexingMinutes * 60_000 : null,
  });
  return checks;
}

function latencyRow(x: QueryRunAt): string {
  const l = x.latency;
  return `| ${x.concurrency} | ${x.questions} | ${x.errors} | ${f1(x.queriesPerSecond)} | ${f1(x.cpuMsPerQuestion)} | ${f2(x.coresBusy)} | ${f1(l.p50)} | ${f1(l.p95)} | ${f1(l.p99)} | ${f1(l.max)} | ${f1(x.embed.p50)} / ${f1(x.embed.p95)} | ${f1(x.search.p50)} / ${f1(x.search.p95)} | ${f1(x.format.p50)} / ${f1(x.format.p95)} | ${x.answered} | ${x.offTopicAbstained}/${x.offTopic} |`;
}

export function renderMarkdown(r: BenchReport): string {
  const m = r.machine;
  const lines: string[] = [
    `# Benchmark ${r.createdAt}`,
    '',
    `Corpus \`${r.corpus}\`, embedder ${r.embedder}. Machine: ${m.cpus} × ${m.cpuModel}, ${Math.round(m.totalMemMb)} MB, Node ${m.node} (${m.platform}). Load average (1/5/15 min) at start ${load(m.loadAverageStart)}, at end ${load(m.loadAverageEnd)}.`,
    '',
  ];
  if (r.indexing.length) {
    lines.push(
      '## Indexing (from scratch)',
      '',
      '| articles | chunks | windows | embedded | total s | build s | articles/s | chunks/s | ms/window | prepare / chunking / embedding / indexing / writing | tokenizer s | peak RSS MB | disk MB | load after |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    );
    for (const x of r.indexing) {
      const share = (s: string): string => `${Math.round((100 * (x.stages[s] ?? 0)) / x.buildMs)}%`;
      lines.push(
        `| ${x.articles} | ${x.chunks} | ${x.windows} | ${x.embedded} | ${f1(indexingTotalMs(x) / 1000)} | ${f1(x.buildMs / 1000)} | ${f1(x.articlesPerSecond)} | ${f1(x.chunksPerSecond)} | ${f2(x.msPerWindow)} | ${['prepare', 'chunking', 'embedding', 'indexing', 'writing'].map(share).join(' / ')} | ${f1(x.tokenizeMs / 1000)} | ${f1(x.peakRssMb)} | ${mb(x.diskBytes)} | ${load(x.loadAverage)} |`,
      );
    }
    lines.push(
      '',
      'Total = reading the corpus file + starting the embedder + buildIndex. Stage shares are of buildIndex.',
      '',
    );
  }
  const q = r.queries;
  if (q) {
    lines.push(
      `## Queries (${q.articles} articles, ${q.chunks} chunks, ${q.windows} windows, ${mb(q.diskBytes)} MB on disk)`,
      '',
      '| askers | questions | errors | queries/s | CPU ms/question | cores busy | p50 ms | p95 ms | p99 ms | max ms | embed p50/p95 | search p50/p95 | format p50/p95 | answered | off-topic abstained |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
      ...q.runs.map(latencyRow),
      '',
      'Latency is per question from call to answer (under concurrency it includes waiting for the other askers). Search = rank() (BM25 + HNSW candidates + fusion); format = the rest of ask() (answer/abstain decision, duplicate merge, highlights, citations).',
      '',
      `Memory (RSS): child process with its modules loaded, before the embedder and index ${f1(q.rss.baselineMb)} MB; holding index + query embedder ${f1(q.rss.loadedMb)} MB; after the runs ${f1(q.rss.afterQueriesMb)} MB, after a full GC ${f1(q.rss.settledMb)} MB; peak (loading included) ${f1(q.rss.peakMb)} MB. Loading took ${f1(q.loadMs.index)} ms (index) + ${f1(q.loadMs.embedder)} ms (embedder).`,
      '',
      '### HNSW recall against brute force (recall@100 is what the engine’s 100 dense candidates need)',
      '',
      '| ef | shipped | recall, questions | recall, questions (strict ids) | recall, stored vectors | recall@100, questions | HNSW ms/query (k 10) | HNSW ms/query (k 100) | exact ms/query |',
      '|---|---|---|---|---|---|---|---|---|',
      ...q.recall.map(
        (x) =>
          `| ${x.ef} | ${x.shipped ? 'yes' : ''} | ${f3(x.questions)} | ${f3(x.questionsStrict)} | ${f3(x.stored)} (${x.storedQueries}) | ${f3(x.questionsAt100)} | ${f3(x.hnswMsPerQuery)} | ${f3(x.hnswMsPer100)} | ${f2(x.exactMsPerQuery)} |`,
      ),
      '',
      'Ties count as hits: an HNSW result scoring at least the exact 10th score is correct (wire copies put identical vectors at several rows). Strict = overlap of ids. Recall@100 is what the 100 dense candidates the engine asks for per question get: ef is chosen by it.',
      '',
    );
  }
  const inc = r.incremental;
  if (inc) {
    lines.push(
      '## Incremental re-index',
      '',
      `Adding one article (${inc.added === 'corpus' ? "the corpus's next one" : 'a generated one'}) to ${inc.articles} articles: buildIndex ${f2(inc.addMs / 1000)} s (${inc.addEmbedded} windows embedded); removing it again ${f2(inc.removeMs / 1000)} s. Around it: reading the corpus ${f2(inc.readMs / 1000)} s, starting the index embedder ${f2(inc.embedderStartMs / 1000)} s.`,
      '',
    );
  }
  lines.push('## Targets', '', '| target | measured | met |', '|---|---|---|');
  for (const c of targetChecks(r))
    lines.push(`| ${c.target} | ${c.value} | ${c.met === null ? 'n/a' : c.met ? 'yes' : '**no**'} |`);
  if (r.notes.length) lines.push('', ...r.notes.map((n) => `- ${n}`));
  return lines.join('\n') + '\n';
}

export function latencySvg(r: BenchReport): string | null {
  const runs = r.queries?.runs ?? [];
  if (!runs.length) return null;
  return barChart({
    title: `Question latency at ${r.queries!.articles} articles`,
    yLabel: 'ms',
    categories: ['p50', 'p95', 'p99'],
    series: runs.map((x) => ({
      name: `${x.concurrency} asker${x.concurrency === 1 ? '' : 's'}`,
      values: [x.latency.p50, x.latency.p95, x.latency.p99],
    })),
  });
}

export function indexingSvg(r: BenchReport): string | null {
  if (!r.indexing.length) return null;
  return lineChart({
    title: 'Indexing time against corpus size',
    xLabel: 'articles',
    yLabel: 'seconds',
    series: [
      { name: 'total', points: r.indexing.map((x) => [x.articles, indexingTotalMs(x) / 1000] as const) },
      {
        name: 'embedding stage',
        points: r.indexing.map((x) => [x.articles, (x.stages.embedding ?? 0) / 1000] as const),
      },
    ],
  });
}
