/**
 * The PostgreSQL store under SIGKILL: an indexing child killed before any seeded random step (embedder batches
 * and every SQL statement, BEGIN and COMMIT included) leaves the previous generation current and serving, with
 * nothing of the new one left: the server rolls back the open transaction. COMMIT is the run's last statement, so
 * a kill after it is an ordinary finished run. The next run succeeds.
 */
import { describe, expect, it } from 'vitest';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { currentPgGeneration, readPgGeneration } from '../../src/index/pg/reader.ts';
import { SearchEngine } from '../../src/search/engine.ts';
import type { Article } from '../../src/types.ts';
import { makeArticle, seedArticles } from '../helpers/articles.ts';
import { runIndexChild } from '../helpers/fault.ts';
import { buildFake } from '../helpers/fake-index.ts';
import { FAKE_SEARCH_PARAMS } from '../helpers/fake-params.ts';
import { usePostgres } from '../helpers/pg-server.ts';
import { randomArticle, seededRandom } from '../helpers/random-text.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const pg = usePostgres();
const temp = new TempDirs();

async function schemas(): Promise<string[]> {
  const rows = await pg.db.query<{ name: string }>(
    `SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE 'cd\\_gen-%' ORDER BY 1`,
  );
  return rows.map((r) => r.name.slice(3));
}

describe('fault injection: indexing into PostgreSQL killed with SIGKILL at seeded random steps', () => {
  it('the previous generation serves, whole, until COMMIT is sent; the next run succeeds', async () => {
    const work = await temp.make();
    const base = await seedArticles();
    const rng = seededRandom(13);
    const bigger: Article[] = [
      ...base,
      ...Array.from({ length: 4 }, (_, i) =>
        makeArticle({
          id: `new-${i}`,
          text: randomArticle(rng, { paragraphs: [2, 2], sentences: [3, 3] }).text,
        }),
      ),
    ];
    const env = { DATABASE_URL: pg.url };
    await pg.reset();
    await buildFake('unused', base, { database: pg.db });
    const traced = await runIndexChild(work, { articles: bigger, work, env: { ...env, FAULT_TRACE: '1' } });
    expect(traced.code, traced.stderr).toBe(0);
    expect(await currentPgGeneration(pg.db)).toBe(traced.summary!.generation);
    const steps = traced.lines.filter((l) => l.startsWith('step ')).map((l) => l.split(' '));
    const stepOf = (word: string): number[] =>
      steps.filter((s) => s[2] === 'sql' && s[3] === word).map((s) => Number(s[1]));
    const commit = stepOf('COMMIT').at(-1)!;
    const begin = stepOf('BEGIN')
      .filter((s) => s < commit)
      .at(-1)!;
    const embeds = steps.filter((s) => s[2] === 'embed').map((s) => Number(s[1]));
    // Inside the write transaction: its first and last statements, COMMIT itself, and seeded ones between.
    const pick = seededRandom(2022);
    const inside = Array.from({ length: 4 }, () => begin + 1 + Math.floor(pick() * (commit - begin - 1)));
    expect(commit).toBe(steps.length);
    const points = [...new Set([embeds[0]!, begin, begin + 1, ...inside, commit])].sort((a, b) => a - b);
    expect(points.length).toBeGreaterThanOrEqual(6);

    for (const point of points) {
      await pg.reset();
      const old = (await buildFake('unused', base, { database: pg.db })).summary.generation;
      const run = await runIndexChild(work, {
        articles: bigger,
        work,
        env: { ...env, FAULT_KILL_AT: String(point) },
      });
      expect(run.signal, `step ${point}: ${run.lines.slice(-3).join(' | ')} ${run.stderr}`).toBe('SIGKILL');
      const current = await currentPgGeneration(pg.db);
      const engine = new SearchEngine(await readPgGeneration(pg.db), new FakeEmbedder(), FAKE_SEARCH_PARAMS);
      expect((await engine.ask('Who did Kuleba meet in Washington?')).answered).toBe(true);
      expect(current, `step ${point}`).toBe(old);
      expect((await engine.documents()).map((d) => d.id)).toEqual(base.map((a) => a.id));
      expect(await schemas()).toEqual([old]);
      const next = (await buildFake('unused', base, { database: pg.db })).summary.generation;
      expect(await currentPgGeneration(pg.db)).toBe(next);
      expect((await schemas()).length).toBeLessThanOrEqual(2);
    }
    await temp.cleanup();
  });
});
