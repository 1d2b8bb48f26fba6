/**
 * Answers as JSON (the documented shape, values exact) and as readable text for a terminal, where everything
 * that comes from an article has its control characters and escape sequences removed.
 */
import { citationLabel } from '../outlets/labels.ts';
import { stripControls, stripToLine } from '../terminal.ts';
import type { Answer, Citation, Corroboration, Passage } from '../types.ts';

/** The `--json` shape: exactly these fields, so scripts can rely on it. */
export function answerJson(answer: Answer): object {
  return {
    question: answer.question,
    answered: answer.answered,
    confidence: answer.confidence,
    notes: answer.notes,
    time: answer.time,
    reader: answer.reader ?? null,
    passages: answer.passages.map((p) => ({
      rank: p.rank,
      score: p.score,
      text: p.text,
      highlight: p.highlight,
      citation: citationJson(p.citation),
      alsoReportedBy: p.alsoReportedBy.map(citationJson),
      corroboration: { outlets: p.corroboration.outlets, names: p.corroboration.names },
      newer: p.newer === null ? null : citationJson(p.newer),
    })),
  };
}

export function citationJson(c: Citation): object {
  return { id: c.id, title: c.title, source: c.source, date: c.date, url: c.url, path: c.path };
}

/** One line naming an article, safe to print. */
export function citationLine(c: Citation): string {
  const parts = [citationLabel(c), c.url ?? c.path];
  return stripToLine(`“${c.title}” — ${parts.join(', ')}`);
}

/** "Reported by 4 outlets (AP, Reuters, BBC News, HuffPost)"; "Reported by 1 outlet (RT)". */
export function corroborationLine(c: Corroboration): string {
  return `Reported by ${c.outlets} outlet${c.outlets === 1 ? '' : 's'} (${c.names.join(', ')})`;
}

/** "Newer: 2022-03-15, The Guardian". */
export function newerLine(c: Citation): string {
  return `Newer: ${c.date ?? 'undated'}, ${c.source ?? c.title}`;
}

/** Numbered passages with the best sentence emphasized (bold on a terminal, **…** otherwise). */
export function answerText(answer: Answer, tty: boolean): string {
  // How the question was read comes first, also above "nothing found": it may be why nothing was.
  const notes = answer.notes.map((n) => `${stripToLine(n)}\n`).join('') + (answer.notes.length ? '\n' : '');
  if (answer.confidence === 'none' || answer.passages.length === 0) {
    return `${notes}Nothing in the ${answer.articlesConsidered} indexed articles is about this. Try other words, or see \`npm run sources\`.`;
  }
  const [on, off] = tty ? ['\x1b[1m', '\x1b[22m'] : ['**', '**'];
  const lead =
    answer.confidence === 'related' ? 'No passage answers this directly; closest reporting:\n\n' : '';
  return (
    notes +
    lead +
    answer.passages
      .map((p: Passage) => {
        const clean = (text: string): string => stripControls(text).replace(/\t/g, ' ');
        const body = `${clean(p.text.slice(0, p.highlightStart))}${on}${clean(p.highlight)}${off}${clean(p.text.slice(p.highlightEnd))}`;
        const also = p.alsoReportedBy.length
          ? `\n   also reported by: ${stripToLine(p.alsoReportedBy.map((c) => c.source ?? c.path).join(', '))}`
          : '';
        // Corroboration only where there is some: "Reported by 1 outlet" on nearly every passage tells nothing.
        const reported =
          p.corroboration.outlets > 1 ? `\n   ${stripToLine(corroborationLine(p.corroboration))}` : '';
        const story = `${reported}${p.newer ? `\n   ${stripToLine(newerLine(p.newer))}` : ''}`;
        return `${p.rank}. [score ${p.score.toFixed(3)}] ${citationLine(p.citation)}${also}${story}\n\n${indent(body)}\n`;
      })
      .join('\n')
  );
}

function indent(text: string): string {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => `   ${l}`)
    .join('\n');
}
