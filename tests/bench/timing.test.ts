import { describe, expect, it } from 'vitest';
import { StageClock, TimedEmbedder, withAskTiming } from '../../src/bench/timing.ts';
import { FakeEmbedder } from '../../src/embed/fake.ts';

/** A clock that advances by the given steps, one per reading. */
function steps(...values: number[]): () => number {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)]!;
}

describe('StageClock', () => {
  it('times each stage from its first event to the next stage', () => {
    const clock = new StageClock(steps(0, 5, 20, 70, 75, 90));
    clock.onProgress({ stage: 'chunking', done: 0, total: 2 }); // 5
    clock.onProgress({ stage: 'chunking', done: 1, total: 2 }); // no reading
    clock.onProgress({ stage: 'embedding', done: 0, total: 9 }); // 20
    clock.onProgress({ stage: 'indexing', done: 0, total: 2 }); // 70
    clock.onProgress({ stage: 'writing', done: 0, total: 1 }); // 75
    clock.onProgress({ stage: 'done', done: 1, total: 1 }); // 90
    expect(clock.durations()).toEqual({ prepare: 5, chunking: 15, embedding: 50, indexing: 5, writing: 15 });
  });

  it('reports only preparation when no event came', () => {
    expect(new StageClock(steps(10, 14)).durations()).toEqual({ prepare: 4 });
  });
});

describe('TimedEmbedder', () => {
  it('delegates and adds up embed and tokenizer time', async () => {
    const inner = new FakeEmbedder({ dimensions: 8 });
    const timed = new TimedEmbedder(inner, steps(0, 3, 10, 11));
    const [v] = await timed.embed(['russian troops']); // 0 → 3
    expect(v).toEqual((await inner.embed(['russian troops']))[0]);
    expect(timed.countTokens('three words here')).toBe(3); // 10 → 11
    expect(timed).toMatchObject({
      embedMs: 3,
      embedCalls: 1,
      textsEmbedded: 1,
      tokenizeMs: 1,
      id: inner.id,
      dimensions: 8,
    });
  });

  it('attributes embed time to the question it belongs to, also when questions overlap', async () => {
    let t = 0;
    const timed = new TimedEmbedder(new FakeEmbedder(), () => t++);
    const ask = (n: number) =>
      withAskTiming(async () => {
        for (let i = 0; i < n; i++) await timed.embed([`q${i}`]);
        return n;
      });
    const [a, b] = await Promise.all([ask(1), ask(3)]);
    await timed.embed(['outside any question']);
    expect(a.value).toBe(1);
    expect(b.value).toBe(3);
    expect(a.timing.embedMs).toBeGreaterThan(0);
    expect(b.timing.embedMs).toBeGreaterThan(a.timing.embedMs);
    expect(a.timing.embedMs + b.timing.embedMs).toBeLessThan(timed.embedMs);
    expect(a.timing.rankMs).toBe(0);
  });
});
