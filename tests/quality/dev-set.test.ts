/**
 * REAL MODEL: the crisis dev questions against the seeds, indexed with USE-lite. Every answerable question must
 * have a gold passage (from the gold seed, holding the gold phrase) in the top 3; off-topic ones must get no answer.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUseLiteEmbedder, type UseLiteEmbedder } from '../../src/embed/use-lite.ts';
import { firstHit, foldText, parseQaFile, passageMatches, type QaItem } from '../../src/eval/qa.ts';
import { buildIndex } from '../../src/index/indexer.ts';
import { SearchEngine } from '../../src/search/engine.ts';
import type { Article } from '../../src/types.ts';
import { REPO_ROOT, seedArticles } from '../helpers/articles.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const DEV_FILE = path.join(REPO_ROOT, 'tests', 'fixtures', 'crisis-dev.jsonl');
const items: QaItem[] = parseQaFile(await readFile(DEV_FILE, 'utf8'), 'crisis-dev.jsonl');
const answerable = items.filter((q) => q.answerable);
const offTopic = items.filter((q) => !q.answerable);

const temp = new TempDirs();

describe('crisis dev set (real model: USE-lite)', () => {
  let embedder: UseLiteEmbedder;
  let engine: SearchEngine;
  let articles: Article[];

  beforeAll(async () => {
    embedder = await createUseLiteEmbedder();
    articles = await seedArticles();
    const dataDir = await temp.make();
    await buildIndex({ dataDir, embedder, articles });
    engine = await SearchEngine.open(dataDir, embedder);
  });

  afterAll(async () => {
    await embedder?.close();
    await temp.cleanup();
  });

  it('the gold file is sound: 12 answerable and 2 off-topic questions, every gold phrase in its seed', () => {
    expect(answerable).toHaveLength(12);
    expect(offTopic).toHaveLength(2);
    for (const q of answerable) {
      expect(q.gold.length, q.id).toBeGreaterThan(0);
      for (const g of q.gold) {
        const article = articles.find((a) => path.basename(a.path) === g.seed);
        expect(article, `${q.id}: ${g.seed}`).toBeDefined();
        expect(foldText(article!.text), `${q.id}: ${g.phrase}`).toContain(foldText(g.phrase));
      }
    }
  });

  it.each(answerable.map((q) => [q.id, q] as const))('%s: a gold passage is in the top 3', async (_id, q) => {
    const answer = await engine.ask(q.question, { k: 3 });
    expect(answer.answered, q.question).toBe(true);
    const rank = firstHit(answer, q.gold);
    const shown = answer.passages
      .map((p) => `${p.rank}. ${p.citation.path}: ${p.highlight.slice(0, 120)}`)
      .join('\n');
    expect(rank, `${q.question}\n${shown}`).not.toBeNull();
    expect(rank!).toBeLessThanOrEqual(3);
    expect(passageMatches(answer.passages[rank! - 1]!, q.gold)).toBe(true);
  });

  it.each(offTopic.map((q) => [q.id, q] as const))(
    '%s: an off-topic question is abstained',
    async (_id, q) => {
      const answer = await engine.ask(q.question);
      expect(answer.answered, q.question).toBe(false);
      expect(answer.passages).toEqual([]);
    },
  );
});
