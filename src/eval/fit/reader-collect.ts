/**
 * Records questions with the reader's scores on the engine's best candidates, for `npm run fit:reader`. Reading is
 * the slow part (a forward pass per candidate), so each set is a sample and every record is appended as it is made:
 * a run that stops resumes where it stopped.
 */
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Embedder } from '../../embed/embedder.ts';
import { buildIndex } from '../../index/indexer.ts';
import { SearchEngine } from '../../search/engine.ts';
import { beirArticle } from '../beir.ts';
import { loadBeirDataset } from '../beir-run.ts';
import { parseQaFile, phraseFinder } from '../qa.ts';
import { collect, type GoldCheck, type QuestionRecord, type ReadingToRecord } from './records.ts';
import { parseSquad } from './squad.ts';

export interface ReaderCollectContext {
  workDir: string;
  embedder: Embedder;
  indexEmbedder: () => Promise<Embedder>;
  reading: ReadingToRecord;
  log: (message: string) => void;
}

interface Job {
  id: string;
  run: () => Promise<QuestionRecord>;
}

/** Runs the jobs not yet in `<workDir>/reader-<name>.jsonl`, appending each record; returns them all. */
async function resumable(
  ctx: ReaderCollectContext,
  name: string,
  jobs: readonly Job[],
): Promise<QuestionRecord[]> {
  await mkdir(ctx.workDir, { recursive: true });
  const file = path.join(ctx.workDir, `reader-${name}.jsonl`);
  const done = new Map<string, QuestionRecord>();
  if (existsSync(file)) {
    for (const line of (await readFile(file, 'utf8')).split('\n')) {
      if (!line.trim()) continue;
      try {
        const r = JSON.parse(line) as QuestionRecord & { job: string };
        done.set(r.job, r);
      } catch {
        // A line cut by a killed run: that question is asked again.
      }
    }
  }
  if (done.size > 0) ctx.log(`${name}: ${done.size} of ${jobs.length} already recorded in ${file}`);
  const out: QuestionRecord[] = [];
  for (const [i, job] of jobs.entries()) {
    let r = done.get(job.id);
    if (!r) {
      r = await job.run();
      await appendFile(file, `${JSON.stringify({ ...r, job: job.id }, roundNumbers)}\n`);
    }
    out.push(r);
    if ((i + 1) % 50 === 0 || i + 1 === jobs.length) ctx.log(`${name}: ${i + 1}/${jobs.length}`);
  }
  return out;
}

function roundNumbers(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1e5) / 1e5 : value;
}

async function openOrBuild(
  ctx: ReaderCollectContext,
  name: string,
  articles: Parameters<typeof buildIndex>[0]['articles'],
): Promise<SearchEngine> {
  const dataDir = path.join(ctx.workDir, `index-${name}`);
  if (!existsSync(path.join(dataDir, 'CURRENT'))) {
    const embedder = await ctx.indexEmbedder();
    try {
      await buildIndex({ dataDir, embedder, articles, log: ctx.log });
    } finally {
      await embedder.close();
    }
  }
  return SearchEngine.open(dataDir, ctx.embedder);
}

/**
 * SQuAD, `perTopic` questions of every Wikipedia article (the first ones, so a rerun asks the same): against every
 * paragraph (`squad/full`, whose own-paragraph-removed twin is the near-miss) and with the article left out
 * (`squad/offtopic`).
 */
export async function collectSquadRead(
  ctx: ReaderCollectContext,
  file: string,
  perTopic: number,
): Promise<QuestionRecord[]> {
  const set = parseSquad(await readFile(file, 'utf8'), file);
  const engine = await openOrBuild(ctx, 'squad', set.articles);
  const titles = engine.data.manifest.documents.map((d) => d.title);
  const sample = set.topics.flatMap((topic) =>
    set.questions.filter((q) => q.topic === topic).slice(0, perTopic),
  );
  const jobs = sample.flatMap((q): Job[] => {
    const holds = phraseFinder(q.answers);
    const own: GoldCheck = { gold: (text, doc) => doc === q.paragraph && holds(text), hasAnswerText: holds };
    const away: GoldCheck = { gold: () => false, hasAnswerText: holds };
    const title = q.topic.replace(/_/g, ' ');
    return [
      {
        id: `full:${q.id}`,
        run: async () => ({
          ...(await collect(
            engine,
            { id: q.id, question: q.question, set: 'squad/full' },
            own,
            undefined,
            ctx.reading,
          )),
          topic: q.topic,
        }),
      },
      {
        id: `offtopic:${q.id}`,
        run: async () => ({
          ...(await collect(
            engine,
            { id: q.id, question: q.question, set: 'squad/offtopic' },
            away,
            (d) => titles[d] !== title,
            ctx.reading,
          )),
          topic: q.topic,
        }),
      },
    ];
  });
  return resumable(ctx, `squad-${perTopic}`, jobs);
}

/** Questions with gold phrases against an index that already exists (opened, never written). */
export async function collectQaRead(
  ctx: ReaderCollectContext,
  name: string,
  dataDir: string,
  qaFiles: readonly string[],
): Promise<QuestionRecord[]> {
  const engine = await SearchEngine.open(dataDir, ctx.embedder);
  const jobs: Job[] = [];
  for (const f of qaFiles) {
    const base = path.basename(f, '.jsonl');
    for (const item of parseQaFile(await readFile(f, 'utf8'), f)) {
      const holds = phraseFinder(item.gold.map((g) => g.phrase));
      const check: GoldCheck = { gold: holds, hasAnswerText: holds };
      const set = `${name}/${item.answerable ? 'answerable' : base.includes('offtopic') ? 'offtopic' : 'unanswerable'}`;
      const id = `${base}:${item.id}`;
      jobs.push({
        id,
        run: () => collect(engine, { id, question: item.question, set }, check, undefined, ctx.reading),
      });
    }
  }
  return resumable(ctx, name, jobs);
}

/** The first `limit` judged queries of a BEIR split: gold = judged relevant (for the blend only). */
export async function collectBeirRead(
  ctx: ReaderCollectContext,
  dir: string,
  split: string,
  limit: number,
): Promise<QuestionRecord[]> {
  const dataset = await loadBeirDataset(dir, split);
  const engine = await openOrBuild(ctx, dataset.name, dataset.corpus.map(beirArticle));
  const queries = dataset.queries.filter((q) => dataset.qrels.has(q.id)).slice(0, limit);
  const jobs = queries.map((q): Job => {
    const judged = dataset.qrels.get(q.id)!;
    const check: GoldCheck = { gold: (_t, doc) => (judged.get(doc) ?? 0) > 0, hasAnswerText: () => false };
    return {
      id: q.id,
      run: async () => ({
        ...(await collect(
          engine,
          { id: q.id, question: q.text, set: `${dataset.name}/${split}` },
          check,
          undefined,
          ctx.reading,
        )),
        relevant: [...judged.values()].filter((v) => v > 0).length,
      }),
    };
  });
  return resumable(ctx, `${dataset.name}-${split}-${limit}`, jobs);
}

/**
 * SQuAD as small corpora, the regime of a fresh install (five seed articles): each Wikipedia article indexed alone
 * and asked its own first `perTopic` questions (`squadsmall/full`, with their near-miss twins) and as many of the
 * next article's (`squadsmall/offtopic`), as docs/decision/ does.
 */
export async function collectSquadSmallRead(
  ctx: ReaderCollectContext,
  file: string,
  perTopic: number,
): Promise<QuestionRecord[]> {
  const set = parseSquad(await readFile(file, 'utf8'), file);
  const jobs: Job[] = [];
  for (const [t, topic] of set.topics.entries()) {
    const title = topic.replace(/_/g, ' ');
    let engine: SearchEngine | null = null;
    const open = async (): Promise<SearchEngine> =>
      (engine ??= await openOrBuild(
        ctx,
        `squadsmall-${t}`,
        set.articles.filter((a) => a.title === title),
      ));
    const next = set.topics[(t + 1) % set.topics.length]!;
    for (const q of set.questions.filter((x) => x.topic === topic).slice(0, perTopic)) {
      const holds = phraseFinder(q.answers);
      const check: GoldCheck = {
        gold: (text, doc) => doc === q.paragraph && holds(text),
        hasAnswerText: holds,
      };
      jobs.push({
        id: `full:${q.id}`,
        run: async () => ({
          ...(await collect(
            await open(),
            { id: q.id, question: q.question, set: 'squadsmall/full' },
            check,
            undefined,
            ctx.reading,
          )),
          topic,
        }),
      });
    }
    for (const q of set.questions.filter((x) => x.topic === next).slice(0, perTopic)) {
      const check: GoldCheck = { gold: () => false, hasAnswerText: phraseFinder(q.answers) };
      // Keyed by the corpus's topic, so held-out articles keep every question asked of them.
      jobs.push({
        id: `offtopic:${q.id}@${t}`,
        run: async () => ({
          ...(await collect(
            await open(),
            { id: `${q.id}@${t}`, question: q.question, set: 'squadsmall/offtopic' },
            check,
            undefined,
            ctx.reading,
          )),
          topic,
        }),
      });
    }
  }
  return resumable(ctx, `squadsmall-${perTopic}`, jobs);
}
