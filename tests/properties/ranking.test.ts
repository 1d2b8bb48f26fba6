/** Property tests for the ranking math: min-max scaling, fusion, shingles and containment. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containment, fuse, minMax, shingles } from '../../src/search/ranking.ts';

const score = fc.double({ min: -1e9, max: 1e9, noNaN: true });
const unit = fc.double({ min: 0, max: 1, noNaN: true });
/** Three non-negative weights that sum to 1. */
const weights = fc
  .tuple(fc.nat(1000), fc.nat(1000), fc.nat(1000))
  .filter(([a, b, c]) => a + b + c > 0)
  .map(([a, b, c]) => ({ lexical: a / (a + b + c), dense: b / (a + b + c), coverage: c / (a + b + c) }));

describe('minMax (properties)', () => {
  it('maps into [0, 1], keeps the order, and sends the lowest to 0 and the highest to 1', () => {
    fc.assert(
      fc.property(fc.array(score, { maxLength: 30 }), (values) => {
        const scaled = minMax(values);
        expect(scaled).toHaveLength(values.length);
        for (const s of scaled) expect(s >= 0 && s <= 1).toBe(true);
        for (let i = 0; i < values.length; i++) {
          for (let j = 0; j < values.length; j++) {
            if (values[i]! <= values[j]!) expect(scaled[i]!).toBeLessThanOrEqual(scaled[j]!);
          }
        }
        const lo = Math.min(...values);
        const hi = Math.max(...values);
        if (hi - lo >= 1e-12) {
          expect(scaled[values.indexOf(lo)]).toBe(0);
          expect(scaled[values.indexOf(hi)]).toBe(1);
        } else for (const s of scaled) expect(s).toBe(hi > 0 ? 1 : 0);
      }),
    );
  });

  it('does not care about shifting or positive scaling of the scores', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 20 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: -1000, max: 1000 }),
        (values, a, b) => {
          fc.pre(new Set(values).size > 1);
          const moved = minMax(values.map((v) => a * v + b));
          minMax(values).forEach((s, i) => expect(moved[i]).toBeCloseTo(s, 9));
        },
      ),
    );
  });
});

describe('fuse (properties)', () => {
  it('stays in [0, 1] and never falls when one signal rises', () => {
    fc.assert(
      fc.property(unit, unit, unit, unit, weights, (lexical, dense, cover, more, w) => {
        const f = fuse(lexical, dense, cover, w);
        expect(f).toBeGreaterThanOrEqual(0);
        expect(f).toBeLessThanOrEqual(1 + 1e-12);
        const up = Math.max(lexical, more);
        expect(fuse(up, dense, cover, w)).toBeGreaterThanOrEqual(f);
        expect(fuse(lexical, Math.max(dense, more), cover, w)).toBeGreaterThanOrEqual(f);
        expect(fuse(lexical, dense, Math.max(cover, more), w)).toBeGreaterThanOrEqual(f);
      }),
    );
  });
});

const words = fc.array(fc.constantFrom('kyiv', 'army', 'grain', 'port', 'talks', 'sanctions'), {
  maxLength: 25,
});

describe('shingles and containment (properties)', () => {
  it('a passage contains itself and every passage it is quoted in; containment is a share', () => {
    fc.assert(
      fc.property(words, words, words, (a, before, after) => {
        const own = shingles(a);
        expect(own.size).toBeLessThanOrEqual(Math.max(1, a.length - 2));
        const quoted = shingles([...before, ...a, ...after]);
        if (a.length > 0) {
          expect(containment(own, own)).toBe(1);
          // Every 3-gram of a lies inside the longer text (a passage of under three words is one shingle).
          if (a.length >= 3) expect(containment(own, quoted)).toBe(1);
        } else expect(containment(own, quoted)).toBe(0);
        const c = containment(shingles(before), own);
        expect(c >= 0 && c <= 1).toBe(true);
      }),
    );
  });
});
