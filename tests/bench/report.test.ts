import { describe, expect, it } from 'vitest';
import { indexingSvg, latencySvg, renderMarkdown, targetChecks } from '../../src/bench/report.ts';
import { summarizeLatencies } from '../../src/bench/stats.ts';
import type { BenchReport, IndexRun, QueryRunAt } from '../../src/bench/types.ts';

function indexRun(articles: number, buildMs: number): IndexRun {
  return {
    articles,
    chunks: articles * 6,
    windows: articles * 7,
    embedded: articles * 7,
    readMs: 1000,
    embedderStartMs: 2000,
    buildMs,
    stages: {
      prepare: 1,
      chunking: buildMs * 0.1,
      embedding: buildMs * 0.8,
      indexing: buildMs * 0.05,
      writing: buildMs * 0.05,
    },
    tokenizeMs: 100,
    articlesPerSecond: articles / (buildMs / 1000),
    chunksPerSecond: 1,
    msPerWindow: 20,
    peakRssMb: 700,
    diskBytes: 1 << 20,
    loadAverage: [1, 1, 1],
  };
}

function run(concurrency: number, latencies: number[], errors = 0): QueryRunAt {
  const s = summarizeLatencies(latencies);
  return {
    concurrency,
    questions: latencies.length + errors,
    errors,
    errorSamples: [],
    seconds: 1,
    queriesPerSecond: latencies.length,
    cpuMsPerQuestion: 10,
    coresBusy: 0.5,
    latency: s,
    embed: s,
    search: s,
    format: s,
    answered: latencies.length,
    offTopic: 0,
    offTopicAbstained: 0,
  };
}

function report(articles: number): BenchReport {
  return {
    createdAt: '2024-01-01T00:00:00.000Z',
    corpus: 'corpus.jsonl',
    embedder: 'use-lite@0.2.0',
    machine: {
      cpus: 2,
      cpuModel: 'cpu',
      node: 'v20',
      platform: 'linux',
      totalMemMb: 4096,
      loadAverageStart: [0, 0, 0],
      loadAverageEnd: [0, 0, 0],
    },
    indexing: [indexRun(500, 60_000), indexRun(articles, 540_000)],
    queries: {
      dataDir: 'd',
      articles,
      chunks: 1,
      windows: 1,
      embedder: 'use-lite@0.2.0',
      diskBytes: 1,
      loadMs: { embedder: 1, index: 1 },
      rss: { baselineMb: 50, loadedMb: 400, afterQueriesMb: 420, settledMb: 380, peakMb: 650 },
      runs: [run(1, [10, 20, 25, 40]), run(8, [30, 60, 90], 1)],
      recall: [
        {
          ef: 50,
          shipped: false,
          questions: 0.95,
          questionsStrict: 0.9,
          questionsAt100: 0.8,
          hnswMsPer100: 0.3,
          stored: 0.97,
          storedQueries: 10,
          hnswMsPerQuery: 0.1,
          exactMsPerQuery: 5,
        },
        {
          ef: 100,
          shipped: true,
          questions: 0.995,
          questionsStrict: 0.99,
          questionsAt100: 0.9,
          hnswMsPer100: 0.4,
          stored: 0.992,
          storedQueries: 10,
          hnswMsPerQuery: 0.2,
          exactMsPerQuery: 5,
        },
      ],
      loadAverage: [0, 0, 0],
    },
    incremental: {
      articles,
      added: 'corpus',
      readMs: 1000,
      embedderStartMs: 1500,
      addMs: 2500,
      addEmbedded: 8,
      removeMs: 2000,
      loadAverage: [0, 0, 0],
    },
    notes: ['a note'],
  };
}

describe('target checks', () => {
  it('judges a full-size run against each target', () => {
    const checks = targetChecks(report(4545));
    expect(checks.map((c) => c.met)).toEqual([true, false, true, false, true, true]); // p95 40 ms ≤ 50
    expect(checks[0]!.value).toBe('40.0 ms at 4545 articles');
  });

  it('leaves size-dependent targets open on a small corpus', () => {
    const checks = targetChecks(report(200));
    expect(checks.map((c) => c.met)).toEqual([null, false, null, null, true, null]);
    expect(checks[5]!.value).toMatch(/not run at full size \(200 articles/);
  });
});

describe('markdown and charts', () => {
  it('renders every section', () => {
    const md = renderMarkdown(report(4545));
    for (const heading of [
      '## Indexing',
      '## Queries',
      '### HNSW recall',
      '## Incremental re-index',
      '## Targets',
    ])
      expect(md).toContain(heading);
    expect(md).toContain('| 4545 | 27270 | 31815 | 31815 | 543.0 | 540.0 |');
    expect(md).toContain('- a note');
    expect(md).not.toMatch(/NaN|undefined/);
  });

  it('draws both charts, or none without data', () => {
    expect(latencySvg(report(4545))).toContain('8 askers');
    expect(indexingSvg(report(4545))).toContain('<polyline');
    expect(latencySvg({ ...report(1), queries: null })).toBeNull();
    expect(indexingSvg({ ...report(1), indexing: [] })).toBeNull();
  });
});
