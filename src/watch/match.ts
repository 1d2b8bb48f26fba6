/**
 * Which new articles a watch should announce: the engine's decision, as /ask makes it. The watch's query is asked
 * twice: over the whole index, exactly as /ask asks it, and over the new articles alone (so a new story ranked
 * below older reporting is still found). Each new story found either way is then asked alone: it is announced
 * when the engine answers it there (confidence `answer`), or when it is the first passage of the whole-index
 * answer — what /ask would show first is never held back by a narrower second look. One hit per story: wire
 * copies of an announced article are carried by its post, not posted again. Every new article that is not
 * announced is returned with the reason, for the log.
 */
import type { Answer, Engine, Passage } from '../types.ts';
import { isInputError } from '../errors.ts';

/** Passages asked for per watch and update; more new stories than this in one poll are rare. */
const WATCH_DEPTH = 10;

export interface WatchQuery {
  query: string;
  source: string | null;
}

/** Why a new article was not announced. */
export interface WatchSkip {
  id: string;
  reason: string;
}

export interface WatchMatch {
  /** The passages to post, one per new story, best first. */
  hits: Passage[];
  /** Every other new article, with why. */
  skipped: WatchSkip[];
}

/** The article ids a passage stands for: its own and those of the copies folded into it. */
const storyOf = (p: Passage): string[] => [p.citation.id, ...p.alsoReportedBy.map((c) => c.id)];

export async function watchMatches(
  engine: Engine,
  watch: WatchQuery,
  newIds: readonly string[],
): Promise<WatchMatch> {
  if (newIds.length === 0) return { hits: [], skipped: [] };
  const fresh = new Set(newIds);
  const ask = async (ids: readonly string[] | undefined, k: number): Promise<Answer | null> => {
    try {
      return await engine.ask(watch.query, {
        k,
        ...(ids ? { ids } : {}),
        ...(watch.source ? { source: watch.source } : {}),
      });
    } catch (error) {
      // An outlet the index does not (yet) hold is no hit; anything else is the caller's to log.
      if (isInputError(error)) return null;
      throw error;
    }
  };
  const whole = await ask(undefined, WATCH_DEPTH);
  const within = await ask(newIds, WATCH_DEPTH);
  if (whole === null && within === null) {
    return {
      hits: [],
      skipped: newIds.map((id) => ({
        id,
        reason: `below the line: the index holds no outlet ${JSON.stringify(watch.source)}`,
      })),
    };
  }
  const wholeAnswers = whole?.confidence === 'answer';
  const first = wholeAnswers ? whole.passages[0] : undefined;
  const candidates = [
    ...(wholeAnswers ? whole.passages : []),
    ...(within && within.confidence !== 'none' ? within.passages : []),
  ];

  const hits: Passage[] = [];
  const decided = new Map<string, string | null>();
  for (const p of candidates) {
    const story = storyOf(p).filter((id) => fresh.has(id));
    if (story.length === 0 || story.some((id) => decided.has(id))) continue;
    const alone = await ask(story, 1);
    const top = p === first;
    if (alone?.confidence === 'answer' || top) {
      const hit = alone?.passages[0] ?? p;
      hits.push(hit);
      decided.set(hit.citation.id, null);
      for (const id of story)
        if (id !== hit.citation.id)
          decided.set(id, `already posted: a copy of ${hit.citation.id}, carried by its post`);
    } else {
      for (const id of story)
        decided.set(
          id,
          `below the line: the engine does not answer the query from it (${alone?.confidence ?? 'none'})`,
        );
    }
  }
  const skipped = newIds.flatMap((id) => {
    const reason = decided.has(id)
      ? decided.get(id)
      : 'below the line: not among the passages the engine finds for the query';
    return reason === null || reason === undefined ? [] : [{ id, reason }];
  });
  return { hits, skipped };
}

/** The passages to post, one per new story, best first; [] when nothing new answers the query. */
export async function watchHits(
  engine: Engine,
  watch: WatchQuery,
  newIds: readonly string[],
): Promise<Passage[]> {
  return (await watchMatches(engine, watch, newIds)).hits;
}
