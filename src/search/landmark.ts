/**
 * Whether a mention of a topic's name reports on it or only uses it as a landmark: to place something else ("a
 * town about 55 miles from the city of Kharkiv", "the Donbas region, which includes the besieged city of
 * Mariupol") or to measure something else by it ("10 times larger than Chernobyl"). Pure; the patterns read the
 * few words before the name in one sentence. Which patterns are on was chosen on the timeline topics labelled by
 * reading (eval/timeline-topics.jsonl, docs/time.md).
 */

/** Which kinds of landmark mention are recognised. */
export interface LandmarkRule {
  /** A distance or a compass direction "of" or "from" the name ("45 miles west of", "just north of"). Default on. */
  locative: boolean;
  /** A region that "includes" the name ("the Donbas region, which includes … Mariupol"). Default on. */
  region: boolean;
  /** A comparison: "than" a few words before the name, not "more than 300" ("larger than Chornobyl"). Default on. */
  comparison: boolean;
  /** "near" or "outside" the name: off by default, as it also opens reports of fighting around a city. */
  near: boolean;
}

/** Measured on the labelled timeline topics (docs/time.md). */
export const defaultLandmarkRule: Readonly<LandmarkRule> = Object.freeze({
  locative: true,
  region: true,
  comparison: true,
  near: false,
});

/** No mention is a landmark: every article naming the topic counts. */
export const noLandmarkRule: Readonly<LandmarkRule> = Object.freeze({
  locative: false,
  region: false,
  comparison: false,
  near: false,
});

/** Up to this many words (articles, "city of", "Ukraine's main port city of") may stand between a pattern and the name. */
const GAP = 6;

const DIRECTION = '(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?';
const UNIT = '(?:miles?|km|kilometres?|kilometers?)';
/** A run of at most GAP words without punctuation that ends a phrase. */
const gap = (n = GAP) => `(?:[\\p{L}\\p{N}'’-]+\\s+){0,${n}}?`;

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The patterns of `rule`, each as the text that must come right before the name. */
function prefixes(rule: LandmarkRule): string[] {
  const out: string[] = [];
  // A unit may follow its number without a space ("30km from").
  if (rule.locative)
    out.push(
      `(?:\\b|(?<=\\d))(?:${UNIT}\\s+(?:${DIRECTION}\\s+)?(?:of|from)|${DIRECTION}\\s+of)\\s+${gap()}`,
    );
  if (rule.region)
    out.push(`\\b(?:region|oblast|province|area),?\\s+(?:which|that)\\s+includes?\\s+${gap()}`);
  if (rule.comparison) out.push(`(?<!\\b(?:more|less|fewer|rather|other)\\s)\\bthan\\s+(?!\\d)${gap()}`);
  if (rule.near) out.push(`\\b(?:near|nearby|outside)\\s+${gap(3)}`);
  return out;
}

/**
 * Does every occurrence of `name` (a word as `words()` folds it) in `sentence` stand in a landmark pattern? False
 * when the sentence does not hold the name at all (it is then no mention).
 */
export function isLandmarkMention(
  sentence: string,
  name: string,
  rule: LandmarkRule = defaultLandmarkRule,
): boolean {
  const text = sentence.toLowerCase().replace(/\s+/g, ' ');
  const at = new RegExp(`(?<![\\p{L}\\p{N}])${escape(name)}(?![\\p{L}\\p{N}])`, 'gu');
  const starts = [...text.matchAll(at)].map((m) => m.index);
  if (starts.length === 0) return false;
  const patterns = prefixes(rule).map((p) => new RegExp(`${p}$`, 'u'));
  if (patterns.length === 0) return false;
  return starts.every((start) => {
    const before = text.slice(Math.max(0, start - 160), start);
    return patterns.some((p) => p.test(before));
  });
}
