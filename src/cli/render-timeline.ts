/** Timelines as JSON (the documented shape) and as lines for a terminal, article text made safe to print. */
import { stripToLine } from '../terminal.ts';
import type { Timeline } from '../types.ts';
import { citationJson } from './render.ts';

/** The `--json` shape of `npm run timeline`. */
export function timelineJson(t: Timeline): object {
  return {
    topic: t.topic,
    confidence: t.confidence,
    notes: t.notes,
    time: t.time,
    articlesConsidered: t.articlesConsidered,
    events: t.events.map((e) => ({
      date: e.date,
      sentence: e.sentence,
      citation: citationJson(e.citation),
      alsoReportedBy: e.alsoReportedBy.map(citationJson),
      corroboration: { outlets: e.corroboration.outlets, names: e.corroboration.names },
    })),
  };
}

/** One line per event: date, outlet(s), the key sentence in quotes, the link (or file). */
export function timelineText(t: Timeline): string {
  const notes = t.notes.map((n) => `${stripToLine(n)}\n`).join('');
  if (t.confidence === 'none' || t.events.length === 0) {
    return `${notes}Nothing found: nothing in the ${t.articlesConsidered} indexed articles is about this. Try other words, or see \`npm run sources\`.`;
  }
  const lead = t.confidence === 'related' ? 'No report matches this topic exactly; closest reporting:\n' : '';
  const lines = t.events.map((e) => {
    const outlets = e.corroboration.names.join(', ');
    return stripToLine(
      `${e.date ?? 'undated'}  ${outlets} — “${e.sentence}” ${e.citation.url ?? e.citation.path}`,
    );
  });
  return `${notes}${lead}${lines.join('\n')}`;
}
