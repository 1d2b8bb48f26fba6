/**
 * Web furniture that scrapers leave at the end of articles. Only trailing lines are cut: the same words in
 * the middle of a story are news, at the end they are page chrome.
 */
const TRAILING_LINE = [
  /^related (posts|articles|stories|content)\b/i,
  /^leave a (reply|comment)\b/i,
  /^your email address will not be published/i,
  /^required fields are marked/i,
  /^(copyright\s*)?©/i,
  /^copyright \d{4}\b/i,
  /^all rights reserved\b/i,
  /^(share|follow us) (this|on)\b/i,
  /^(source|picture|photo|image)s?:\s/i,
  /^(read more|more on this story|related topics)\b/i,
  /^the bbc is not responsible for the content of external sites/i,
  /^(sign up|subscribe) (to|for) /i,
];

/** A short signature or byline line right before the furniture, e.g. "Christi C. Elwood" or "Ru-Main, 23.02.2022". */
const SIGNATURE = /^[\p{Lu}][\p{L}.'’-]*(?:[ ,-]+[\p{L}\d.'’-]+){0,4}$/u;
/** A line that ends like a sentence is news ("He declined to comment."), never a signature. */
const SENTENCE_END = /[.!?]["”’)]*$/;

/** Sentences that close many scraped articles and say nothing about the story. */
const TRAILING_SENTENCE = [
  /\s*The BBC is not responsible for the content of external sites\.?\s*(Read about our approach to external linking\.?)?\s*$/i,
  /\s*Follow (AP|the AP)['’]s coverage of the war (in Ukraine )?at https?:\/\/\S+\s*$/i,
];

/** Removes trailing boilerplate lines (and signature lines among them) and closing boilerplate sentences. */
export function stripTrailingBoilerplate(text: string): string {
  const lines = text.replace(/\s+$/, '').split('\n');
  let cut = lines.length;
  // A signature line is cut only when furniture sits beside it, so a short last paragraph of news is kept.
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    if (TRAILING_LINE.some((re) => re.test(line))) {
      cut = i;
      continue;
    }
    if (line.length <= 60 && SIGNATURE.test(line) && !SENTENCE_END.test(line) && lines.length - i <= 40) {
      if (cut < lines.length) cut = i; // furniture below it: part of the footer
      continue; // else it is cut only if furniture turns up above it
    }
    break;
  }
  let body = lines.slice(0, cut).join('\n').replace(/\s+$/, '');
  for (const re of TRAILING_SENTENCE) body = body.replace(re, '');
  return body;
}
