import { describe, expect, it } from 'vitest';
import { scoreHighlight, summarizeHighlights } from '../../src/eval/highlight.ts';
import { phraseFinder } from '../../src/eval/qa.ts';
import type { Answer } from '../../src/types.ts';
import { citation, passage } from '../helpers/fake-engine.ts';

describe('phraseFinder', () => {
  it('finds any phrase however the text typesets quotes, dashes, case and spaces', () => {
    const holds = phraseFinder(['Denver Broncos', '“no deal”']);
    expect(holds('The  DENVER broncos won.')).toBe(true);
    expect(holds('He said "No deal".')).toBe(true);
    expect(holds('Carolina won.')).toBe(false);
    expect(phraseFinder([])('anything')).toBe(false);
  });
});

describe('scoreHighlight', () => {
  const answer = (passages: Answer['passages']): Answer => ({
    question: 'q',
    answered: true,
    confidence: 'answer',
    notes: [],
    time: null,
    passages,
    hasMore: false,
    articlesConsidered: 1,
  });
  const own = citation({ id: '0-1' });

  it('judges the first shown passage of the own paragraph that holds the answer', () => {
    const hit = passage(1, { before: 'Intro. ', highlight: 'Denver won 24–10.', after: '', citation: own });
    const miss = passage(1, {
      before: 'Denver won 24–10. ',
      highlight: 'Fans cheered.',
      after: '',
      citation: own,
    });
    expect(scoreHighlight(answer([hit]), '0-1', ['Denver'])).toEqual({
      goldShown: true,
      highlightHolds: true,
    });
    expect(scoreHighlight(answer([miss]), '0-1', ['Denver'])).toEqual({
      goldShown: true,
      highlightHolds: false,
    });
    expect(scoreHighlight(answer([hit]), '9-9', ['Denver'])).toEqual({
      goldShown: false,
      highlightHolds: false,
    });
    expect(
      summarizeHighlights([
        { goldShown: true, highlightHolds: true },
        { goldShown: true, highlightHolds: false },
        { goldShown: false, highlightHolds: false },
      ]),
    ).toEqual({
      questions: 3,
      goldShown: 2,
      highlightHolds: 1,
      share: 0.5,
    });
  });
});
