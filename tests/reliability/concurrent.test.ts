/**
 * Concurrent indexing runs on one data folder (child processes released at the same moment): exactly one
 * writes, every other one stops with the exact "another indexing run" error and exit 2, readers keep getting the
 * old index while the writer works, and a lock left by a dead run is taken over by exactly one of them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { readGeneration } from '../../src/index/store.ts';
import { SearchEngine } from '../../src/search/engine.ts';
import type { Article } from '../../src/types.ts';
import { makeArticle, REPO_ROOT, seedArticles } from '../helpers/articles.ts';
import { buildFake } from '../helpers/fake-index.ts';
import { randomArticle, seededRandom } from '../helpers/random-text.ts';
import { TempDirs } from '../helpers/temp-dir.ts';
import { FAKE_SEARCH_PARAMS } from '../helpers/fake-params.ts';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

interface Held {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
  /** Resolves when the child printed `line` (rejects if it exits first). */
  printed(line: string): Promise<void>;
}

/** Starts tests/helpers/index-child.ts in hold mode: it waits for `go`, then holds its first batch for `release`. */
function startHeld(dataDir: string, articlesFile: string): Held {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join('tests', 'helpers', 'index-child.ts'), dataDir, articlesFile, '0'],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, FAULT_HOLD: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  const listeners: (() => void)[] = [];
  let buffer = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    buffer += d;
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    lines.push(...parts);
    for (const l of listeners) l();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    lines,
    exited,
    printed: (line) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (lines.includes(line)) resolve();
        };
        listeners.push(check);
        check();
        void exited.then(() =>
          lines.includes(line)
            ? resolve()
            : reject(new Error(`exited before "${line}": ${lines.join(' | ')}`)),
        );
      }),
  };
}

describe('fault injection: concurrent indexing runs', () => {
  let work: string;
  let template: string;
  let articlesFile: string;
  let base: Article[];
  let bigger: Article[];

  beforeAll(async () => {
    work = await temp.make();
    base = await seedArticles();
    const rng = seededRandom(5);
    bigger = [
      ...base,
      ...Array.from({ length: 4 }, (_, i) => makeArticle({ id: `c-${i}`, text: randomArticle(rng).text })),
    ];
    template = path.join(work, 'template');
    await buildFake(template, base);
    articlesFile = path.join(work, 'bigger.json');
    await writeFile(articlesFile, JSON.stringify(bigger));
  });

  /** Releases `n` runs at once; returns the one that holds the lock, after checking what the others said. */
  async function race(dataDir: string, n: number): Promise<Held> {
    const runs = Array.from({ length: n }, () => startHeld(dataDir, articlesFile));
    await Promise.all(runs.map((r) => r.printed('ready')));
    for (const r of runs) r.child.stdin!.write('go\n');
    // Each run either reaches its first embedder batch holding the lock, or stops at the lock.
    const outcomes = await Promise.all(
      runs.map((r) =>
        r.printed('holding').then(
          () => 'holding',
          async () => `exit ${await r.exited}`,
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'holding')).toHaveLength(1);
    const winner = runs[outcomes.indexOf('holding')]!;
    for (const [i, r] of runs.entries()) {
      if (r === winner) continue;
      expect(outcomes[i]).toBe('exit 2');
      expect(r.lines.at(-1)).toBe(
        `error IndexUnusableError crisis-desk: another indexing run (pid ${winner.child.pid}) is writing ${dataDir}; wait for it to finish`,
      );
    }
    return winner;
  }

  it('four runs at once: one writes, three stop with exit 2, readers get the old index until the new one is in', async () => {
    const dataDir = path.join(work, 'four');
    await cp(template, dataDir, { recursive: true });
    const old = (await readGeneration(dataDir)).generation;
    const winner = await race(dataDir, 4);
    const during = await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
    expect(during.generation).toBe(old);
    expect((await during.documents()).map((d) => d.id)).toEqual(base.map((a) => a.id));
    expect((await during.ask('Who did Kuleba meet in Washington?')).answered).toBe(true);
    winner.child.stdin!.write('release\n');
    expect(await winner.exited).toBe(0);
    const after = await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
    expect(after.generation).not.toBe(old);
    expect((await after.documents()).map((d) => d.id)).toEqual(bigger.map((a) => a.id));
  });

  it('a lock left by a dead run: three runs at once, exactly one takes it over', async () => {
    const dataDir = path.join(work, 'stale');
    await cp(template, dataDir, { recursive: true });
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.on('close', resolve));
    await writeFile(path.join(dataDir, 'index.lock'), String(dead.pid));
    const winner = await race(dataDir, 3);
    expect(await readFile(path.join(dataDir, 'index.lock'), 'utf8')).toBe(String(winner.child.pid));
    winner.child.stdin!.write('release\n');
    expect(await winner.exited).toBe(0);
    expect((await readGeneration(dataDir)).manifest.counts.documents).toBe(bigger.length);
  });
});
