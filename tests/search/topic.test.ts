import { describe, expect, it } from 'vitest';
import { onTopic } from '../../src/search/topic.ts';

/** b and c name all of the topic; c is newer, a (the best by score) only part of it. */
const ranked = [
  { id: 'a', score: 0.9, coverage: 0.5, date: '2022-03-30' },
  { id: 'b', score: 0.8, coverage: 1, date: '2022-02-01' },
  { id: 'c', score: 0.7, coverage: 1, date: '2022-03-31' },
];
const span = { first: '2022-02-01', last: '2022-03-31' };

describe('onTopic', () => {
  it('keeps the passages naming all of the topic, recent reporting lifted above older at similar relevance', () => {
    const topic = onTopic('  gas   prices ', ranked, span, (r) => r.date)!;
    // c: 0.7 + 0.3 × 1 beats b: 0.8 + 0.3 × 0.
    expect(topic.ranked.map((r) => r.id)).toEqual(['c', 'b']);
    expect(topic.note).toBe(
      'Read as a topic: the most relevant recent reporting on "gas prices". For its story in date order, ask for its timeline (/timeline topic:gas prices, or npm run timeline -- "gas prices").',
    );
  });

  it('keeps the ranked order over an undated corpus', () => {
    expect(onTopic('gas prices', ranked, null, (r) => r.date)!.ranked.map((r) => r.id)).toEqual(['b', 'c']);
  });

  it('is null when no passage names all of the topic', () => {
    expect(onTopic('gas prices', ranked.slice(0, 1), span, (r) => r.date)).toBeNull();
  });
});
