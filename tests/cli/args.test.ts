import { describe, expect, it } from 'vitest';
import { takeListFlag, UsageError } from '../../src/cli/args.ts';

describe('takeListFlag', () => {
  it('takes every value up to the next flag out of argv, leaving the rest for parseArgs', () => {
    const argv = ['--qa', 'q.jsonl', '--corpus', 'a.jsonl', 'b/', '--k', '3'];
    expect(takeListFlag(argv, 'corpus')).toEqual(['a.jsonl', 'b/']);
    expect(argv).toEqual(['--qa', 'q.jsonl', '--k', '3']);
  });

  it('gives [] when the flag is absent and a usage error when it has no value', () => {
    expect(takeListFlag(['--qa', 'q'], 'corpus')).toEqual([]);
    expect(() => takeListFlag(['--corpus', '--k', '3'], 'corpus')).toThrow(
      new UsageError('--corpus expects one or more paths'),
    );
  });
});
