/**
 * Which new articles a watch should announce: the same decision as /ask — the engine's `answer` confidence —
 * over the new articles only. One ask over all of them finds the candidates (wire copies folded into one passage
 * by the engine); each candidate story is then asked alone, so a weak passage ranked under a strong one is not
 * announced on the strong one's decision. One hit per story: an article already announced, or carried as wire
 * copy of one, is not announced again.
 */
import type { Answer, Engine, Passage } from '../types.ts';

/** Passages asked for per watch and update; more new stories than this in one poll are rare. */
export const WATCH_DEPTH = 10;

export interface WatchQuery {
  query: string;
  source: string | null;
}

/** The passages to post, one per new story, best first; [] when nothing new answers the query. */
export async function watchHits(engine: Engine, watch: WatchQuery, newIds: readonly string[]): Promise<Passage[]> {
  if (newIds.length === 0) return [];
  const ask = async (ids: readonly string[], k: number): Promise<Answer | null> => {
    try {
      return await engine.ask(watch.query, { k, ids, ...(watch.source ? { source: watch.source } : {}) });
    } catch (error) {
      // An outlet the index does not (yet) hold is no hit; anything else is the caller's to log.
      if ((error as Error).name === 'AskInputError') return null;
      throw error;
    }
  };
  const all = await ask(newIds, WATCH_DEPTH);
  if (all?.confidence !== 'answer') return [];
  const announced = new Set<string>();
  const hits: Passage[] = [];
  for (const p of all.passages) {
    if (announced.has(p.citation.id)) continue;
    const story = [p.citation.id, ...p.alsoReportedBy.map((c) => c.id)];
    story.forEach((id) => announced.add(id));
    const alone = await ask(story, 1);
    if (alone?.confidence === 'answer' && alone.passages[0]) hits.push(alone.passages[0]);
  }
  return hits;
}
