/**
 * Fault injection into indexing runs (child processes): SIGKILL just before a seeded random choice of their
 * steps (every embedder batch and every file-system call that changes something), and write failures (ENOSPC,
 * EIO) injected at steps of writing the generation. The exact outcome is known from the step: killed before
 * CURRENT is renamed, the old generation serves, byte for byte; after, the complete new one does. A failed write
 * leaves the folder exactly as it was. The next run always cleans up and succeeds.
 */
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { IndexUnusableError } from '../../src/index/manifest.ts';
import { inspectDataDir, needsFirstIndex } from '../../src/index/generations.ts';
import { readGeneration } from '../../src/index/store.ts';
import { SearchEngine } from '../../src/search/engine.ts';
import type { Article } from '../../src/types.ts';
import { makeArticle, seedArticles } from '../helpers/articles.ts';
import { runIndexChild, snapshot } from '../helpers/fault.ts';
import { buildFake } from '../helpers/fake-index.ts';
import { randomArticle, seededRandom } from '../helpers/random-text.ts';
import { TempDirs } from '../helpers/temp-dir.ts';
import { FAKE_SEARCH_PARAMS } from '../helpers/fake-params.ts';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

interface Trace {
  /** Total steps of an undisturbed run. */
  total: number;
  /** Step that renames the finished .tmp-gen folder into place. */
  generationRename: number;
  /** Step that renames CURRENT.tmp-* over CURRENT: the moment the new index is in use. */
  currentRename: number;
  /** Steps that write the new generation (its folder, files, fsyncs and the CURRENT pointer). */
  writeSteps: number[];
  /** Embedder batches. */
  embedSteps: number[];
}

/** Seeded choice of `n` distinct steps from 1..total, plus `always`, sorted. */
function killPoints(seed: number, total: number, n: number, always: number[]): number[] {
  const rng = seededRandom(seed);
  const points = new Set(always.filter((s) => s >= 1 && s <= total));
  while (points.size < Math.min(total, n + always.length)) points.add(1 + Math.floor(rng() * total));
  return [...points].sort((a, b) => a - b);
}

async function trace(dataDir: string, articles: readonly Article[], work: string): Promise<Trace> {
  const run = await runIndexChild(dataDir, { articles, work, env: { FAULT_TRACE: '1' } });
  expect(run.code, run.stderr).toBe(0);
  const steps = run.lines.filter((l) => l.startsWith('step ')).map((l) => l.split(' '));
  const index = (call: string, prefix: string): number => {
    const found = steps.find((s) => s[2] === call && (s[3] ?? '').startsWith(prefix));
    if (!found) throw new Error(`no ${call} ${prefix} in ${run.lines.join(' | ')}`);
    return Number(found[1]);
  };
  const firstWrite = index('mkdir', '.tmp-gen-');
  const currentRename = index('rename', 'CURRENT.tmp-');
  return {
    total: steps.length,
    generationRename: index('rename', '.tmp-gen-'),
    currentRename,
    writeSteps: Array.from({ length: currentRename - firstWrite + 1 }, (_, i) => firstWrite + i),
    embedSteps: steps.filter((s) => s[2] === 'embed').map((s) => Number(s[1])),
  };
}

/** After a kill or failure: no lock, no temporary folders or pointers, at most two generations. */
async function expectCleanAfterNextRun(dataDir: string, articles: readonly Article[]): Promise<void> {
  const next = await buildFake(dataDir, articles);
  const names = Object.keys(await snapshot(dataDir)).filter((n) => !n.includes('/') || n.endsWith('/'));
  expect(
    names.filter((n) => n.startsWith('.tmp-') || n.startsWith('CURRENT.tmp') || n.startsWith('index.lock')),
  ).toEqual([]);
  expect(names.filter((n) => n.startsWith('gen-')).length).toBeLessThanOrEqual(2);
  expect((await readGeneration(dataDir)).generation).toBe(next.summary.generation);
}

describe('fault injection: indexing killed with SIGKILL at seeded random steps, and failing writes', () => {
  let work: string;
  let template: string;
  let base: Article[];
  let bigger: Article[];
  let old: string;
  let oldFiles: Record<string, string>;
  let steps: Trace;

  beforeAll(async () => {
    work = await temp.make();
    base = await seedArticles();
    const rng = seededRandom(7);
    bigger = [
      ...base,
      ...Array.from({ length: 8 }, (_, i) =>
        makeArticle({
          id: `new-${i}`,
          text: randomArticle(rng, { paragraphs: [2, 3], sentences: [3, 4] }).text,
        }),
      ),
    ];
    template = path.join(work, 'template');
    old = (await buildFake(template, base)).summary.generation;
    oldFiles = await snapshot(template);
    const traced = path.join(work, 'traced');
    await cp(template, traced, { recursive: true });
    steps = await trace(traced, bigger, work);
  });

  async function fromTemplate(name: string): Promise<string> {
    const dir = path.join(work, name);
    await cp(template, dir, { recursive: true });
    return dir;
  }

  it('an update killed at any step: the old index serves (byte for byte) until CURRENT is renamed, then the new one', async () => {
    const points = killPoints(2022, steps.total, 7, [
      1,
      steps.currentRename,
      steps.currentRename + 1,
      steps.total,
    ]);
    expect(points.length).toBe(11);
    const outcomes: string[] = [];
    for (const point of points) {
      const dataDir = await fromTemplate(`kill-${point}`);
      const run = await runIndexChild(dataDir, {
        articles: bigger,
        work,
        env: { FAULT_KILL_AT: String(point) },
      });
      expect(run.signal, `step ${point}: ${run.lines.join(' | ')} ${run.stderr}`).toBe('SIGKILL');
      const state = await inspectDataDir(dataDir);
      const engine = await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
      expect((await engine.ask('Who did Kuleba meet in Washington?')).answered).toBe(true);
      if (point <= steps.currentRename) {
        expect(state).toEqual({ kind: 'index', generation: old });
        expect((await engine.documents()).map((d) => d.id)).toEqual(base.map((a) => a.id));
        const after = await snapshot(dataDir);
        for (const [file, hash] of Object.entries(oldFiles))
          expect(after[file], `step ${point}: ${file}`).toBe(hash);
        outcomes.push('old');
      } else {
        expect(state.kind).toBe('index');
        expect(engine.generation).not.toBe(old);
        expect((await engine.documents()).map((d) => d.id)).toEqual(bigger.map((a) => a.id));
        outcomes.push('new');
      }
      await expectCleanAfterNextRun(dataDir, base);
    }
    // Both outcomes happened, and every kill before the switch kept the old index.
    expect(outcomes.filter((o) => o === 'old').length).toBe(
      points.filter((p) => p <= steps.currentRename).length,
    );
    expect(new Set(outcomes)).toEqual(new Set(['old', 'new']));
  });

  it('a first build killed at any step: no index (a new folder), a clear error, or the complete index', async () => {
    const first = await trace(path.join(work, 'first-traced'), base, work);
    const points = killPoints(24, first.total, 1, [
      1,
      first.generationRename,
      first.generationRename + 1,
      first.currentRename + 1,
    ]);
    for (const point of points) {
      const dataDir = path.join(work, `first-kill-${point}`);
      const run = await runIndexChild(dataDir, {
        articles: base,
        work,
        env: { FAULT_KILL_AT: String(point) },
      });
      expect(run.signal).toBe('SIGKILL');
      if (point <= first.generationRename) {
        // Nothing usable was written: ask and the bot may build the first index here.
        expect((await inspectDataDir(dataDir)).kind).toBe(point === 1 ? 'missing' : 'empty');
        expect(await needsFirstIndex(dataDir)).toBe(true);
        await expectCleanAfterNextRun(dataDir, base);
      } else if (point <= first.currentRename) {
        // A finished generation that CURRENT never named: refused, never guessed; --rebuild repairs it.
        const message = `${dataDir} holds index generations but no CURRENT file naming the one in use: run \`npm run index -- --rebuild\``;
        await expect(needsFirstIndex(dataDir)).rejects.toThrow(new IndexUnusableError(message));
        await expect(buildFake(dataDir, base)).rejects.toThrow(new IndexUnusableError(message));
        await buildFake(dataDir, base, { rebuild: true });
        await expectCleanAfterNextRun(dataDir, base);
      } else {
        const engine = await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
        expect((await engine.documents()).map((d) => d.id)).toEqual(base.map((a) => a.id));
      }
    }
  });

  it('a write failing at any step of writing the generation (ENOSPC, EIO) leaves the folder exactly as it was', async () => {
    const rng = seededRandom(99);
    const failing = [
      ...new Set([steps.writeSteps[0]!, steps.currentRename, ...steps.writeSteps.filter(() => rng() < 0.12)]),
    ];
    expect(failing.length).toBeGreaterThanOrEqual(3);
    for (const [i, point] of failing.entries()) {
      const errno = i === 1 ? 'EIO' : 'ENOSPC';
      const dataDir = await fromTemplate(`fail-${point}`);
      const run = await runIndexChild(dataDir, {
        articles: bigger,
        work,
        env: { FAULT_FAIL_AT: String(point), FAULT_ERRNO: errno },
      });
      expect(run.code, run.lines.join(' | ')).toBe(1);
      const kept = 'the index in use is unchanged and the partial files were removed';
      if (errno === 'ENOSPC') {
        expect(run.error).toBe(
          `IndexWriteError crisis-desk: no space left on the device of ${dataDir} (ENOSPC) while writing the new index; ${kept}: free some space and run again`,
        );
      } else {
        expect(run.error).toMatch(
          new RegExp(
            `^IndexWriteError crisis-desk: could not write the new index in ${dataDir} \\(EIO: injected failure, \\S+ '.*'\\); ${kept}$`,
          ),
        );
      }
      expect(await snapshot(dataDir)).toEqual(oldFiles);
      await expectCleanAfterNextRun(dataDir, base);
    }
  });

  it('an embedder that fails mid-run changes nothing', async () => {
    const dataDir = await fromTemplate('embed-fails');
    const second = String(steps.embedSteps[1]);
    const run = await runIndexChild(dataDir, {
      articles: bigger,
      work,
      env: { FAULT_FAIL_AT: second, FAULT_ERRNO: 'EPIPE' },
    });
    expect(run.code).toBe(1);
    expect(run.error).toBe("Error EPIPE: injected failure, embed ''");
    expect(await snapshot(dataDir)).toEqual(oldFiles);
  });
});
