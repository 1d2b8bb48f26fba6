import { describe, expect, it } from 'vitest';
import { normalizeInPlace } from '../../src/embed/embedder.ts';
import { QuantizedVectors } from '../../src/search/quantized.ts';

/** Deterministic pseudo-random unit vectors (a linear congruential generator). */
function unitVectors(rows: number, dims: number, seed = 7): Float32Array {
  const out = new Float32Array(rows * dims);
  let x = seed;
  for (let i = 0; i < out.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x / 2 ** 32 - 0.5;
  }
  for (let r = 0; r < rows; r++) normalizeInPlace(out.subarray(r * dims, (r + 1) * dims));
  return out;
}

function exactDot(v: Float32Array, dims: number, q: Float32Array, row: number): number {
  let s = 0;
  for (let i = 0; i < dims; i++) s += q[i]! * v[row * dims + i]!;
  return s;
}

describe('QuantizedVectors', () => {
  it('reproduces dot products of unit vectors within 0.01', () => {
    const dims = 512;
    const stored = unitVectors(50, dims);
    const queries = unitVectors(10, dims, 99);
    const qv = new QuantizedVectors(stored, dims);
    expect(qv.rows).toBe(50);
    for (let j = 0; j < 10; j++) {
      const q = queries.subarray(j * dims, (j + 1) * dims);
      for (let r = 0; r < 50; r++)
        expect(Math.abs(qv.dot(q, r) - exactDot(stored, dims, q, r))).toBeLessThan(0.01);
    }
    const self = stored.subarray(0, dims);
    expect(qv.dot(self, 0)).toBeCloseTo(1, 2);
  });

  it('keeps a zero row at zero and rejects bad shapes with what was expected', () => {
    const qv = new QuantizedVectors(new Float32Array(8), 4);
    expect(qv.dot(new Float32Array([1, 0, 0, 0]), 1)).toBe(0);
    expect(() => new QuantizedVectors(new Float32Array(7), 4)).toThrow(
      'crisis-desk: expected rows of 4 floats, got 7 floats',
    );
    expect(() => qv.dot(new Float32Array(3), 0)).toThrow('crisis-desk: expected a 4-d vector, got 3-d');
    expect(() => qv.dot(new Float32Array(4), 2)).toThrow('crisis-desk: expected a row from 0 to 1, got 2');
  });
});
