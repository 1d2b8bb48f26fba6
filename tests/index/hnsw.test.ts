import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeInPlace } from '../../src/embed/embedder.ts';
import { VectorIndex } from '../../src/index/hnsw.ts';
import { seededRandom } from '../helpers/random-text.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

const vec = (...xs: number[]): Float32Array => normalizeInPlace(Float32Array.from(xs));

function randomUnit(rng: () => number, dims: number): Float32Array {
  return normalizeInPlace(Float32Array.from({ length: dims }, () => rng() * 2 - 1));
}

describe('VectorIndex', () => {
  it('returns the nearest points by inner product, most similar first', () => {
    const index = VectorIndex.create(3, 4);
    index.add(10, vec(1, 0, 0));
    index.add(11, vec(0, 1, 0));
    index.add(12, vec(1, 1, 0));
    const hits = index.search(vec(1, 0.2, 0), 2);
    expect(hits.map((h) => h.label)).toEqual([10, 12]);
    expect(hits[0]!.similarity).toBeCloseTo(vec(1, 0.2, 0)[0]!, 5);
  });

  it('clamps k to the number of points, and an empty index finds nothing', () => {
    const index = VectorIndex.create(3, 2);
    expect(index.search(vec(1, 0, 0), 5)).toEqual([]);
    index.add(0, vec(1, 0, 0));
    index.add(1, vec(0, 1, 0));
    expect(index.search(vec(1, 0, 0), 50).map((h) => h.label)).toEqual([0, 1]);
    expect(index.search(vec(1, 0, 0), 0)).toEqual([]);
  });

  it('grows past its initial capacity', () => {
    const rng = seededRandom(3);
    const index = VectorIndex.create(8, 1);
    for (let i = 0; i < 100; i++) index.add(i, randomUnit(rng, 8));
    expect(index.count).toBe(100);
    expect(index.search(randomUnit(rng, 8), 100)).toHaveLength(100);
  });

  it('rejects vectors of the wrong dimension on add and on search', () => {
    const index = VectorIndex.create(3, 2);
    expect(() => index.add(0, vec(1, 0))).toThrow('crisis-desk: expected a 3-d vector, got 2-d');
    expect(() => index.search(vec(1, 0, 0, 0), 1)).toThrow('crisis-desk: expected a 3-d vector, got 4-d');
  });

  it('removed points are never returned, also when k exceeds what is left', () => {
    const index = VectorIndex.create(3, 4);
    index.add(0, vec(1, 0, 0));
    index.add(1, vec(0, 1, 0));
    index.add(2, vec(0, 0, 1));
    index.remove(0);
    expect(index.count).toBe(3); // deleted points still count
    expect(
      index
        .search(vec(1, 0, 0), 10)
        .map((h) => h.label)
        .sort(),
    ).toEqual([1, 2]);
  });

  it('applies a label filter', () => {
    const index = VectorIndex.create(3, 4);
    index.add(0, vec(1, 0, 0));
    index.add(1, vec(0.9, 0.1, 0));
    index.add(2, vec(0, 0, 1));
    expect(index.search(vec(1, 0, 0), 3, (label) => label !== 0).map((h) => h.label)).toEqual([1, 2]);
  });

  it('saves and loads the same graph, and refuses a file of other dimensions', async () => {
    const dir = await temp.make();
    const file = path.join(dir, 'hnsw.bin');
    const rng = seededRandom(11);
    const index = VectorIndex.create(16, 8);
    for (let i = 0; i < 40; i++) index.add(i, randomUnit(rng, 16));
    index.remove(5);
    await index.save(file);
    const loaded = await VectorIndex.load(file, 16);
    expect(loaded.count).toBe(40);
    for (let q = 0; q < 5; q++) {
      const query = randomUnit(rng, 16);
      expect(loaded.search(query, 10)).toEqual(index.search(query, 10));
    }
    await expect(VectorIndex.load(file, 32)).rejects.toThrow(
      `crisis-desk: ${file}: expected 32-d vectors, the file holds 16-d`,
    );
  });
});
