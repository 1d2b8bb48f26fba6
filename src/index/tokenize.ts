/** Words → index terms for the lexical index: lower-cased, accents folded, stop words out, light stemming. */
import { stemmer } from 'stemmer';

// A classic English stop list (SMART-style, trimmed): question words matter little for matching news text.
const STOP_WORDS = new Set(
  `a about above according across after afterwards again against all almost alone along already also although always
am among amongst an and another any anyhow anyone anything anyway anywhere are around as at be became because become
becomes been before beforehand behind being below beside besides between beyond both but by can cannot could did do
does doing done down during each either else elsewhere enough even ever every everyone everything everywhere except
few for former formerly from further get gets give given gives go had has have having he her here hereafter hereby
herein hers herself him himself his how however i if in indeed into is it its itself just least less made make many
may me meanwhile might mine more moreover most mostly much must my myself namely neither never nevertheless next no
nobody none noone nor not nothing now nowhere of off often on once one only onto or other others otherwise our ours
ourselves out over own per perhaps please put rather re really same say says said see seem seemed seeming seems several
she should show since so some somehow someone something sometime sometimes somewhere still such than that the their
theirs them themselves then thence there thereafter thereby therefore therein thereupon these they this those though
through throughout thru thus to together too toward towards under until up upon us very via was we well were what
whatever when whence whenever where whereafter whereas whereby wherein whereupon wherever whether which while whither
who whoever whole whom whose why will with within without would yet you your yours yourself yourselves s t
don didn doesn isn wasn weren won wouldn shouldn couldn ll ve d m tell told`.split(/\s+/),
);

/** Harman's S-stemmer: folds plurals only, which the lab found as good as or better than heavier stemming. */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && !word.endsWith('eies') && !word.endsWith('aies'))
    return `${word.slice(0, -3)}y`;
  if (word.endsWith('es') && !/(aes|ees|oes)$/.test(word)) return word.slice(0, -1);
  if (word.endsWith('s') && !/(us|ss)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Lower-cased words with accents folded and possessives dropped; no stop-word removal. */
export function words(text: string): string[] {
  let t = text.toLowerCase();
  // Most news text is ASCII; Unicode normalization is the costliest step, so only other text pays for it.
  // eslint-disable-next-line no-control-regex -- "anything outside ASCII" is exactly the test wanted here
  if (/[^\x00-\x7f]/.test(t)) t = t.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  return (
    t
      .replace(/[’‘`]/g, "'")
      .replace(/'s\b/g, '')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** Is a folded word (from `words`) indexed at all: not a stop word, and not a lone letter? */
export function isContentWord(w: string): boolean {
  return !STOP_WORDS.has(w) && (w.length >= 2 || /\d/.test(w));
}

/** The terms a text contributes to the lexical index, in order, with repeats. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    if (!isContentWord(w)) continue;
    out.push(stem(w));
  }
  return out;
}

/** A content word of a question: its index term (for idf) and its Porter stem (for coverage matching). */
export interface QueryTerm {
  term: string;
  stem: string;
}

/** Distinct content words of a question. */
export function queryTerms(text: string): QueryTerm[] {
  const seen = new Set<string>();
  const out: QueryTerm[] = [];
  for (const w of words(text)) {
    if (!isContentWord(w)) continue;
    const term = stem(w);
    if (seen.has(term)) continue;
    seen.add(term);
    out.push({ term, stem: coverageStem(w) });
  }
  return out;
}

/**
 * The stem a question word and a passage word are compared by. Coverage wants a heavier stemmer than ranking
 * does ("seize" must meet "seized"): Porter, with y folded to i, since Porter turns only a final y into i
 * ("Zelensky" → zelenski, "Zelenskyy" → zelenskyi).
 */
export function coverageStem(word: string): string {
  return stemmer(word).replace(/y/g, 'i');
}

/**
 * Does a passage stem match a question stem? Equal, or — for stems of 5+ letters — the same word with a
 * demonym or spelling ending that Porter leaves on: "Crimea"/"Crimean", "Ukraine"/"Ukrainian",
 * "Zelensky"/"Zelenskyy". Other longer words are different words ("light"/"lightning", "titan"/"titanium").
 */
export function stemMatches(passageStem: string, queryStem: string): boolean {
  if (passageStem === queryStem) return true;
  if (queryStem.length < 5 || !passageStem.startsWith(queryStem)) return false;
  const rest = passageStem.slice(queryStem.length);
  if (rest === 'i') return true; // y folded to i: Zelensky/Zelenskyy
  if (/[aeiou]$/.test(queryStem)) return rest === 'n'; // Crimea/Crimean, Russia/Russian
  return rest === 'ian' || rest === 'an'; // Ukrain/Ukrainian
}
