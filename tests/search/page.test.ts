import { describe, expect, it } from 'vitest';
import { pageSpans } from '../../src/search/page.ts';

const show = (text: string, span: { start: number; end: number } | null): string | null =>
  span ? text.slice(span.start, span.end) : null;

describe('pageSpans', () => {
  it('shows the first passage whole and trims a sentence the page already showed off the next', () => {
    const a = 'Troops massed at the border. Talks were called off.';
    const b = 'Talks were called off. Blinken flew to Kyiv.';
    const spans = pageSpans([{ text: a }, { text: b }]);
    expect(show(a, spans[0]!)).toBe(a);
    expect(show(b, spans[1]!)).toBe('Blinken flew to Kyiv.');
  });

  it('trims at the end too, and ignores case, curly quotes and spacing when comparing', () => {
    const a = 'He said “no deal.” Prices rose.';
    const b = 'Markets fell. He said "No  deal."';
    const spans = pageSpans([{ text: a }, { text: b }]);
    expect(show(b, spans[1]!)).toBe('Markets fell.');
  });

  it('leaves out a passage every sentence of which was shown, or one with a repeat inside it', () => {
    const a = 'One. Two. Three.';
    const spans = pageSpans([
      { text: a },
      { text: 'Two. Three.' },
      { text: 'Four. Two. Five.' },
      { text: 'Six.' },
    ]);
    expect(spans[1]).toBeNull();
    expect(spans[2]).toBeNull();
    expect(show('Six.', spans[3]!)).toBe('Six.');
  });

  it('never shows one sentence twice on a page', () => {
    const [a, b, c, d, e] = [
      'Troops massed.',
      'Talks failed.',
      'Blinken flew.',
      'Prices rose.',
      'Kyiv held.',
    ];
    const texts = [`${a} ${b}`, `${b} ${c}`, `${c} ${d} ${a}`, e];
    const spans = pageSpans(texts.map((text) => ({ text })));
    const shown = spans.flatMap((s, i) => (s ? texts[i]!.slice(s.start, s.end).split(/(?<=\.)\s+/) : []));
    expect(new Set(shown).size).toBe(shown.length);
    expect(shown).toEqual([a, b, c, d, e]);
  });
});
