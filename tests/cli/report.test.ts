/** npm run report as users run it: a child process over a state database the bot wrote. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQaFile } from '../../src/eval/qa.ts';
import { Community } from '../../src/state/community.ts';
import { stateDbFile } from '../../src/state/db.ts';
import type { Answer } from '../../src/types.ts';
import { passage } from '../helpers/fake-engine.ts';
import { runCli } from '../helpers/run-cli.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
let dataDir: string;
afterAll(() => temp.cleanup());

const answer = (question: string, confidence: Answer['confidence']): Answer => ({
  question,
  answered: confidence === 'answer',
  confidence,
  passages: confidence === 'none' ? [] : [passage(1)],
  hasMore: false,
  articlesConsidered: 5,
  notes: [],
  time: null,
});

beforeAll(async () => {
  dataDir = await temp.make();
  const c = Community.open({ dataDir });
  c.recordAsk('g', answer('cake recipe', 'none'), 'gen', 'm');
  c.recordAsk('g', answer('Cake recipes', 'none'), 'gen', 'm');
  const good = c.recordAsk('g', answer('Who met Lavrov?', 'answer'), 'gen', 'm')!;
  const bad = c.recordAsk('g', answer('When did it start?', 'answer'), 'gen', 'm')!;
  c.vote(good, 'u1', 1);
  c.vote(bad, 'u1', -1, 'wrong-passage');
  c.close();
});

describe('npm run report', () => {
  it('gaps --json: grouped questions with counts and dates', async () => {
    const r = await runCli('report.ts', ['gaps', '--json', '--data-dir', dataDir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const { groups } = JSON.parse(r.stdout) as {
      groups: { question: string; count: number; downvotes: number }[];
    };
    expect(groups.map((g) => [g.question, g.count, g.downvotes])).toEqual([
      ['cake recipe', 2, 0],
      ['When did it start?', 1, 1],
    ]);
  });

  it('feedback prints votes per day and reason; export --qa writes an eval file', async () => {
    const feedback = await runCli('report.ts', ['feedback', '--data-dir', dataDir]);
    expect(feedback.code).toBe(0);
    expect(feedback.stdout).toMatch(/^total\s+2\s+1\s+1\s+50%\s+1\s/m);
    const out = path.join(dataDir, 'community.jsonl');
    const exported = await runCli('report.ts', ['export', '--qa', out, '--data-dir', dataDir]);
    expect(exported.stdout).toContain(`Wrote 1 voted-up question to ${out}`);
    const items = parseQaFile(await readFile(out, 'utf8'), out);
    expect(items.map((i) => i.question)).toEqual(['Who met Lavrov?']);
  });

  it('says what is wrong, exit 2: no database yet, a damaged one, a bad report name', async () => {
    const empty = await temp.make();
    const missing = await runCli('report.ts', ['gaps', '--data-dir', empty]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      `error: no bot state database at ${stateDbFile(empty)}; the bot creates it when it first starts`,
    );
    const damagedDir = await temp.make();
    Community.open({ dataDir: damagedDir }).close();
    await writeFile(stateDbFile(damagedDir), 'x'.repeat(5000));
    const damaged = await runCli('report.ts', ['gaps', '--data-dir', damagedDir]);
    expect(damaged.code).toBe(2);
    expect(damaged.stderr).toMatch(/^error: the bot state database .* is damaged/);
    const wrong = await runCli('report.ts', ['gasp', '--data-dir', dataDir]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('expected one report: gaps, feedback or export --qa <file>; got "gasp"');
  });
});
