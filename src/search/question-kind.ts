/**
 * What kind of request a question is, read from its words alone (pure): a fact question (the default), a bare
 * name or topic ("Kuleba", "sanctions on Russia"), or a request for the news of a date with no topic ("What
 * happened on 24 February?", once its time words are gone). Each is answered differently (src/search/engine.ts).
 */

export type QuestionKind = 'fact' | 'topic' | 'digest';

/** Words that open or carry a question: with one of them, the text asks something. */
const ASKING = new Set(
  'who whom whose what which when where why how did does do is are was were will would can could should has have had shall may might tell explain describe list'.split(
    ' ',
  ),
);

/** What is left of "What happened on <date>?" and its variants once the date is gone. */
const DIGEST_WORDS = new Set(
  'what whats happened happen happening news was were is the a an on in at of during over about any main top stories story events event headlines going there reported report did'.split(
    ' ',
  ),
);

/** A topic has at most this many words (names of several words, "sanctions on Russia"). */
const MAX_TOPIC_WORDS = 4;

function wordsOf(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/[’']/g, '')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/**
 * `withoutTime`: the question with its time words removed, or null when it has none (then it is never a digest).
 * A digest needs a date and nothing else; a topic has no question mark and no asking word.
 */
export function questionKind(question: string, withoutTime: string | null): QuestionKind {
  if (withoutTime !== null && withoutTime !== question) {
    const rest = wordsOf(withoutTime);
    if (
      rest.length > 0 &&
      rest.every((w) => DIGEST_WORDS.has(w)) &&
      (rest.includes('happened') ||
        rest.includes('happen') ||
        rest.includes('happening') ||
        rest.includes('news') ||
        rest.includes('headlines'))
    ) {
      return 'digest';
    }
  }
  const words = wordsOf(question);
  if (words.length === 0 || words.length > MAX_TOPIC_WORDS || /\?/.test(question)) return 'fact';
  if (words.some((w) => ASKING.has(w))) return 'fact';
  return 'topic';
}
