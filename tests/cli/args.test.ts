import { describe, expect, it } from 'vitest';
import { defineCommand, UsageError } from '../../src/cli/args.ts';
import { int, ints, numbers } from '../../src/cli/values.ts';

const command = defineCommand({
  usage: ['npm run try -- <thing> [--k N] [--corpus <paths…>] [--json]'],
  summary: 'Tries things.',
  options: {
    k: { type: 'string', value: 'N', parse: int(1, 10), default: 5, help: 'things to try' },
    qa: { type: 'string', value: '<file>', help: 'the questions', required: true, example: '--qa q.jsonl' },
    corpus: { type: 'list', value: '<paths…>', noun: 'paths', help: 'more things\nread beside the seeds' },
    'data-dir': { type: 'string', value: 'D', help: 'the index folder' },
    'with-a-long-name': { type: 'boolean', help: 'a flag wider than the column' },
    json: { type: 'boolean', help: 'print one JSON object' },
  },
  notes: 'A note.',
});

const parse = (...argv: string[]) => command.parse(['--qa', 'q', ...argv]);

describe('defineCommand: the parser', () => {
  it('reads flags, defaults and positionals; a list takes every value up to the next flag', () => {
    expect(parse('a', '--corpus', 'x.jsonl', 'y/', '--k', '3', 'b')).toEqual({
      values: {
        k: 3,
        qa: 'q',
        corpus: ['x.jsonl', 'y/'],
        'data-dir': undefined,
        'with-a-long-name': false,
        json: false,
      },
      positionals: ['a', 'b'],
    });
    expect(parse('b').values).toMatchObject({ k: 5, corpus: [], json: false });
    expect(parse('--k=7', '--json', '--data-dir', 'd').values).toMatchObject({
      k: 7,
      json: true,
      'data-dir': 'd',
    });
  });

  it('a list is repeatable; its inline form takes one value; after -- everything is positional', () => {
    expect(parse('--corpus', 'a', '--corpus=b', 'c', '--corpus', 'd', '--', '--e').values.corpus).toEqual([
      'a',
      'b',
      'd',
    ]);
    expect(parse('--corpus=b', 'c', '--', '--e').positionals).toEqual(['c', '--e']);
  });

  it('an argument with one dash is a positional (no command has short options)', () => {
    expect(parse('-5', '-k3', '-', '-abc').positionals).toEqual(['-5', '-k3', '-', '-abc']);
    expect(parse('-k', '3').positionals).toEqual(['-k', '3']);
  });

  it.each([
    [
      ['--frobnicate'],
      'unknown option --frobnicate; expected one of --k, --qa, --corpus, --data-dir, --with-a-long-name, --json (or --help)',
    ],
    [
      ['--constructor'],
      'unknown option --constructor; expected one of --k, --qa, --corpus, --data-dir, --with-a-long-name, --json (or --help)',
    ],
    [['--k'], '--k expects a value'],
    [['--k', '--json'], '--k expects a value'],
    [['--k', '0'], '--k: expected an integer from 1 to 10, got "0"'],
    [['--k='], '--k: expected an integer from 1 to 10, got ""'],
    [['--json=yes'], '--json: expected no value, got "yes"'],
    [['--corpus'], '--corpus expects one or more paths'],
    [['--corpus', '--k', '3'], '--corpus expects one or more paths'],
  ])('%j is a usage error naming the flag, what was expected and what came', (argv, message) => {
    expect(() => parse(...argv)).toThrow(new UsageError(message));
  });

  it('a missing required flag says what it expects, with the example', () => {
    expect(() => command.parse([])).toThrow(new UsageError('expected --qa <file>, e.g. --qa q.jsonl'));
  });

  it('a command without options names none', () => {
    const bare = defineCommand({ usage: ['npm start'], summary: '', options: {} });
    expect(() => bare.parse(['--frob'])).toThrow(
      new UsageError('unknown option --frob; expected no options (or --help)'),
    );
    expect(bare.parse(['x'])).toEqual({ values: {}, positionals: ['x'] });
  });

  it('--k=--x is a value that starts with dashes, written inline', () => {
    const text = defineCommand({
      usage: [],
      summary: '',
      options: { s: { type: 'string', value: 'S', help: '' } },
    });
    expect(text.parse(['--s=--x']).values.s).toBe('--x');
  });
});

describe('defineCommand: the help', () => {
  it('is the usage, the summary, one line per option (defaults said once) and the notes', () => {
    expect(command.help).toBe(
      [
        'npm run try -- <thing> [--k N] [--corpus <paths…>] [--json]',
        '',
        'Tries things.',
        '  --k N            things to try (default 5)',
        '  --qa <file>      the questions',
        '  --corpus <paths…>',
        '                   more things',
        '                   read beside the seeds',
        '  --data-dir D     the index folder',
        '  --with-a-long-name',
        '                   a flag wider than the column',
        '  --json           print one JSON object',
        'A note.',
      ].join('\n'),
    );
  });
});

describe('value readers', () => {
  it('ints and numbers read comma lists and name the flag when one part does not fit', () => {
    expect(ints(0)('0, 5,10', '--depths')).toEqual([0, 5, 10]);
    expect(() => ints(1)('0,5', '--depths')).toThrow(
      new UsageError('--depths: expected integers ≥ 1 separated by commas, got "0,5"'),
    );
    expect(() => ints(1, 64)('8,,2', '--shards')).toThrow(
      new UsageError('--shards: expected integers from 1 to 64 separated by commas, got "8,,2"'),
    );
    expect(numbers(0)('0,0.5,1', '--w')).toEqual([0, 0.5, 1]);
    expect(() => numbers(0)('-1', '--w')).toThrow(
      new UsageError('--w: expected numbers ≥ 0 separated by commas, got "-1"'),
    );
  });
});
