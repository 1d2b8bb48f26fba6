/**
 * The crash test: an indexing run killed with SIGKILL at any moment must leave the previous generation
 * loadable, and the next run must clean up after it (stale lock, unfinished folders).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { currentGeneration } from '../../src/index/store.ts';
import { SearchEngine } from '../../src/search/engine.ts';
import type { Article } from '../../src/types.ts';
import { makeArticle, REPO_ROOT, seedArticles } from '../helpers/articles.ts';
import { buildFake } from '../helpers/fake-index.ts';
import { randomArticle, randomInt, seededRandom } from '../helpers/random-text.ts';
import { TempDirs } from '../helpers/temp-dir.ts';
import { FAKE_SEARCH_PARAMS } from '../helpers/fake-params.ts';

const CHILD = path.join(REPO_ROOT, 'tests', 'helpers', 'index-child.ts');
const MS_PER_BATCH = 15;
const temp = new TempDirs();
afterAll(() => temp.cleanup());

interface Run {
  child: ChildProcess;
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when a line starting with `prefix` has been printed (or rejects when the child ends first). */
  waitFor(prefix: string): Promise<void>;
}

function startChild(dataDir: string, articlesFile: string): Run {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CHILD, dataDir, articlesFile, String(MS_PER_BATCH)],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  const waiters: { prefix: string; resolve: () => void }[] = [];
  let stderr = '';
  let buffer = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      for (const w of waiters.filter((x) => line.startsWith(x.prefix))) w.resolve();
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    lines,
    exited,
    waitFor: (prefix) =>
      new Promise<void>((resolve, reject) => {
        if (lines.some((l) => l.startsWith(prefix))) return resolve();
        waiters.push({ prefix, resolve });
        void exited.then(({ code, signal }) =>
          reject(
            new Error(
              `child ended (${code ?? signal}) before printing ${prefix}: ${lines.join(' | ')} ${stderr}`,
            ),
          ),
        );
      }),
  };
}

describe('indexing killed with SIGKILL (child processes)', () => {
  let dataDir: string;
  let articlesFile: string;
  let base: Article[];
  let bigger: Article[];
  let good: string;

  beforeAll(async () => {
    dataDir = await temp.make();
    const work = await temp.make();
    base = await seedArticles();
    const rng = seededRandom(424242);
    // The child's corpus: the seeds plus 40 new articles, so it has many batches to embed.
    bigger = [
      ...base,
      ...Array.from({ length: 40 }, (_, i) =>
        makeArticle({
          id: `gen-${i}`,
          text: randomArticle(rng, { paragraphs: [3, 5], sentences: [3, 5] }).text,
        }),
      ),
    ];
    articlesFile = path.join(work, 'articles.json');
    await writeFile(articlesFile, JSON.stringify(bigger));
    good = (await buildFake(dataDir, base)).summary.generation;
  });

  /** Kills the child at the moment `when` picks, then checks that the index is intact and can be updated. */
  async function killAndCheck(when: (run: Run) => Promise<void>, mustKeepPrevious: boolean): Promise<void> {
    const run = startChild(dataDir, articlesFile);
    await run.waitFor('ready');
    await when(run);
    run.child.kill('SIGKILL');
    const { code, signal } = await run.exited;
    const finished = run.lines.includes('finished');
    if (!finished) expect(signal).toBe('SIGKILL');
    else expect(code).toBe(0);

    // Whatever the moment, the index still loads and answers.
    const gen = await currentGeneration(dataDir);
    const engine = await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
    const answer = await engine.ask('Who did Kuleba meet in Washington?');
    expect(answer.answered).toBe(true);
    if (gen === good) {
      expect(engine.documents().map((d) => d.id)).toEqual(base.map((a) => a.id));
    } else {
      // Only a run that got as far as writing may have switched CURRENT, and then to its complete generation.
      expect(mustKeepPrevious).toBe(false);
      expect(run.lines.some((l) => l.startsWith('progress writing'))).toBe(true);
      expect(engine.documents().map((d) => d.id)).toEqual(bigger.map((a) => a.id));
    }

    // The next run takes over the dead process's lock and removes its unfinished folders.
    const next = await buildFake(dataDir, base);
    expect(await currentGeneration(dataDir)).toBe(next.summary.generation);
    const entries = await readdir(dataDir);
    expect(entries.filter((e) => e.startsWith('.tmp-gen-'))).toEqual([]);
    expect(entries).not.toContain('index.lock');
    expect(entries.filter((e) => e.startsWith('gen-')).length).toBeLessThanOrEqual(2);
    const reopened = await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
    expect(reopened.documents().map((d) => d.id)).toEqual(base.map((a) => a.id));
    good = next.summary.generation;
  }

  it('keeps the previous generation when killed while embedding', async () => {
    await killAndCheck((run) => run.waitFor('progress embedding 2/'), true);
    await killAndCheck((run) => run.waitFor('progress embedding 20/'), true);
  });

  it('keeps a loadable generation when killed after embedding, while the graph and files are written', async () => {
    await killAndCheck((run) => run.waitFor('progress indexing'), false);
    await killAndCheck((run) => run.waitFor('progress writing'), false);
  });

  it('keeps a loadable generation when killed at random moments (seeded)', async () => {
    const rng = seededRandom(2022);
    for (let i = 0; i < 5; i++) {
      const delay = randomInt(rng, 0, 40) * MS_PER_BATCH;
      await killAndCheck(() => new Promise((resolve) => setTimeout(resolve, delay)), false);
    }
  });
});
