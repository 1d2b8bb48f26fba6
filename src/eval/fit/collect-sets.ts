/**
 * Builds (or reuses) an index per data set and records every question through the engine. Records are cached
 * as JSON Lines under the work folder, so fitting again costs seconds rather than an hour of embedding.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Embedder } from '../../embed/embedder.ts';
import { buildIndex } from '../../index/indexer.ts';
import { indexPaths } from '../../host/index-paths.ts';
import { SearchEngine } from '../../search/engine.ts';
import type { Article, QaItem } from '../../types.ts';
import { beirArticle } from '../beir.ts';
import { loadBeirDataset } from '../beir-run.ts';
import { parseQaFile, phraseFinder } from '../qa.ts';
import { collect, type GoldCheck, type QuestionRecord } from './records.ts';
import { parseSquad } from './squad.ts';

export interface CollectContext {
  workDir: string;
  /** Opens an embedder for bulk indexing. */
  indexEmbedder: () => Promise<Embedder>;
  /** The query embedder (kept open across sets). */
  embedder: Embedder;
  log: (message: string) => void;
}

async function cached(
  ctx: CollectContext,
  name: string,
  run: () => Promise<QuestionRecord[]>,
): Promise<QuestionRecord[]> {
  const file = path.join(ctx.workDir, `records-${name}.jsonl`);
  if (existsSync(file)) {
    ctx.log(`${name}: reusing ${file}`);
    return (await readFile(file, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as QuestionRecord);
  }
  const records = await run();
  await mkdir(ctx.workDir, { recursive: true });
  await writeFile(file, records.map((r) => JSON.stringify(r, roundNumbers)).join('\n') + '\n');
  return records;
}

function roundNumbers(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1e5) / 1e5 : value;
}

async function indexArticles(ctx: CollectContext, name: string, articles: Article[]): Promise<SearchEngine> {
  const dataDir = path.join(ctx.workDir, `index-${name}`);
  const embedder = await ctx.indexEmbedder();
  try {
    const s = await buildIndex({ dataDir, embedder, articles, log: ctx.log });
    ctx.log(
      `${name}: ${s.articles} articles, ${s.chunks} chunks, ${s.embedded} embedded in ${s.seconds.toFixed(0)} s`,
    );
  } finally {
    await embedder.close();
  }
  return SearchEngine.open(dataDir, ctx.embedder);
}

function progress(ctx: CollectContext, name: string, i: number, n: number): void {
  if (i % 500 === 0 || i === n) ctx.log(`${name}: ${i}/${n} questions`);
}

/**
 * SQuAD twice: against every paragraph (`squad/full`: the own paragraph is gold, and dropping it offline gives
 * same-topic near-misses) and with the question's whole article left out (`squad/offtopic`).
 */
export async function collectSquad(ctx: CollectContext, file: string): Promise<QuestionRecord[]> {
  const set = parseSquad(await readFile(file, 'utf8'), file);
  const full = await cached(ctx, 'squad-full', async () => {
    const engine = await indexArticles(ctx, 'squad', set.articles);
    const out: QuestionRecord[] = [];
    for (const [i, q] of set.questions.entries()) {
      const holds = phraseFinder(q.answers);
      const check: GoldCheck = {
        gold: (text, doc) => doc === q.paragraph && holds(text),
        hasAnswerText: holds,
      };
      out.push({
        ...(await collect(engine, { id: q.id, question: q.question, set: 'squad/full' }, check)),
        topic: q.topic,
      });
      progress(ctx, 'squad/full', i + 1, set.questions.length);
    }
    return out;
  });
  const offtopic = await cached(ctx, 'squad-offtopic', async () => {
    const engine = await SearchEngine.open(path.join(ctx.workDir, 'index-squad'), ctx.embedder);
    const topicOf = engine.data.manifest.documents.map((d) => d.title);
    const out: QuestionRecord[] = [];
    for (const [i, q] of set.questions.entries()) {
      const title = q.topic.replace(/_/g, ' ');
      const check: GoldCheck = { gold: () => false, hasAnswerText: phraseFinder(q.answers) };
      const accept = (doc: number): boolean => topicOf[doc] !== title;
      out.push({
        ...(await collect(engine, { id: q.id, question: q.question, set: 'squad/offtopic' }, check, accept)),
        topic: q.topic,
      });
      progress(ctx, 'squad/offtopic', i + 1, set.questions.length);
    }
    return out;
  });
  return [...full, ...offtopic];
}

/**
 * SQuAD as small corpora, the regime of a fresh install (five seed articles, all on one topic): each Wikipedia
 * article is indexed alone and asked its own questions (`squadsmall/full`, whose own-paragraph-removed twin is the
 * near-miss) and some of the next article's (`squadsmall/offtopic`, a corpus that cannot be about them).
 */
export async function collectSquadSmall(
  ctx: CollectContext,
  file: string,
  offTopicPerArticle = 60,
): Promise<QuestionRecord[]> {
  const set = parseSquad(await readFile(file, 'utf8'), file);
  return cached(ctx, 'squadsmall', async () => {
    const out: QuestionRecord[] = [];
    for (const [t, topic] of set.topics.entries()) {
      const title = topic.replace(/_/g, ' ');
      const engine = await indexArticles(
        ctx,
        `squadsmall-${t}`,
        set.articles.filter((a) => a.title === title),
      );
      const own = set.questions.filter((q) => q.topic === topic);
      const next = set.topics[(t + 1) % set.topics.length]!;
      const others = set.questions.filter((q) => q.topic === next).slice(0, offTopicPerArticle);
      for (const q of own) {
        const holds = phraseFinder(q.answers);
        const check: GoldCheck = {
          gold: (text, doc) => doc === q.paragraph && holds(text),
          hasAnswerText: holds,
        };
        out.push({
          ...(await collect(engine, { id: q.id, question: q.question, set: 'squadsmall/full' }, check)),
          topic,
        });
      }
      for (const q of others) {
        const check: GoldCheck = { gold: () => false, hasAnswerText: phraseFinder(q.answers) };
        // Keyed by the corpus's topic, so held-out articles keep every question asked of them.
        out.push({
          ...(await collect(
            engine,
            { id: `${q.id}@${t}`, question: q.question, set: 'squadsmall/offtopic' },
            check,
          )),
          topic,
        });
      }
      ctx.log(`squadsmall: ${t + 1}/${set.topics.length} articles`);
    }
    return out;
  });
}

/** SciFact train queries: gold = judged relevant abstracts (for fusion weights only). */
export async function collectBeir(
  ctx: CollectContext,
  dir: string,
  split: string,
): Promise<QuestionRecord[]> {
  const dataset = await loadBeirDataset(dir, split);
  return cached(ctx, `${dataset.name}-${split}`, async () => {
    const engine = await indexArticles(ctx, dataset.name, dataset.corpus.map(beirArticle));
    const out: QuestionRecord[] = [];
    const queries = dataset.queries.filter((q) => dataset.qrels.has(q.id));
    for (const [i, q] of queries.entries()) {
      const judged = dataset.qrels.get(q.id)!;
      const check: GoldCheck = { gold: (_t, doc) => (judged.get(doc) ?? 0) > 0, hasAnswerText: () => false };
      const rec = await collect(
        engine,
        { id: q.id, question: q.text, set: `${dataset.name}/${split}` },
        check,
      );
      out.push({ ...rec, relevant: [...judged.values()].filter((v) => v > 0).length });
      progress(ctx, dataset.name, i + 1, queries.length);
    }
    return out;
  });
}

/** Questions with gold phrases (crisis format) against an index built from `inputs`. */
export async function collectQa(
  ctx: CollectContext,
  name: string,
  inputs: readonly string[],
  qaFiles: readonly string[],
): Promise<QuestionRecord[]> {
  const items: (QaItem & { file: string })[] = [];
  for (const f of qaFiles)
    for (const item of parseQaFile(await readFile(f, 'utf8'), f))
      items.push({ ...item, file: path.basename(f, '.jsonl') });
  return cached(ctx, name, async () => {
    const dataDir = path.join(ctx.workDir, `index-${name}`);
    const s = await indexPaths({ inputs, dataDir, embedder: ctx.indexEmbedder, log: ctx.log });
    ctx.log(
      `${name}: ${s.articles} articles, ${s.chunks} chunks, ${s.embedded} embedded in ${s.seconds.toFixed(0)} s`,
    );
    const engine = await SearchEngine.open(dataDir, ctx.embedder);
    const out: QuestionRecord[] = [];
    for (const [i, item] of items.entries()) {
      // Any outlet's passage holding the gold phrase answers (wire copy and follow-ups repeat facts).
      const holds = phraseFinder(item.gold.map((g) => g.phrase));
      const check: GoldCheck = { gold: holds, hasAnswerText: holds };
      const set = `${name}/${item.answerable ? 'answerable' : item.file.includes('offtopic') ? 'offtopic' : 'unanswerable'}`;
      out.push(await collect(engine, { id: `${item.file}:${item.id}`, question: item.question, set }, check));
      progress(ctx, name, i + 1, items.length);
    }
    return out;
  });
}
