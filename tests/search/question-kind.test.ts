import { describe, expect, it } from 'vitest';
import { questionKind } from '../../src/search/question-kind.ts';

describe('questionKind', () => {
  it('reads a bare name or short topic as a topic', () => {
    for (const q of ['Kuleba', 'Zelensky', 'Mariupol', 'sanctions on Russia', 'Nord Stream 2'])
      expect(questionKind(q, null), q).toBe('topic');
  });

  it('reads anything that asks as a fact question', () => {
    for (const q of [
      'Who is Kuleba?',
      'Kuleba?',
      'When did Russia seize Crimea',
      'what did Biden say',
      'Explain the sanctions',
      'How many refugees left Ukraine in March and April?',
    ]) {
      expect(questionKind(q, null), q).toBe('fact');
    }
  });

  it('reads "what happened" with only a date as a digest of that date', () => {
    expect(questionKind('What happened on 24 February?', 'What happened?')).toBe('digest');
    expect(questionKind('What was the news in March 2022?', 'What was the news?')).toBe('digest');
    expect(questionKind('Main headlines on 2022-03-01', 'Main headlines')).toBe('digest');
  });

  it('is never a digest without a date or with a topic beside it', () => {
    expect(questionKind('What happened?', null)).toBe('fact');
    expect(questionKind('What happened in Bucha in April?', 'What happened in Bucha?')).toBe('fact');
    expect(questionKind('When was the news conference on 2 March?', 'When was the news conference?')).toBe(
      'fact',
    );
  });
});
