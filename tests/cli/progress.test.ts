import { describe, expect, it } from 'vitest';
import { progressPrinter } from '../../src/cli/progress.ts';

/** A stream that collects what is written; `isTTY` as given. */
function stream(isTTY: boolean): { out: string[]; stream: NodeJS.WriteStream } {
  const out: string[] = [];
  return { out, stream: { isTTY, write: (s: string) => void out.push(s) } as unknown as NodeJS.WriteStream };
}

describe('progressPrinter', () => {
  it('prints no "reading: 0/0" when a run reads no files (feeds only), and still reports the stages that have work', () => {
    const s = stream(false);
    const print = progressPrinter(s.stream);
    print({ stage: 'reading', done: 0, total: 0 });
    print({ stage: 'chunking', done: 0, total: 2 });
    print({ stage: 'chunking', done: 2, total: 2 });
    print({ stage: 'done', done: 1, total: 1 });
    expect(s.out).toEqual(['chunking: 0/2\n', 'chunking: 2/2\n']);
  });

  it('draws no empty bar on a terminal either', () => {
    const s = stream(true);
    progressPrinter(s.stream)({ stage: 'reading', done: 0, total: 0 });
    expect(s.out).toEqual([]);
  });
});
