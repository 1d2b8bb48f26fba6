/**
 * What reaches a terminal: escape sequences and control characters from articles, file names and messages are
 * removed or made visible, JSON stays exact, errors are one line, settings that could hold a secret are never
 * echoed, and --help is wired for every command.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { explainDiscordError, unreachableCode } from '../../src/bot/network.ts';
import { answerText, citationLine } from '../../src/cli/render.ts';
import { printSummary } from '../../src/cli/summary.ts';
import { runMain, wantsHelp } from '../../src/cli/run.ts';
import { loadBotConfig, loadEngineConfig } from '../../src/config.ts';
import { escapeControls, jsonLine, stripControls } from '../../src/terminal.ts';
import type { Answer, IndexSummary } from '../../src/types.ts';
import { REPO_ROOT } from '../helpers/articles.ts';
import { citation, passage } from '../helpers/fake-engine.ts';
import { configErrorOf } from '../helpers/config-error.ts';
import { CLI_DIR, importForHelp } from '../helpers/cli-help.ts';

// eslint-disable-next-line no-control-regex
const TERMINAL_CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;

/** Escape sequences an article could carry, each with what must be left of it. */
const SEQUENCES: [string, string, string][] = [
  ['clear screen (CSI)', 'a\x1b[2Jb', 'ab'],
  ['colour with parameters', 'a\x1b[1;31;48;5;196mb', 'ab'],
  ['window title (OSC, BEL)', 'a\x1b]0;pwned\x07b', 'ab'],
  ['hyperlink (OSC 8, ST)', 'a\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\b', 'alinkb'],
  ['device control string', 'a\x1bP+q544e\x1b\\b', 'ab'],
  ['unterminated OSC stops at the line end', 'a\x1b]0;title\nnext', 'a\nnext'],
  ['8-bit CSI', 'a\x9b2Jb', 'ab'],
  ['8-bit OSC', 'a\x9d0;t\x9cb', 'ab'],
  ['reset (ESC c) and cursor save (ESC 7)', 'a\x1bcb\x1b7c', 'abc'],
  ['charset (ESC ( 0)', 'a\x1b(0b', 'ab'],
  ['bell, backspace, carriage return, DEL, NEL', 'a\x07\x08\r\x7f\x85b', 'ab'],
  ['tabs and newlines stay', 'a\tb\nc', 'a\tb\nc'],
  ['a lone ESC at the end', 'ab\x1b', 'ab'],
];

describe('terminal text', () => {
  it.each(SEQUENCES)('stripControls: %s', (_name, input, output) => {
    expect(stripControls(input)).toBe(output);
  });

  it('escapeControls makes every control character visible and keeps the text on one line', () => {
    expect(escapeControls('name\nwith\x1b[31m\ttab\r\x9b\x7f.txt')).toBe(
      'name\\nwith\\x1b[31m\\ttab\\r\\x9b\\x7f.txt',
    );
  });

  it('jsonLine: parses back to the same value; no raw C1, DEL or line separator in the text', () => {
    const value = { title: 'x\x1b[2J\x9b31m\x7f\u2028\u2029y', n: 1 };
    const line = jsonLine(value);
    expect(JSON.parse(line)).toEqual(value);
    expect(line).not.toMatch(TERMINAL_CONTROL);
    expect(line).not.toMatch(/[\u2028\u2029]/);
  });

  it('answerText and citationLine show hostile articles without a control character', () => {
    const hostile = passage(1, {
      before: 'Before \x1b[2J',
      highlight: 'the \x1b]0;pwned\x07answer\x9b31m.',
      after: ' After\x07.',
      citation: citation({
        title: 'Title\x1b[5m\nsecond line',
        source: 'Out\x1b[0mlet',
        url: 'https://x.example/\x1b[2J',
      }),
      alsoReportedBy: [citation({ source: 'Wire\x1b[31m' })],
    });
    const answer: Answer = {
      question: 'q',
      answered: true,
      confidence: 'answer',
      notes: [],
      time: null,
      passages: [hostile],
      hasMore: false,
      articlesConsidered: 1,
    };
    for (const tty of [false, true]) {
      const text = answerText(answer, tty).replaceAll('\x1b[1m', '').replaceAll('\x1b[22m', '');
      expect(text).not.toMatch(TERMINAL_CONTROL);
      expect(text).toContain(tty ? 'Before the answer. After.' : 'Before **the answer.** After.');
      expect(text).toContain('also reported by: Wire');
    }
    expect(citationLine(hostile.citation)).toBe(
      '“Title second line” — Outlet · unreviewed · 2022-02-21, https://x.example/',
    );
  });

  it('the index summary escapes paths and reasons, one line each', () => {
    const summary: IndexSummary = {
      added: 1,
      changed: 0,
      moved: 0,
      removed: 0,
      unchanged: 0,
      kept: 2,
      articles: 3,
      chunks: 3,
      embedded: 1,
      seconds: 0.1,
      generation: 'g',
      skipped: [{ path: 'a\nb.txt', reason: 'header should name Date,URL,Title,Text; got \x1b[2J' }],
      warnings: [
        {
          path: 'w.jsonl',
          line: 3,
          reason: 'date: expected a date such as 2022-02-24, got "\x1b]0;x\x07"; indexed without a date',
        },
      ],
    };
    const lines: string[] = [];
    printSummary(summary, '/data', (l) => lines.push(l));
    expect(lines).toEqual([
      'Indexed 3 articles (3 chunks) into /data in 0.1 s.',
      '  added 1, changed 0, moved 0, removed 0, unchanged 0, kept 2, skipped 1',
      '  kept: 2 articles from files, folders or feeds this run did not read (--prune removes them)',
      '  texts embedded this run: 1',
      '  skipped a\\nb.txt: header should name Date,URL,Title,Text; got \\x1b[2J',
      '  warning w.jsonl:3: date: expected a date such as 2022-02-24, got "\\x1b]0;x\\x07"; indexed without a date',
    ]);
  });

  it('the bot log writes one line per entry, control characters escaped, the token redacted', () => {
    const lines: string[] = [];
    const logger = createLogger({
      secrets: ['tok.en.x'],
      write: (l) => lines.push(l),
      now: () => new Date(0),
    });
    logger.info('loaded "Title\x1b[2J\nsecond" with tok.en.x', { title: 'a\x9bb' });
    expect(lines).toEqual([
      '1970-01-01T00:00:00.000Z INFO loaded "Title\\x1b[2J\\nsecond" with [redacted] {"title":"a\\x9bb"}',
    ]);
  });
});

describe('settings that could hold a secret are never echoed', () => {
  const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB';
  const bot = { DISCORD_TOKEN: 'aaaa.bbbb.cccc', DISCORD_CLIENT_ID: '123456789012345678' };
  const message = configErrorOf;

  it.each([
    [
      'DISCORD_CLIENT_ID',
      { ...bot, DISCORD_CLIENT_ID: TOKEN },
      'got something shaped like a bot token (not shown; the token belongs in DISCORD_TOKEN)',
    ],
    ['DISCORD_CLIENT_ID', { ...bot, DISCORD_CLIENT_ID: 'abc' }, 'got a value of 3 characters (not shown)'],
    [
      'DISCORD_GUILD_ID',
      { ...bot, DISCORD_GUILD_ID: TOKEN },
      'got something shaped like a bot token (not shown; the token belongs in DISCORD_TOKEN)',
    ],
    [
      'DISCORD_REST_API',
      { ...bot, DISCORD_REST_API: `discord.com/api?key=${TOKEN}` },
      `got a value of ${TOKEN.length + 20} characters (not shown)`,
    ],
    [
      'DISCORD_TOKEN',
      { ...bot, DISCORD_TOKEN: `Bot ${TOKEN}` },
      `got a value of ${TOKEN.length + 4} characters`,
    ],
    [
      'ASK_COOLDOWN_SECONDS',
      { ...bot, ASK_COOLDOWN_SECONDS: TOKEN },
      `got a value of ${TOKEN.length} characters (not shown)`,
    ],
    ['ASK_COOLDOWN_SECONDS', { ...bot, ASK_COOLDOWN_SECONDS: '-1' }, 'got "-1"'],
    [
      'TRANSFORMERS_ALLOW_REMOTE',
      { ...bot, TRANSFORMERS_ALLOW_REMOTE: TOKEN },
      `got a value of ${TOKEN.length} characters (not shown)`,
    ],
  ])('%s, case %#', (key, env, got) => {
    const text = message(() => loadBotConfig(env));
    expect(text.startsWith(`crisis-desk: setting ${key}: expected `)).toBe(true);
    expect(text.endsWith(got)).toBe(true);
    expect(text).not.toContain(TOKEN.slice(0, 10));
  });

  it('LOG_LEVEL with a long value', () => {
    expect(message(() => loadEngineConfig({ LOG_LEVEL: TOKEN }))).toBe(
      `crisis-desk: setting LOG_LEVEL: expected one of debug, info, warn, error, got a value of ${TOKEN.length} characters (not shown)`,
    );
  });
});

describe('talking to Discord fails', () => {
  const refused = Object.assign(new TypeError('fetch failed'), {
    cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
  });

  it('finds the network error in the cause chain', () => {
    expect(unreachableCode(refused)).toBe('ECONNREFUSED');
    expect(unreachableCode(new AggregateError([Object.assign(new Error(), { code: 'ENOTFOUND' })]))).toBe(
      'ENOTFOUND',
    );
    expect(unreachableCode(new Error('other'))).toBeNull();
    // discord.js aborts a request that gets no answer within its timeout.
    const aborted = new DOMException('This operation was aborted', 'AbortError');
    expect(unreachableCode(aborted)).toBe('no answer in time');
    expect((explainDiscordError(aborted, 'http://127.0.0.1:9/api') as Error).message).toBe(
      "crisis-desk: setting DISCORD_REST_API: expected an address where Discord's REST API (or a proxy in front of it) answers, got no answer in time from 127.0.0.1:9",
    );
  });

  it('names the setting to fix, without credentials', () => {
    const withProxy = explainDiscordError(refused, 'http://user:pw@proxy.local:8080/api') as Error;
    expect(withProxy.message).toBe(
      "crisis-desk: setting DISCORD_REST_API: expected an address where Discord's REST API (or a proxy in front of it) answers, got ECONNREFUSED from proxy.local:8080",
    );
    expect((explainDiscordError(refused, null) as Error).message).toBe(
      "crisis-desk: could not reach Discord's REST API (ECONNREFUSED): check the network, or set DISCORD_REST_API to a proxy that can",
    );
    expect(
      (explainDiscordError(Object.assign(new Error('401: Unauthorized'), { status: 401 }), null) as Error)
        .message,
    ).toBe(
      'crisis-desk: setting DISCORD_TOKEN: expected a bot token that Discord accepts, got one it rejected (401 Unauthorized)',
    );
    const other = new Error('500');
    expect(explainDiscordError(other, null)).toBe(other);
  });
});

describe('--help', () => {
  const argv = process.argv;
  afterEach(() => {
    process.argv = argv;
    vi.restoreAllMocks();
  });

  it('every npm script of src/cli declares its command, and --help prints its help without running it', async () => {
    const { scripts } = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const scripted = [
      ...new Set(
        Object.values(scripts).flatMap((s) => [...s.matchAll(/src\/cli\/([\w-]+\.ts)/g)].map((m) => m[1]!)),
      ),
    ].sort();
    // A file that runs a main at its top level is an entry point: none may escape the scripts (and this check).
    const running: string[] = [];
    for (const name of await readdir(CLI_DIR))
      if (/^run(Command|Main)\(/m.test(await readFile(path.join(CLI_DIR, name), 'utf8'))) running.push(name);
    expect(running.sort()).toEqual(scripted);
    for (const name of scripted) {
      process.exitCode = undefined;
      const { printed, help } = await importForHelp(name);
      expect(printed, name).toEqual([[help]]);
      expect(help.split('\n')[0], name).toMatch(/^npm (start|run \S+)/);
      await new Promise((resolve) => setImmediate(resolve));
      expect(process.exitCode, name).toBeUndefined();
    }
  });

  it('runMain with a help prints it for --help or -h and does not run main; without one, main runs', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    for (const flag of ['--help', '-h']) {
      process.argv = [argv[0]!, 'x.ts', 'q', flag];
      const main = vi.fn(async () => {});
      runMain(main, { help: 'usage: x' });
      expect(main).not.toHaveBeenCalled();
      expect(log).toHaveBeenLastCalledWith('usage: x');
    }
    const main = vi.fn(async () => {});
    runMain(main);
    expect(main).toHaveBeenCalledOnce();
  });

  it('wantsHelp: --help or -h before a --', () => {
    expect(wantsHelp(['q', '--help'])).toBe(true);
    expect(wantsHelp(['-h'])).toBe(true);
    expect(wantsHelp(['--', '--help'])).toBe(false);
    expect(wantsHelp(['--helpful'])).toBe(false);
  });
});
