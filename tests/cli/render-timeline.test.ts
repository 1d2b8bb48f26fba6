import { describe, expect, it } from 'vitest';
import { answerText, corroborationLine, newerLine } from '../../src/cli/render.ts';
import { timelineJson, timelineText } from '../../src/cli/render-timeline.ts';
import { citation, passage, timelineEvent } from '../helpers/fake-engine.ts';

describe('terminal rendering of time and corroboration', () => {
  it('states the notes above the passages, and outlets and newer reporting under each', () => {
    const p = passage(1, {
      corroboration: { outlets: 4, names: ['AP', 'Reuters', 'BBC News', 'HuffPost'] },
      newer: citation({ source: 'The Guardian', date: '2022-03-15' }),
    });
    const text = answerText(
      {
        question: 'q',
        answered: true,
        confidence: 'answer',
        notes: ['Articles from March 2022, as the question asks.'],
        time: null,
        passages: [p],
        hasMore: false,
        articlesConsidered: 3,
      },
      false,
    );
    expect(text.split('\n').slice(0, 5)).toEqual([
      'Articles from March 2022, as the question asks.',
      '',
      '1. [score 1.000] “Russia recognises breakaway regions” — ABC News · US commercial broadcaster · 2022-02-21, https://example.com/news/a1',
      '   Reported by 4 outlets (AP, Reuters, BBC News, HuffPost)',
      '   Newer: 2022-03-15, The Guardian',
    ]);
    expect(corroborationLine({ outlets: 1, names: ['RT'] })).toBe('Reported by 1 outlet (RT)');
    expect(newerLine(citation({ source: null, date: null, title: 'T' }))).toBe('Newer: undated, T');
  });

  it('prints a timeline one event per line, and "nothing found" for an uncovered topic', () => {
    const t = {
      topic: 'x',
      confidence: 'answer' as const,
      notes: [],
      time: null,
      articlesConsidered: 9,
      events: [timelineEvent('2022-02-24', { corroboration: { outlets: 2, names: ['ABC News', 'AP'] } })],
    };
    expect(timelineText(t)).toBe(
      '2022-02-24  ABC News, AP — “What happened on 2022-02-24.” https://example.com/e/2022-02-24',
    );
    expect(timelineText({ ...t, confidence: 'none', events: [] })).toContain(
      'Nothing found: nothing in the 9 indexed articles is about this.',
    );
    expect(Object.keys(timelineJson(t))).toEqual([
      'topic',
      'confidence',
      'notes',
      'time',
      'articlesConsidered',
      'events',
    ]);
  });
});
