import { describe, expect, it } from 'vitest';
import {
  parseTopicsFile,
  ratio,
  scoreTimeline,
  totalScore,
  type LabelledArticle,
} from '../../src/eval/timeline.ts';
import type { TimelineEvent } from '../../src/types.ts';
import { citation } from '../helpers/fake-engine.ts';

function event(id: string, also: string[] = []): TimelineEvent {
  return {
    date: '2022-03-01',
    sentence: 'A sentence.',
    citation: citation({ id }),
    alsoReportedBy: also.map((a) => citation({ id: a })),
    corroboration: { outlets: 1, names: ['ABC News'] },
  };
}

const labels: LabelledArticle[] = [
  { article: 'a', date: '2022-03-01', label: 'reports', event: 'siege' },
  { article: 'b', date: '2022-03-01', label: 'reports', event: 'siege' },
  { article: 'c', date: '2022-03-02', label: 'reports', event: 'convoy' },
  { article: 'd', date: '2022-03-03', label: 'reports', event: 'theatre' },
  { article: 'l', date: '2022-03-04', label: 'landmark' },
  { article: 'u', date: '2022-03-04', label: 'unnamed', event: 'theatre' },
];

describe('scoreTimeline', () => {
  it('counts an event found when any of its articles is cited, a merged report included, and precision over what is shown', () => {
    const s = scoreTimeline({ events: [event('b'), event('c', ['l', 'x']), event('l')] }, labels);
    expect(s).toMatchObject({
      events: 3,
      eventsFound: 2,
      reports: 4,
      reportsFound: 2,
      shown: 3,
      shownReports: 2,
      cited: 4,
      citedReports: 2,
    });
    expect(s.landmarks).toEqual(['l']);
    expect(s.unlabelled).toEqual(['x']);
    expect(s.missed).toEqual(['theatre']);
  });

  it('does not count an unnamed report towards recall, and sums topics', () => {
    const s = scoreTimeline({ events: [event('u')] }, labels);
    expect(s).toMatchObject({ eventsFound: 0, shownReports: 0, unnamed: ['u'] });
    const t = totalScore([s, scoreTimeline({ events: [event('a'), event('d')] }, labels)]);
    expect(t).toMatchObject({ events: 6, eventsFound: 2, shown: 3, shownReports: 2 });
    expect([ratio(t.eventsFound, t.events), ratio(1, 0)]).toEqual(['0.33', '–']);
  });
});

describe('parseTopicsFile', () => {
  it('reads keyword-only and labelled topics, and names the line of a bad one', () => {
    const ok =
      '{"topic":"Mars","keyword":null,"covered":false}\n\n{"topic":"Mariupol","keyword":"mariupol","covered":true,"articles":[{"article":"a","date":null,"label":"reports","event":"e"}]}\n';
    expect(parseTopicsFile(ok, 't.jsonl').map((t) => t.articles?.length ?? 0)).toEqual([0, 1]);
    expect(() =>
      parseTopicsFile(
        '{"topic":"x","keyword":"x","covered":true,"articles":[{"article":"a","label":"reports"}]}',
        't.jsonl',
      ),
    ).toThrow(/^crisis-desk: t\.jsonl:1: expected \{topic, keyword, covered, articles\?/);
    expect(() => parseTopicsFile('{', 't.jsonl')).toThrow(/t\.jsonl:1: malformed JSON/);
  });
});
