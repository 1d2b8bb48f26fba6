/**
 * Resident memory of a query process over the index in PostgreSQL (issue 20: flat as the corpus grows), beside
 * the file store's engine over the same articles. The fake embedder at bge-small's shape (384 dimensions, one
 * vector per chunk) stands in for the model, so what is measured is the index's share; the query model adds
 * the same constant to every row (docs/scaling.md).
 *
 *   tsx scripts/pg-query-rss.ts build <corpus…> --articles N [--copies C] --url URL   # the first N articles (and C
 *                                                          # perturbed copies of them, see perturbed()) into DATABASE_URL
 *   tsx scripts/pg-query-rss.ts build <corpus…> --articles N --out D     # … into a file-store DATA_DIR
 *   node --expose-gc --import tsx scripts/pg-query-rss.ts query (--url URL | --data-dir D) [--passes 3] [--cache N]
 *
 * `query` opens the engine, asks the dev questions and the first 60 headlines as questions `--passes` times,
 * and prints one JSON line: RSS and heap after opening, after the questions (after a GC) and settled (6 s idle
 * later, when V8 has returned free pages), getrusage's peak,
 * and question latency (p50/p95; on a shared machine only the order of magnitude means anything). `--cache`: the
 * PostgreSQL view's row cache (default PG_ROW_CACHE).
 */
import { readFile } from 'node:fs/promises';
import { FakeEmbedder } from '../src/embed/fake.ts';
import { buildIndex } from '../src/index/indexer.ts';
import { openDb } from '../src/index/pg/db.ts';
import { ingestPaths } from '../src/ingest/read-paths.ts';
import { SearchEngine } from '../src/search/engine.ts';
import type { Article } from '../src/types.ts';
import { PgView } from '../src/search/pg-candidates.ts';
import { defineCommand, UsageError } from '../src/cli/args.ts';
import { runCommand } from '../src/cli/run.ts';
import { int } from '../src/cli/values.ts';

const fake = (): FakeEmbedder => new FakeEmbedder({ dimensions: 384, unit: 'chunk', maxTokens: 512 });
const mb = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;

function memory(): { rssMb: number; heapMb: number; heapTotalMb: number; externalMb: number } {
  global.gc?.();
  const m = process.memoryUsage();
  return {
    rssMb: mb(m.rss),
    heapMb: mb(m.heapUsed),
    heapTotalMb: mb(m.heapTotal),
    externalMb: mb(m.external),
  };
}

/**
 * Copy `k` (k ≥ 1) of an article for a larger synthetic corpus: a new id and path, the date moved k × 10 days
 * later, and one word in 5 + k left out, so its chunks and vectors are near, not equal, to the original's.
 */
function perturbed(a: Article, k: number): Article {
  const date = a.date ? new Date(Date.parse(a.date) + k * 10 * 86_400_000).toISOString().slice(0, 10) : null;
  const text = a.text
    .split(' ')
    .filter((_, i) => (i + 1) % (5 + k) !== 0)
    .join(' ');
  return { ...a, id: `${a.id}-copy${k}`, path: `${a.path}#copy${k}`, date, text };
}

async function build(
  inputs: string[],
  articles: number,
  copies: number,
  url: string | null,
  out: string | null,
): Promise<void> {
  const read = await ingestPaths(inputs);
  const first = read.articles.slice(0, articles);
  const chosen = [
    ...first,
    ...Array.from({ length: copies }, (_, k) => first.map((a) => perturbed(a, k + 1))).flat(),
  ];
  const db = url ? openDb(url) : null;
  const t0 = performance.now();
  try {
    const summary = await buildIndex({
      dataDir: out ?? 'unused',
      ...(db ? { database: db } : {}),
      embedder: fake(),
      articles: chosen,
      rebuild: true,
      log: () => {},
    });
    console.log(
      JSON.stringify({
        store: db ? 'postgres' : 'files',
        articles: summary.articles,
        chunks: summary.chunks,
        seconds: Math.round((performance.now() - t0) / 100) / 10,
      }),
    );
  } finally {
    await db?.close();
  }
}

async function questions(): Promise<string[]> {
  const dev = (await readFile('tests/fixtures/crisis-dev.jsonl', 'utf8'))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { question: string }).question);
  return dev;
}

async function query(
  url: string | null,
  dataDir: string | null,
  passes: number,
  cache: number | undefined,
): Promise<void> {
  const before = memory();
  const db = url ? openDb(url) : null;
  const t0 = performance.now();
  const view = db ? await PgView.open(db, cache ? { cache } : {}) : null;
  const engine = view ? new SearchEngine(view, fake()) : await SearchEngine.open(dataDir!, fake());
  const openMs = Math.round(performance.now() - t0);
  const opened = memory();
  const docs = db ? [] : await engine.documents();
  // Headlines as questions: the file store lists them; over PostgreSQL, the first 60 rows are fetched alone.
  const titles = db
    ? (
        await db.query<{ title: string }>(
          `SELECT title FROM "cd_${engine.generation}".documents ORDER BY row LIMIT 60`,
        )
      ).map((r) => r.title)
    : docs.slice(0, 60).map((d) => d.title);
  const asked = [...(await questions()), ...titles];
  const ms: number[] = [];
  for (let p = 0; p < passes; p++) {
    for (const q of asked) {
      const t = performance.now();
      await engine.ask(q, { k: 5 });
      ms.push(performance.now() - t);
    }
  }
  const after = memory();
  // V8 gives freed heap pages back over a few seconds of idleness (its memory reducer): settled is what stays.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  global.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const settled = memory();
  ms.sort((a, b) => a - b);
  const pct = (x: number): number => Math.round(ms[Math.min(ms.length - 1, Math.floor(x * ms.length))]!);
  const stats = await engine.stats();
  console.log(
    JSON.stringify({
      store: db ? 'postgres' : 'files',
      articles: stats.articles,
      chunks: stats.chunks,
      questions: ms.length,
      openMs,
      before,
      opened,
      after,
      settled,
      maxRssMb: mb(process.resourceUsage().maxRSS * 1024),
      p50Ms: pct(0.5),
      p95Ms: pct(0.95),
      ...(view ? { cached: view.cached() } : {}),
    }),
  );
  await db?.close();
}

const command = defineCommand({
  usage: [
    'tsx scripts/pg-query-rss.ts build <corpus…> [--articles N] [--copies C] (--url URL | --out D)',
    'node --expose-gc --import tsx scripts/pg-query-rss.ts query (--url URL | --data-dir D) [--passes 3] [--cache N]',
  ],
  summary:
    'Resident memory of a query process over the index in PostgreSQL, beside the file store (docs/scaling.md).',
  options: {
    articles: {
      type: 'string',
      value: 'N',
      parse: int(1, 10_000_000),
      help: 'build: the first N articles (default: all)',
    },
    copies: {
      type: 'string',
      value: 'C',
      parse: int(0, 1000),
      default: 0,
      help: 'build: perturbed copies of each',
    },
    url: { type: 'string', value: 'URL', help: 'the PostgreSQL database' },
    out: { type: 'string', value: 'D', help: 'build: a file-store DATA_DIR instead' },
    'data-dir': { type: 'string', value: 'D', help: 'query: a file-store DATA_DIR instead' },
    passes: {
      type: 'string',
      value: 'N',
      parse: int(1, 100),
      default: 3,
      help: 'query: passes over the questions',
    },
    cache: {
      type: 'string',
      value: 'N',
      parse: int(1, 10_000_000),
      help: "query: the view's row cache (default PG_ROW_CACHE)",
    },
  },
});

runCommand(command, async ({ values, positionals }) => {
  const [mode, ...paths] = positionals;
  const url = values.url ?? null;
  if (mode === 'build') {
    const out = values.out ?? null;
    if (!url === !out) throw new UsageError('build: expected one of --url or --out');
    return build(paths, values.articles ?? Infinity, values.copies, url, out);
  }
  if (mode === 'query') {
    const dataDir = values['data-dir'] ?? null;
    if (!url === !dataDir) throw new UsageError('query: expected one of --url or --data-dir');
    return query(url, dataDir, values.passes, values.cache);
  }
  throw new UsageError(`expected build or query, got ${JSON.stringify(mode ?? '')}`);
});
