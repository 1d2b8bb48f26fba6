/**
 * The CLI as users run it: real child processes with real models — USE-lite (bundled and offline) and the default
 * bge-small (skipped, with the reason, when \`npm test\` could not fetch it). Every run gets a temporary DATA_DIR
 * (flag and environment), so the repository's data/ is never touched.
 */
import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BGE_SMALL } from '../../src/models/catalog.ts';
import { modelAvailability } from '../../src/models/fetch.ts';
import { REPO_ROOT, SEEDS_DIR } from '../helpers/articles.ts';
import { type CliResult, runCli } from '../helpers/run-cli.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

const PASSAGE_KEYS = [
  'rank',
  'score',
  'text',
  'highlight',
  'citation',
  'alsoReportedBy',
  'corroboration',
  'newer',
];
const CITATION_KEYS = ['id', 'title', 'source', 'date', 'url', 'path'];

interface JsonAnswer {
  question: string;
  answered: boolean;
  confidence: 'answer' | 'related' | 'none';
  notes: string[];
  passages: {
    rank: number;
    score: number;
    text: string;
    highlight: string;
    citation: Record<string, unknown>;
    alsoReportedBy: Record<string, unknown>[];
    corroboration: { outlets: number; names: string[] };
    newer: Record<string, unknown> | null;
  }[];
}

function checkShape(answer: JsonAnswer): void {
  expect(Object.keys(answer)).toEqual([
    'question',
    'answered',
    'confidence',
    'notes',
    'time',
    'reader',
    'passages',
  ]);
  expect(answer.notes).toEqual([]);
  expect(['answer', 'related', 'none']).toContain(answer.confidence);
  expect(answer.answered).toBe(answer.confidence === 'answer');
  for (const p of answer.passages) {
    expect(Object.keys(p)).toEqual(PASSAGE_KEYS);
    expect(Object.keys(p.citation)).toEqual(CITATION_KEYS);
    for (const c of p.alsoReportedBy) expect(Object.keys(c)).toEqual(CITATION_KEYS);
    expect(p.text).toContain(p.highlight);
    expect(p.corroboration.outlets).toBe(p.corroboration.names.length);
    expect(p.corroboration.outlets).toBeGreaterThanOrEqual(1);
    if (p.newer !== null) expect(Object.keys(p.newer)).toEqual(CITATION_KEYS);
  }
}

describe('CLI (real model: USE-lite)', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let indexRun: CliResult;

  beforeAll(async () => {
    const root = await temp.make();
    const corpus = path.join(root, 'seeds');
    await cp(SEEDS_DIR, corpus, { recursive: true });
    await writeFile(path.join(corpus, 'zz-broken.txt'), new Uint8Array([0x50, 0x4b, 0x00, 0x01, 0x02]));
    dataDir = path.join(root, 'data');
    env = { DATA_DIR: dataDir, EMBEDDING_MODEL: 'use-lite', EMBED_WORKERS: '1' };
    indexRun = await runCli('index-articles.ts', [corpus, '--data-dir', dataDir], { env });
  });

  it('index: indexes the good files and names the skipped one with its reason in the summary', () => {
    expect(indexRun.code, indexRun.stderr).toBe(0);
    expect(indexRun.stdout).toMatch(/^Indexed 5 articles \(\d+ chunks\) into /);
    expect(indexRun.stdout).toContain(
      'added 5, changed 0, moved 0, removed 0, unchanged 0, kept 0, skipped 1',
    );
    expect(indexRun.stdout).toContain(
      '  skipped seeds/zz-broken.txt: binary file (contains NUL bytes), expected UTF-8 text',
    );
  });

  it('ask --json prints exactly one JSON object of the documented shape', async () => {
    const { code, stdout, stderr } = await runCli(
      'ask.ts',
      ['--json', 'Who did Kuleba meet in Washington?', '--data-dir', dataDir, '--k', '2'],
      { env },
    );
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const answer = JSON.parse(lines[0]!) as JsonAnswer;
    checkShape(answer);
    expect(answer.question).toBe('Who did Kuleba meet in Washington?');
    expect(answer.answered).toBe(true);
    expect(answer.passages.map((p) => p.rank)).toEqual([1, 2]);
    expect(
      answer.passages.every(
        (p) => typeof p.citation.path === 'string' && (p.citation.path as string).startsWith('seeds/'),
      ),
    ).toBe(true);
  });

  it('ask --json - reads questions from stdin and prints one object per input line; a bad one (or an empty line) gets an error line', async () => {
    const questions = [
      'Who did Kuleba meet in Washington?',
      '',
      'Give me a recipe for lasagna.',
      'x'.repeat(1001),
      'When did Russia seize Crimea?',
    ];
    const { code, stdout, stderr } = await runCli('ask.ts', ['--json', '-', '--data-dir', dataDir], {
      env,
      input: `${questions.join('\n')}\n`,
    });
    expect(code, stderr).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as JsonAnswer & { error?: string });
    expect(lines.map((l) => l.question)).toEqual(questions);
    for (const l of [lines[0]!, lines[2]!, lines[4]!]) checkShape(l);
    expect(lines[0]!.answered).toBe(true);
    expect(lines[1]).toEqual({ question: '', error: 'question: expected some words, got an empty question' });
    expect(lines[2]!.answered).toBe(false);
    expect(lines[3]).toEqual({
      question: questions[3],
      error: 'question: expected at most 1000 characters, got 1001',
    });
    expect(lines[4]!.passages[0]!.text).toContain('Crimean');
  });

  it.each([
    [[], 'error: expected one question in quotes'],
    [['--json'], 'error: expected one question in quotes'],
    [['two', 'questions'], 'error: expected one question in quotes'],
    [
      ['--frobnicate', 'Who?'],
      'error: unknown option --frobnicate; expected one of --k, --source, --after, --before, --data-dir, --json',
    ],
    [['--k', '0', 'Who?'], 'error: --k: expected an integer from 1 to 50, got "0"'],
    [['--k'], 'error: --k expects a value'],
  ])('ask %j is a usage error: exit 2 and one line on stderr', async (args, message) => {
    const { code, stdout, stderr } = await runCli('ask.ts', [...args, '--data-dir', dataDir], { env });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.startsWith(message)).toBe(true);
  });

  it('timeline --json lists events oldest first with outlets and quoted sentences; an uncovered topic finds nothing', async () => {
    const { code, stdout, stderr } = await runCli(
      'timeline.ts',
      ['--json', 'Blinken and Lavrov meeting', '--data-dir', dataDir],
      { env },
    );
    expect(code, stderr).toBe(0);
    const t = JSON.parse(stdout) as {
      topic: string;
      confidence: string;
      notes: string[];
      time: unknown;
      articlesConsidered: number;
      events: {
        date: string | null;
        sentence: string;
        citation: Record<string, unknown>;
        alsoReportedBy: unknown[];
        corroboration: { outlets: number; names: string[] };
      }[];
    };
    expect(Object.keys(t)).toEqual(['topic', 'confidence', 'notes', 'time', 'articlesConsidered', 'events']);
    expect(t.confidence).not.toBe('none');
    expect(t.events.length).toBeGreaterThan(0);
    const dates = t.events.map((e) => e.date ?? '9999');
    expect(dates).toEqual([...dates].sort());
    for (const e of t.events) {
      expect(Object.keys(e)).toEqual(['date', 'sentence', 'citation', 'alsoReportedBy', 'corroboration']);
      expect(Object.keys(e.citation)).toEqual(CITATION_KEYS);
      expect(e.corroboration.outlets).toBe(e.corroboration.names.length);
    }
    const none = await runCli('timeline.ts', ['lasagna recipe with ricotta', '--data-dir', dataDir], { env });
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toContain('Nothing found: nothing in the 5 indexed articles is about this.');
  });

  it('ask with a bad filter value exits 2 with the reason', async () => {
    const { code, stderr } = await runCli(
      'ask.ts',
      ['Who?', '--after', '2022-02-30', '--data-dir', dataDir],
      { env },
    );
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('error: after: expected a date as YYYY-MM-DD, got "2022-02-30"');
  });

  it('sources --json lists the documents, outlets and stats', async () => {
    const { code, stdout, stderr } = await runCli('sources.ts', ['--json'], { env });
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]!) as {
      documents: { path: string; source: string | null; chunks: number; characters: number }[];
      outlets: { source: string; articles: number }[];
      stats: { articles: number; chunks: number; embedder: string; firstDate: string; lastDate: string };
    };
    expect(Object.keys(out)).toEqual(['documents', 'outlets', 'stats']);
    expect(out.documents.map((d) => d.path)).toEqual([
      'seeds/000_702bbf34b719751d.txt',
      'seeds/001_0c4131af77c04402.txt',
      'seeds/002_9a8e32283f0f2645.txt',
      'seeds/003_864e040f7018c04b.txt',
      'seeds/004_008363b405ac4cce.txt',
    ]);
    expect(out.stats).toMatchObject({
      articles: 5,
      embedder: 'use-lite@0.2.0',
      firstDate: '2022-01-18',
      lastDate: '2022-02-23',
    });
    expect(out.stats.chunks).toBe(out.documents.reduce((n, d) => n + d.chunks, 0));
    expect(out.outlets).toEqual(
      out.outlets.slice().sort((a, b) => b.articles - a.articles || a.source.localeCompare(b.source)),
    );
    expect(out.outlets.reduce((n, o) => n + o.articles, 0)).toBe(5);
    // Each outlet carries its label from src/outlets/outlets.json; an unlisted one is "unreviewed".
    expect(out.outlets).toContainEqual(
      expect.objectContaining({
        source: 'Associated Press (via thereminder.ca)',
        name: 'Associated Press',
        label: 'US wire service',
      }),
    );
    expect(out.outlets).toContainEqual(
      expect.objectContaining({ source: 'Ru-Main', label: 'unreviewed', kind: 'unreviewed' }),
    );
  });
});

const bge = await modelAvailability(BGE_SMALL, path.join(REPO_ROOT, 'models'));

describe.skipIf(!bge.available)(
  `CLI with the default model (real model: ${BGE_SMALL.name}${bge.available ? '' : `, skipped: ${bge.reason}`})`,
  () => {
    it("the README's first command: no index, no EMBEDDING_MODEL → builds the seeds index with bge-small and answers", async () => {
      const dataDir = path.join(await temp.make(), 'data');
      const { code, stdout, stderr } = await runCli(
        'ask.ts',
        ['--json', 'Who did Kuleba meet in Washington?'],
        {
          env: { DATA_DIR: dataDir },
        },
      );
      expect(code, stderr).toBe(0);
      expect(stderr).toContain(`No index in ${dataDir} yet: building one there from seeds/ first.`);
      const answer = JSON.parse(stdout) as JsonAnswer;
      checkShape(answer);
      expect(answer.confidence).toBe('answer');
      expect(answer.passages.map((p) => p.text).join(' ')).toContain('Lloyd Austin');
      const sources = await runCli('sources.ts', ['--json', '--data-dir', dataDir], {
        env: { DATA_DIR: dataDir },
      });
      expect(sources.stdout).toContain(
        'transformers:Xenova/bge-small-en-v1.5:q8:6c9c6101a956:cls+instruction:512',
      );
    });
  },
);
