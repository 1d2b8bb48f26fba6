/**
 * What runMain prints and which exit code it sets for each error the product throws on purpose: input errors
 * exit 2, errors of the surroundings exit 1 with no hint, anything else exits 1 with the LOG_LEVEL=debug hint.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../src/cli/args.ts';
import { runMain } from '../../src/cli/run.ts';
import { DevDependencyError } from '../../src/cli/local-postgres.ts';
import { ConfigError } from '../../src/config.ts';
import { malformedJson } from '../../src/errors.ts';
import { NothingToIndexError } from '../../src/host/index-paths.ts';
import { IndexUnusableError } from '../../src/index/manifest.ts';
import { PgStoreError } from '../../src/index/pg/db.ts';
import { DataDirError } from '../../src/index/generations.ts';
import { IndexWriteError } from '../../src/index/store.ts';
import { ModelFetchError } from '../../src/models/fetch.ts';
import { ReaderUnavailableError } from '../../src/read/factory.ts';
import { AskInputError } from '../../src/search/options.ts';
import { StateDbError } from '../../src/state/db.ts';
import { explainDiscordError } from '../../src/bot/network.ts';

const HINT = ' (LOG_LEVEL=debug shows where)';

async function run(error: unknown): Promise<{ code: number | string | undefined; lines: string[] }> {
  const lines: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
  process.exitCode = undefined;
  runMain(async () => {
    throw error;
  });
  await new Promise((resolve) => setImmediate(resolve));
  const code = process.exitCode;
  process.exitCode = undefined;
  return { code, lines };
}

describe('runMain: exit code and line by the kind of error', () => {
  const argv = process.argv;
  const level = process.env.LOG_LEVEL;
  const streams = [process.stdout, process.stderr];
  const listeners = streams.map((s) => s.listeners('error'));
  beforeEach(() => {
    process.argv = [argv[0]!, path.join('src', 'cli', 'not-a-command.ts')];
    delete process.env.LOG_LEVEL;
  });
  afterEach(() => {
    process.argv = argv;
    if (level !== undefined) process.env.LOG_LEVEL = level;
    // runMain listens for a closed output on each call; keep only the listeners that were there before.
    streams.forEach((stream, i) => {
      for (const l of stream.listeners('error'))
        if (!listeners[i]!.includes(l)) stream.off('error', l as () => void);
    });
    vi.restoreAllMocks();
  });

  it.each([
    [new UsageError('--k expects a value'), 'error: --k expects a value'],
    [new AskInputError('k: expected 1 to 10'), 'error: k: expected 1 to 10'],
    [new ConfigError('K', 'a number', '"x"'), 'error: setting K: expected a number, got "x"'],
    [new IndexUnusableError('run it'), 'error: run it'],
    [new DataDirError('not a folder'), 'error: not a folder'],
    [
      new NothingToIndexError([{ path: 'a.txt', reason: 'empty' }], 'data'),
      'error: nothing to index, so data was left as it was: a.txt: empty',
    ],
    [new StateDbError('locked', 'the state is locked'), 'error: the state is locked'],
    [new ReaderUnavailableError('no reader'), 'error: no reader'],
  ])('%s: exit 2, no hint', async (error, line) => {
    expect(await run(error)).toEqual({ code: 2, lines: [line] });
  });

  it('errors of the surroundings: exit 1, no hint', async () => {
    const unreachable = explainDiscordError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), null);
    for (const [error, line] of [
      [new IndexWriteError('disk full', 'ENOSPC'), 'error: disk full'],
      [unreachable, `error: ${(unreachable as Error).message.replace('crisis-desk: ', '')}`],
      [
        new DevDependencyError('pg:local', '@electric-sql/pglite'),
        'error: pg:local needs @electric-sql/pglite, a dev dependency this install left out; run npm install (without --omit=dev)',
      ],
    ] as const) {
      expect(await run(error)).toEqual({ code: 1, lines: [line] });
    }
  });

  it('anything else: exit 1 with the hint', async () => {
    expect(await run(new Error('boom'))).toEqual({ code: 1, lines: [`error: boom${HINT}`] });
    expect(await run('a string')).toEqual({ code: 1, lines: [`error: a string${HINT}`] });
    expect(await run(new PgStoreError('the database refused'))).toEqual({
      code: 1,
      lines: [`error: the database refused${HINT}`],
    });
    expect(await run(new ModelFetchError('bge-small', [{ source: 'pip', reason: 'offline' }]))).toEqual({
      code: 1,
      lines: [`error: could not fetch bge-small: pip: offline${HINT}`],
    });
    // A coded internal error ends as the plain Error it replaced did.
    expect(
      await run(malformedJson('topics.jsonl:3', new SyntaxError('Unexpected end of JSON input'))),
    ).toEqual({
      code: 1,
      lines: [`error: topics.jsonl:3: malformed JSON (Unexpected end of JSON input)${HINT}`],
    });
  });
});
