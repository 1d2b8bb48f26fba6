import { describe, expect, it } from 'vitest';
import { paddingShare } from '../../src/bench/embed-threads.ts';
import { sessionOptions } from '../../src/embed/transformers.ts';

describe('paddingShare', () => {
  it('counts the positions each batch pads up to its longest text', () => {
    // Batches [10, 2] and [5]: 20 + 5 positions, 17 real.
    expect(paddingShare([10, 2, 5], 2)).toBeCloseTo(8 / 25, 12);
    expect(paddingShare([3, 3, 3, 3], 2)).toBe(0);
    expect(paddingShare([], 8)).toBe(0);
  });

  it('is smaller for token order than for an order that mixes lengths', () => {
    const counts = [5, 50, 6, 51, 7, 52];
    expect(
      paddingShare(
        [...counts].sort((a, b) => a - b),
        2,
      ),
    ).toBeLessThan(paddingShare(counts, 2));
  });
});

describe('sessionOptions', () => {
  it('turns spin-waiting off unless asked and keeps one inter-op thread by default', () => {
    expect(sessionOptions({})).toEqual({
      interOpNumThreads: 1,
      extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
    });
    expect(sessionOptions({ threads: 2, interOpThreads: 2, spinning: true })).toEqual({
      intraOpNumThreads: 2,
      interOpNumThreads: 2,
      extra: { session: { intra_op: { allow_spinning: '1' }, inter_op: { allow_spinning: '1' } } },
    });
  });

  it('says what it expected of a thread count', () => {
    expect(() => sessionOptions({ threads: 0 })).toThrow(
      'crisis-desk: transformers threads: expected an integer ≥ 1, got 0',
    );
    expect(() => sessionOptions({ interOpThreads: 1.5 })).toThrow(
      'crisis-desk: transformers interOpThreads: expected an integer ≥ 1, got 1.5',
    );
  });
});
