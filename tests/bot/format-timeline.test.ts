import { describe, expect, it } from 'vitest';
import { formatTimeline, timelinePageSize } from '../../src/bot/format/timeline.ts';
import { fitReply } from '../../src/bot/limits.ts';
import { TimelineStore } from '../../src/session/timeline-store.ts';
import type { Timeline } from '../../src/types.ts';
import { expectWithinDiscordLimits } from '../helpers/discord-limits.ts';
import { timelineEvent } from '../helpers/fake-engine.ts';

function timeline(overrides: Partial<Timeline> = {}): Timeline {
  return {
    topic: 'Kherson',
    confidence: 'answer',
    notes: ['Articles from November 2022, as the question asks.'],
    time: { after: '2022-11-01', before: '2022-11-30', recency: false, source: 'question' },
    events: Array.from({ length: 20 }, (_, i) => timelineEvent(`2022-11-${String(i + 1).padStart(2, '0')}`)),
    articlesConsidered: 297,
    ...overrides,
  };
}

const view = { stateId: 't0abcd', page: 0, filters: {}, indexedArticles: 4545 };

describe('formatTimeline', () => {
  it('shows the notes, one page of events and Previous/Next buttons that carry the page', () => {
    const draft = formatTimeline(timeline(), view);
    expect(draft.content).toBe(
      '**Timeline:** Kherson\n-# Articles from November 2022, as the question asks.',
    );
    expect(draft.embeds![0]!.description!.split('\n\n')).toHaveLength(timelinePageSize);
    expect(draft.embeds![0]!.footer!.text).toBe('20 events, 2022-11-01 to 2022-11-20 · page 1 of 3');
    expect(draft.components![0]!.components.map((b) => ('custom_id' in b ? b.custom_id : ''))).toEqual([
      'timeline:page:t0abcd:-1',
      'timeline:page:t0abcd:1',
    ]);
    const last = formatTimeline(timeline(), { ...view, page: 99 });
    expect(last.embeds![0]!.footer!.text).toContain('page 3 of 3');
    expect(last.embeds![0]!.description!.split('\n\n')).toHaveLength(4);
  });

  it('stays within every Discord limit with huge sentences, titles and many outlets', () => {
    const huge = 'word '.repeat(3000);
    const events = Array.from({ length: 30 }, (_, i) =>
      timelineEvent(`2022-10-${String(i + 1).padStart(2, '0')}`, {
        sentence: huge,
        corroboration: {
          outlets: 40,
          names: Array.from({ length: 40 }, (_, j) => `Outlet number ${j} ${huge.slice(0, 200)}`),
        },
      }),
    );
    const reply = fitReply(formatTimeline(timeline({ topic: huge, events, notes: [huge] }), view));
    expectWithinDiscordLimits(reply);
  });

  it('says "nothing found" with the filters when the corpus does not cover the topic', () => {
    const draft = formatTimeline(
      timeline({ confidence: 'none', events: [], notes: [], articlesConsidered: 12 }),
      { ...view, filters: { source: 'RT', after: '2022-03-01' } },
    );
    expect(draft.content).toBe(
      '**Timeline:** Kherson\nNothing found: nothing in the 4545 indexed articles is about this (12 articles matched the filters: outlet RT, from 2022-03-01).\nTry other words, or run `/sources` to see what the knowledge base covers.',
    );
    expect(draft.embeds).toBeUndefined();
  });
});

describe('TimelineStore', () => {
  it('returns a saved timeline until it expires', () => {
    let now = 1000;
    const store = new TimelineStore(() => now, 60_000);
    const id = store.save({ timeline: timeline(), filters: {}, private: false, userId: 'u' });
    expect(store.get(id)?.timeline.topic).toBe('Kherson');
    now += 60_000;
    expect(store.get(id)).toBeNull();
    expect(store.get('nope')).toBeNull();
  });
});
