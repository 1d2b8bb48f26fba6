/**
 * The CLIs as users run them, against hostile input and mistakes: an article full of terminal escape
 * sequences, file names with newlines, FIFOs, loops and bad dates in the corpus (real model: USE-lite); and user
 * errors, each one line naming the setting or argument, exit 2, no secret echoed, no stack trace unless
 * LOG_LEVEL=debug. `--help` works for every command.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEEDS_DIR } from '../helpers/articles.ts';
import { importForHelp } from '../helpers/cli-help.ts';
import { type CliResult, runCli } from '../helpers/run-cli.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

/** Anything a terminal would act on: C0 controls but newline, DEL, C1 controls. */
// eslint-disable-next-line no-control-regex
const TERMINAL_CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;

const EVIL_TITLE = 'Zaporizhzhia inspectors arrive \x1b[2J\x1b]0;pwned\x07\x9b31m at the plant';
const EVIL_BODY =
  'Inspectors from the atomic agency reached the Zaporizhzhia nuclear plant on Thursday.\x1b[1A\x1b[2K The mission\x7f\x85' +
  ' was\x1bc forged\x08\x08\x08 delayed by shelling near the reactor halls, \x1bP+q\x1b\\officials said.\n\n' +
  'The inspectors will stay at the plant for several days, the agency said in a statement.';
const BAD_NAME = 'name\nwith\x1b[31mescape.txt';

describe('CLI with a hostile corpus (real model: USE-lite)', () => {
  let root: string;
  let dataDir: string;
  let env: Record<string, string>;
  let indexRun: CliResult;

  beforeAll(async () => {
    root = await temp.make();
    const corpus = path.join(root, 'corpus');
    await cp(SEEDS_DIR, corpus, { recursive: true });
    await writeFile(path.join(corpus, 'evil.txt'), `${EVIL_TITLE}\n\n${EVIL_BODY}\n`);
    await writeFile(path.join(corpus, BAD_NAME), '');
    execFileSync('mkfifo', [path.join(corpus, 'pipe.txt')]);
    await symlink('loop.txt', path.join(corpus, 'loop.txt'));
    await writeFile(
      path.join(corpus, 'wire.jsonl'),
      JSON.stringify({ id: 'w1', title: 'Wire', text: 'Grain ships left Odesa on Monday.', date: 'soon' }),
    );
    dataDir = path.join(root, 'data');
    env = { DATA_DIR: dataDir, EMBEDDING_MODEL: 'use-lite', EMBED_WORKERS: '1' };
    indexRun = await runCli('index-articles.ts', [corpus, path.join(root, 'missing.txt')], { env });
  });

  it('index: every skipped file and warning is reported on its own line, names escaped, no hang on the FIFO', () => {
    expect(indexRun.code, indexRun.stderr).toBe(0);
    const lines = indexRun.stdout.trimEnd().split('\n');
    expect(lines[1]).toBe('  added 7, changed 0, moved 0, removed 0, unchanged 0, kept 0, skipped 4');
    expect(lines.slice(3)).toEqual([
      '  skipped corpus/loop.txt: a symbolic link loop',
      '  skipped corpus/name\\nwith\\x1b[31mescape.txt: empty file',
      '  skipped corpus/pipe.txt: a FIFO (named pipe), not a regular file',
      `  skipped ${path.join(root, 'missing.txt')}: cannot read: ENOENT`,
      '  warning corpus/wire.jsonl:1: date: expected a date such as 2022-02-24, got "soon"; indexed without a date',
    ]);
    expect(indexRun.stdout).not.toMatch(TERMINAL_CONTROL);
    expect(indexRun.stderr).not.toMatch(TERMINAL_CONTROL);
    expect(indexRun.stderr).toContain('reading: 8/8');
  });

  it('ask prints article text without a single control character or escape sequence', async () => {
    const run = await runCli('ask.ts', ['Did inspectors reach the Zaporizhzhia nuclear plant?', '--k', '1'], {
      env,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(TERMINAL_CONTROL);
    expect(run.stdout).toContain(
      '“Zaporizhzhia inspectors arrive  at the plant” — Unknown outlet · unreviewed · undated, corpus/evil.txt',
    );
    expect(run.stdout).toContain(
      'The mission was forged delayed by shelling near the reactor halls, officials said.',
    );
  });

  it('sources prints titles without control characters', async () => {
    const text = await runCli('sources.ts', [], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).not.toMatch(TERMINAL_CONTROL);
    expect(text.stdout).toContain(
      '- “Zaporizhzhia inspectors arrive  at the plant” — Unknown outlet · unreviewed · undated, corpus/evil.txt',
    );
  });

  it('ask --json - : one output line per input line (empty and blank ones too); the article exact, its controls escaped', async () => {
    const input =
      'Did inspectors reach the Zaporizhzhia nuclear plant?\n\n   \r\nWhen did grain ships leave Odesa?\n';
    const run = await runCli('ask.ts', ['--json', '-', '--k', '1'], { env, input });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(TERMINAL_CONTROL);
    expect(run.stdout).toContain('\\u001b[2J\\u001b]0;pwned\\u0007\\u009b31m');
    type Line = {
      question: string;
      error?: string;
      passages: { text: string; citation: { title: string } }[];
    };
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    expect(lines.map((l) => l.question)).toEqual([
      'Did inspectors reach the Zaporizhzhia nuclear plant?',
      '',
      '   ',
      'When did grain ships leave Odesa?',
    ]);
    expect(lines[1]!.error).toBe('question: expected some words, got an empty question');
    expect(lines[2]!.error).toBe('question: expected some words, got an empty question');
    expect(lines[0]!.passages[0]!.citation.title).toBe(EVIL_TITLE);
    expect(EVIL_BODY).toContain(lines[0]!.passages[0]!.text);
  });
});

describe('CLI user errors: one line naming the setting or argument, exit 2, nothing secret echoed', () => {
  const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB';
  let closedPort: number;
  let dataDir: string;
  beforeAll(async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closedPort = (server.address() as { port: number }).port;
    await new Promise((resolve) => server.close(resolve));
    dataDir = path.join(await temp.make(), 'data');
    await mkdir(dataDir);
  });

  function expectOneLine(run: CliResult, line: string, code = 2): void {
    expect(run.code, run.stderr).toBe(code);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`${line}\n`);
  }

  it('settings: a bad number, a token pasted into DISCORD_CLIENT_ID or EMBED_WORKERS, a bad URL', async () => {
    const bot = { DISCORD_TOKEN: 'aaaa.bbbb.cccc', DISCORD_CLIENT_ID: '123456789012345678' };
    const [workers, workersToken, clientId, restUrl, logLevel] = await Promise.all([
      runCli('ask.ts', ['Who?'], { env: { EMBED_WORKERS: 'lots' } }),
      runCli('index-articles.ts', [], { env: { EMBED_WORKERS: TOKEN } }),
      runCli('deploy-commands.ts', [], { env: { ...bot, DISCORD_CLIENT_ID: TOKEN } }),
      runCli('deploy-commands.ts', [], { env: { ...bot, DISCORD_REST_API: `ftp://user:${TOKEN}@proxy` } }),
      runCli('sources.ts', [], { env: { LOG_LEVEL: 'verbose' } }),
    ]);
    expectOneLine(workers, 'error: setting EMBED_WORKERS: expected an integer from 1 to 64, got "lots"');
    expectOneLine(
      workersToken,
      `error: setting EMBED_WORKERS: expected an integer from 1 to 64, got a value of ${TOKEN.length} characters (not shown)`,
    );
    expectOneLine(
      clientId,
      'error: setting DISCORD_CLIENT_ID: expected the application id (17–20 digits), got something shaped like a bot token (not shown; the token belongs in DISCORD_TOKEN)',
    );
    expectOneLine(
      restUrl,
      `error: setting DISCORD_REST_API: expected an http(s) URL such as https://discord.com/api, got a value of ${`ftp://user:${TOKEN}@proxy`.length} characters (not shown)`,
    );
    expectOneLine(
      logLevel,
      'error: setting LOG_LEVEL: expected one of debug, info, warn, error, got "verbose"',
    );
    for (const run of [workersToken, clientId, restUrl]) expect(run.stderr).not.toContain(TOKEN.slice(0, 12));
  });

  it('an unreachable DISCORD_REST_API names the setting and the host, never the credentials in the URL', async () => {
    const env = {
      DISCORD_TOKEN: 'aaaa.bbbb.cccc',
      DISCORD_CLIENT_ID: '123456789012345678',
      DISCORD_REST_API: `http://user:secret@127.0.0.1:${closedPort}/api`,
    };
    const run = await runCli('deploy-commands.ts', [], { env });
    expectOneLine(
      run,
      `error: setting DISCORD_REST_API: expected an address where Discord's REST API (or a proxy in front of it) answers, got ECONNREFUSED from 127.0.0.1:${closedPort}`,
    );
  });

  it('a stack trace only with LOG_LEVEL=debug', async () => {
    const file = path.join(dataDir, 'file.txt');
    await writeFile(file, '');
    const [plain, debug] = await Promise.all([
      runCli('ask.ts', ['Who?', '--data-dir', file]),
      runCli('ask.ts', ['Who?', '--data-dir', file], { env: { LOG_LEVEL: 'debug' } }),
    ]);
    const line = `error: DATA_DIR or --data-dir: expected a folder for the index, but ${file} is a file`;
    expectOneLine(plain, line);
    expect(debug.code).toBe(2);
    expect(debug.stderr.split('\n')[0]).toBe(line);
    expect(debug.stderr).toMatch(/\n {4}at .*generations\.ts/);
  });

  it('--help prints the usage and exits 0; an unknown option points to it', async () => {
    // Every command goes through runCommand (tests/reliability/terminal.test.ts checks it for each); two real runs here.
    const scripts = ['index-articles.ts', 'start.ts'];
    const runs = await Promise.all(scripts.map((s) => runCli(s, ['--help'], { env: { DISCORD_TOKEN: '' } })));
    for (const [i, run] of runs.entries()) {
      expect(run.code, scripts[i]).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe(`${(await importForHelp(scripts[i]!)).help}\n`);
    }
    const unknown = await runCli('index-articles.ts', ['--frobnicate']);
    expectOneLine(
      unknown,
      'error: unknown option --frobnicate; expected one of --feed, --data-dir, --rebuild, --prune (or --help)',
    );
  });
});
